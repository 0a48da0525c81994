"""Write SYNTHETIC Annex A extracts and a SYNTHETIC workforce census file in data/local/ (seeded: every run writes
the same children and workers).

Made-up children of a made-up council, imported by the demo under Dudley's code and labelled SYNTHETIC like the
other synthetic demo files: not Dudley's figures. Two extracts, as at 30 September and 31 December 2023, each
covering the six months before its date, so they overlap: the later one fills in plan end dates and
authorisations the earlier one had open. Every list is there (lists 2, 10 and 11 are read and counted only);
the first extract has Ofsted's template headers, the second real-world variants (other sheet names, a title row,
lower case, non-breaking spaces, 'DOB', 'Team', text dates with a time, coded values without their letter).

Run: `.venv/bin/python scripts/make_demo_extracts.py` (needs openpyxl, from requirements-dev.txt); the
benchmark (benchmarks/annex_import.py) calls `extract` for a large council.
"""

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from openpyxl import Workbook

OUT = Path(__file__).resolve().parents[1] / "data" / "local"
SEED = 20231231
EXTRACTS = {"synthetic_annex_a_2023_09.xlsx": date(2023, 9, 30), "synthetic_annex_a_2023_12.xlsx": date(2023, 12, 31)}
CENSUS = ("synthetic_census_2023_09.csv", date(2023, 9, 30))
TEAMS = ["MASH", "Family Solutions", "Support and Safeguarding", "Children in Care", "Leaving Care"]
CATEGORIES = ["a) Neglect", "b) Physical abuse", "c) Sexual abuse", "d) Emotional abuse", "e) Multiple"]


@dataclass(frozen=True)
class Council:
    """Events a year (the benchmark's large council: 40,000 contacts, 12,000 referrals and assessments, 1,500 CP
    plans, 2,000 children looked after)."""

    contacts: int = 1_600
    referrals: int = 500
    cp_plans: int = 60
    looked_after: int = 80
    care_leavers: int = 60


def events(rng, council: Council, first: date, last: date) -> dict[int, list[dict]]:
    """Every child's events from `first` to `last`, list by list, with their true dates (extract trims them)."""
    days = (last - first).days
    years = days / 365

    def day(n):
        return [first + timedelta(days=int(d)) for d in rng.integers(0, days, n)]

    def worker():
        return f"Worker {rng.integers(1, 40)}" if rng.random() > 0.05 else ""

    lists: dict[int, list[dict]] = {n: [] for n in range(1, 12)}
    for n, start in enumerate(day(int(council.contacts * years))):
        lists[1].append({"id": f"C{n % (council.contacts // 2)}", "start": start, "team": "MASH"})
    for n, start in enumerate(day(int(council.referrals * years))):
        child, team = f"C{rng.integers(0, council.contacts // 2)}", TEAMS[1 + n % 2]
        nfa = rng.random() < 0.1
        lists[3].append({"id": child, "start": start, "nfa": nfa, "count": int(rng.integers(1, 3)), "team": team,
                         "worker": worker()})
        if not nfa:
            lists[4].append({"id": child, "start": start, "end": start + timedelta(int(rng.gamma(6, 8))),
                             "team": team, "worker": worker()})
            lists[6].append({"id": child, "start": start, "end": start + timedelta(int(rng.gamma(3, 90))),
                             "team": team, "worker": worker()})
        if rng.random() < council.cp_plans * 2.5 / council.referrals:
            strategy = start + timedelta(int(rng.integers(1, 10)))
            lists[5].append({"id": child, "start": strategy, "icpc": strategy + timedelta(int(rng.gamma(4, 4))),
                             "team": team, "worker": worker()})
    for n, start in enumerate(day(int(council.cp_plans * years))):
        lists[7].append({"id": f"P{n}", "start": start, "end": start + timedelta(int(rng.gamma(2.5, 110))),
                         "category": CATEGORIES[int(rng.choice(5, p=[0.48, 0.08, 0.04, 0.36, 0.04]))],
                         "visit_gap": int(rng.integers(1, 20)), "previous": int(rng.random() < 0.2),
                         "team": TEAMS[2], "worker": worker()})
    for n, start in enumerate(day(int(council.looked_after * years))):
        lists[8].append({"id": f"L{n}", "start": start, "end": start + timedelta(int(rng.gamma(2, 300))),
                         "placements": int(rng.choice(5, p=[0.1, 0.55, 0.2, 0.1, 0.05])), "team": TEAMS[3],
                         "worker": worker()})
    for n in range(council.care_leavers):
        lists[9].append({"id": f"K{n}", "in_touch": "a) In touch" if rng.random() < 0.9 else "b) Not in touch",
                         "suitable": "a) Suitable" if rng.random() < 0.85 else "b) Not suitable",
                         "activity": rng.choice(["F1: Full time in higher education", "F3: Full time in training "
                                                 "or employment", "G5: NEET - other", "P3: Part time in training "
                                                 "or employment"]),
                         "team": TEAMS[4], "worker": worker()})
    for n in range(council.care_leavers // 4):
        lists[2].append({"id": f"E{n}", "start": last - timedelta(n)})
        lists[10].append({"id": f"A{n}", "start": last - timedelta(2 * n)})
        lists[11].append({"id": f"AD{n}", "start": last - timedelta(3 * n)})
    # one row per child and start date in a list (the key later extracts replace rows by)
    return {n: list({(e["id"], e.get("start")): e for e in found}.values()) for n, found in lists.items()}


HEADERS = {  # list -> (Ofsted's headers, the variants the second extract uses)
    1: (["Child Unique ID", "Gender", "Date of Birth", "Date of Contact", "Contact Source"],
        ["child unique\u00a0id", "Gender", "DOB", "Contact Date", "Source "]),
    2: (["Child Unique ID", "Assessment start date"], ["Child ID", "Early Help Assessment Start Date"]),
    3: (["Child Unique ID", "Date of Birth", "Date of referral", "Referral NFA?",
         "Number of Referrals in Last 12 Months", "Allocated Team", "Allocated Worker"],
        ["Child ID", "DOB", "Referral Date", "NFA", "Referrals in Last 12 Months", "Team", "Worker"]),
    4: (["Child Unique ID", "Date of Birth", "Continuous Assessment Start Date",
         "Continuous Assessment Date of Authorisation", "Allocated Team", "Allocated Worker"],
        ["Child ID", "DOB", "Assessment Start Date", "Date of Authorisation", "Team", "Worker"]),
    5: (["Child Unique ID", "Date of Birth", "Strategy discussion initiating Section 47 Enquiry Start Date",
         "Date of Initial Child Protection Conference", "Allocated Team", "Allocated Worker"],
        ["Child ID", "DOB", "Strategy Discussion Date", "ICPC Date", "Team", "Worker"]),
    6: (["Child Unique ID", "Date of Birth", "CIN Start Date", "CIN Closure Date", "Allocated Team",
         "Allocated Worker"], ["Child ID", "DOB", "CIN Start Date ", "CIN Closure Date", "Team", "Worker"]),
    7: (["Child Unique ID", "Date of Birth", "Child Protection Plan Start Date", "Initial Category of Abuse",
         "Date of the Last Statutory Visit", "Child Protection Plan End Date",
         "Number of Previous Child Protection Plans", "Allocated Team", "Allocated Worker"],
        ["Child ID", "DOB", "CP Plan Start Date", "Category of Abuse", "Last Statutory Visit", "CP Plan End Date",
         "Previous CP Plans", "Team", "Worker"]),
    8: (["Child Unique ID", "Date of Birth", "Date Started to be Looked After",
         "Number of Placements in the Last 12 months", "Date Ceased to be Looked After", "Allocated Team",
         "Allocated Worker"], ["Child ID", "DOB", "CLA Start Date", "Placements in Last 12 Months", "CLA End Date",
                               "Team", "Worker"]),
    9: (["Child Unique ID", "Date of Birth", "Allocated Team", "Allocated Worker", "LA in Touch",
         "Suitability of Accommodation", "Activity Status"],
        ["Child ID", "DOB", "Team", "Worker", "In Touch", "Accommodation Suitable", "Activity"]),
    10: (["Child Unique ID", "Date the Child Entered Care"], ["Child ID", "Date Child Entered Care"]),
    11: (["Individual adopter identifier", "Date enquiry received"], ["Adopter ID", "Enquiry Date"]),
}
SHEETS = {n: (f"List {n}", f"L{n} extract") for n in HEADERS}


def _shown(number: int, e: dict, as_at: date) -> bool:
    """Whether an event is in the list at `as_at`: the lists cover the six months before it."""
    window = as_at - timedelta(days=183)
    start, end = e.get("start"), e.get("end")
    if start is not None and start > as_at:
        return False
    if number in (4, 6, 7, 8):  # open at some time in the window
        return end is None or end > window
    return start is None or start > window


def _cells(number: int, e: dict, as_at: date, variants: bool) -> list:
    """An event's row as the list shows it at `as_at`: dates after it are not known yet."""
    def known(d):
        if d is None or d > as_at:
            return None
        return f"{d:%d/%m/%Y} 00:00" if variants and number == 4 else d  # text dates with a time

    dob = date(2008, 1, 1) + timedelta(days=sum(map(ord, e["id"])) * 37 % 5000)
    start, end, team, worker = e.get("start"), e.get("end"), e.get("team", ""), e.get("worker", "")
    if number == 1:
        return [e["id"], "b) Female", dob, start, "Police"]
    if number == 3:
        nfa = ("Y" if e["nfa"] else "N") if variants else ("a) Yes" if e["nfa"] else "b) No")
        return [e["id"], dob, start, nfa, e["count"], team, worker]
    if number in (4, 6):
        return [e["id"], dob, start, known(end), team, worker]
    if number == 5:
        return [e["id"], dob, start, known(e["icpc"]), team, worker]
    if number == 7:  # a pre-birth plan now and then: no date of birth
        return [e["id"], None if e["id"].endswith("7") else dob, start, e["category"][3:] if variants
                else e["category"], max(start, as_at - timedelta(days=e["visit_gap"])), known(end), e["previous"],
                team, worker]
    if number == 8:
        return [e["id"], dob, start, e["placements"], known(end), team, worker]
    if number == 9:
        return [e["id"], dob, team, worker, e["in_touch"], e["suitable"], e["activity"]]
    return [e["id"], start]  # lists 2, 10 and 11


def extract(lists: dict[int, list[dict]], as_at: date, variants: bool) -> Workbook:
    book = Workbook(write_only=True)  # streams rows: the benchmark's extracts have tens of thousands
    for number, events_ in lists.items():
        sheet = book.create_sheet(SHEETS[number][variants])
        if variants:
            sheet.append([f"Annex A list {number}, extract of {as_at:%d %B %Y} (SYNTHETIC)"])
        sheet.append(HEADERS[number][variants])
        for e in events_:
            if _shown(number, e, as_at):
                sheet.append(_cells(number, e, as_at, variants))
    return book


def census(rng, as_at: date) -> list[list]:
    header = ["SWENo", "AgencyWorker", "FTE", "OrgRole", "RoleStartDate", "RoleEndDate", "ReasonLeave", "FTE30",
              "Cases30", "WorkingDaysLost", "Absat30Sept", "Team", "NumberOfVacancies"]
    rows = [header]
    for n in range(90):
        team, agency = TEAMS[n % len(TEAMS)], int(rng.random() < 0.15)
        fte = float(rng.choice([1.0, 1.0, 1.0, 0.8, 0.6]))
        left = rng.random() < 0.18
        start = as_at - timedelta(days=int(rng.integers(30, 3000)))
        end = as_at - timedelta(days=int(rng.integers(1, 360))) if left else None
        rows.append([f"SW{100000 + n}", agency, fte, 5, f"{start:%d/%m/%Y}", f"{end:%d/%m/%Y}" if end else "",
                     "RES" if left else "", "" if left else fte, "" if left else int(rng.integers(0, 25)),
                     0 if agency else round(float(rng.gamma(1.5, 6)), 1), 0, team,
                     int(rng.integers(1, 5)) if n < len(TEAMS) else ""])
    return rows


def main() -> None:
    rng = np.random.default_rng(SEED)
    lists = events(rng, Council(), date(2022, 1, 1), date(2023, 12, 31))
    for n, (name, as_at) in enumerate(EXTRACTS.items()):
        extract(lists, as_at, variants=n == 1).save(OUT / name)
    with open(OUT / CENSUS[0], "w", newline="") as out:
        csv.writer(out).writerows(census(rng, CENSUS[1]))
    print(f"Wrote {', '.join(EXTRACTS)} and {CENSUS[0]} in {OUT}")


if __name__ == "__main__":
    main()
