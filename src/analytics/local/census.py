"""Reading a children's social work workforce (CSWW) census file, or a monthly HR snapshot in its layout, into the
council's monthly workforce figures at its as-at date, by team and for the whole service.

One row per worker and role, headed with the DfE's census item names: AgencyWorker (1 or Yes for an agency
worker), SWENo, FTE, OrgRole, RoleStartDate, RoleEndDate, ReasonLeave, FTE30, Cases30, WorkingDaysLost,
Absat30Sept, and a team column; NumberOfVacancies (FTE) is the LA-level item, given on any row, or per team (on
one of the team's rows, or the same figure on each), the whole service's being the teams' summed. SWENo is read
only to refuse a worker listed twice in one role, and is never stored: only team and whole-service totals are.
The rates follow the DfE workforce release, with the as-at date in place of 30 September and the 12 months to it
as "the year":

- in post (sw_fte): FTE30 of employed (non-agency) workers whose role started on or before the as-at date and
  had not ended by it; agency (sw_agency_fte): the same for agency workers;
- starters / leavers (sw_starters_fte, sw_leavers_fte): FTE of employed workers whose RoleStartDate /
  RoleEndDate is in the 12 months to the as-at date;
- turnover rate = leavers / in post x 100; vacancy rate = NumberOfVacancies / (NumberOfVacancies + in post) x 100;
  agency rate = agency / (agency + in post) x 100;
- caseload = Cases30 summed / FTE30 of the workers (employed and agency) holding one case or more;
- absence rate = WorkingDaysLost of employed workers / (in post x working days in the 12 months) x 100, the
  working days being weekdays less England and Wales bank holidays (253 in the year to 30 September 2025).

Checked against Dudley's published 2025 figures in tests/local/test_census.py.
"""

from datetime import date

import numpy as np
import pandas as pd

from analytics.local import rules
from analytics.local.annex_lists import header_key
from analytics.local.annex_measures import working_days
from analytics.local.fields import OUTPUT, WHOLE_SERVICE
from analytics.local.files import RawTable
from analytics.local.importer import ImportContext, ImportPlan
from analytics.local.rules import Problem
from analytics.months import parse_date

ITEMS = {"agency": ("agencyworker", "agency worker"), "swe": ("sweno", "swe no", "swe number"), "fte": ("fte",),
         "role": ("orgrole", "org role"), "start": ("rolestartdate", "role start date"),
         "end": ("roleenddate", "role end date"), "fte30": ("fte30",), "cases30": ("cases30",),
         "days_lost": ("workingdayslost", "working days lost"), "vacancies": ("numberofvacancies",),
         "team": ("team", "team name", "service area")}
REQUIRED = ("agency", "swe", "fte30", "start")
NUMBERS = ("fte", "fte30", "cases30", "days_lost", "vacancies")
SOURCE = "the council's workforce census file, as at {:%d %b %Y}"


def is_census(header: list[str]) -> bool:
    keys = {header_key(h) for h in header}
    return {"sweno", "fte30"} <= keys


def plan_census(raw: RawTable, context: ImportContext, as_at: date | None) -> ImportPlan:
    """The census rates at `as_at` as monthly figures (kind 'monthly') for its month, by team and whole service;
    refused without `as_at`: a census file does not state its date, and today is seldom the day it is as at."""
    keys = [header_key(h) for h in raw.header]
    columns = {item: keys.index(name) for item, names in ITEMS.items() for name in names if name in keys}
    plan = ImportPlan(raw.file_name, raw.sha256, "monthly", "long", pd.DataFrame(columns=["row",
                                                                                         *OUTPUT["monthly"]]), [])
    if as_at is None:
        plan.problems.append(Problem(None, None, "a census file does not say the day its figures are as at: give it "
                                                 "(--as-at, or the date box on the Import figures page), e.g. "
                                                 "30 September 2025 for that year's DfE return"))
        return plan
    missing = [ITEMS[i][0] for i in REQUIRED if i not in columns]
    if missing:
        plan.problems.append(Problem(1, None, "no column for " + ", ".join(missing) + " (the DfE's census item names)"))
        return plan
    text = {item: raw.column(pos).str.strip() for item, pos in columns.items()}
    rows = pd.Series(raw.rows, index=raw.cells.index)
    workers = pd.DataFrame({"row": rows})
    for item in NUMBERS:
        cells = text.get(item, pd.Series("", index=rows.index))
        workers[item] = pd.to_numeric(cells.replace("", None), errors="coerce")
        bad = (cells != "") & (workers[item].isna() | (workers[item] < 0))
        plan.problems += rules.bounded(rows[bad].tolist(), raw.header[columns[item]] if item in columns else item,
                                       lambda i, c=cells[bad]: f"'{c.iloc[i]}' is not a number", "not a number")
    for item in ("start", "end"):
        cells = text.get(item, pd.Series("", index=rows.index))
        workers[item] = pd.to_datetime(cells.map(lambda t: parse_date(t.split(" ")[0]) if t else None))
        bad = (cells != "") & workers[item].isna()
        plan.problems += rules.bounded(rows[bad].tolist(), raw.header[columns[item]],
                                       lambda i, c=cells[bad]: f"'{c.iloc[i]}' is not a date (write it as 31/01/2024)",
                                       "not a date")
    workers["agency"] = text["agency"].str.casefold().isin({"1", "yes", "y", "true"})
    team = text.get("team", pd.Series("", index=rows.index))
    workers["team"] = team.where(~team.str.casefold().isin(WHOLE_SERVICE), None)
    # a worker twice in the same role and start date is a repeated row (SWENo compared, never kept)
    workers["swe"] = text["swe"].map(context.child_key)
    workers["start_key"] = workers.start
    repeats = rules.duplicate_of(workers, rules.Key(["swe", "start_key"], "SWENo and role start date",
                                                    "swe")).dropna()
    plan.problems += rules.bounded(rows[repeats.index].tolist(), raw.header[columns["swe"]],
                                   lambda i: f"repeats row {int(repeats.iloc[i])} (same SWENo and role start date)",
                                   "repeated workers")
    plan.problems += _differing_vacancies(workers, raw.header[columns["vacancies"]] if "vacancies" in columns else "")
    if plan.problems:
        return plan
    figures = [_figures(part, as_at, team) for team, part in [(None, workers), *workers.groupby("team")]]
    month = as_at.replace(day=1)
    plan.rows = pd.DataFrame([r for f in figures for r in f]).assign(
        row=1, area_code=context.area_code, month=month, status=None, source=SOURCE.format(as_at), note=None)
    plan.rows = plan.rows.reindex(columns=["row", *OUTPUT["monthly"]])
    plan.notes.append(f"{len(workers):,} worker rows read; SWENo is not stored, only team and whole-service totals.")
    return plan


def _figures(workers: pd.DataFrame, as_at: date, team: str | None) -> list[dict]:
    at = pd.Timestamp(as_at)
    year_before = at - pd.DateOffset(years=1)
    in_post = (workers.start <= at) & (workers.end.isna() | (workers.end > at))
    fte30 = workers.fte30.fillna(0)
    employed, agency = in_post & ~workers.agency, in_post & workers.agency
    fte = float(fte30[employed].sum())
    agency_fte = float(fte30[agency].sum())
    starters = float(workers.fte[~workers.agency & (workers.start > year_before) & (workers.start <= at)].sum())
    leavers = float(workers.fte[~workers.agency & (workers.end > year_before) & (workers.end <= at)].sum())
    # a team's figure, stated on one of its rows or repeated on each: once per team, then summed
    stated = workers.dropna(subset=["vacancies"]).drop_duplicates("team")
    vacancies = float(stated.vacancies.sum()) if len(stated) else None
    holders = in_post & (workers.cases30.fillna(0) > 0)
    cases, holders_fte = float(workers.cases30[holders].sum()), float(fte30[holders].sum())
    days_lost = float(workers.days_lost[employed].sum())
    year_days = float(working_days([year_before.date()], [as_at])[0])
    out = [("sw_fte", fte, None, None), ("sw_agency_fte", agency_fte, None, None),
           ("sw_starters_fte", starters, None, None), ("sw_leavers_fte", leavers, None, None),
           ("sw_turnover_rate", None, leavers, fte), ("sw_agency_rate", None, agency_fte, agency_fte + fte),
           ("sw_case_holders_fte", holders_fte, None, None), ("sw_cases", cases, None, None),
           ("sw_caseload", cases / holders_fte if holders_fte else None, None, None),
           ("sw_days_lost", days_lost, None, None), ("sw_absence_rate", None, days_lost, fte * year_days)]
    if vacancies is not None:
        out += [("sw_vacancies_fte", vacancies, None, None), ("sw_vacancy_rate", None, vacancies, vacancies + fte)]
    return [{"measure_id": m, "team": team, "numerator": n if d is not None else np.nan,
             "denominator": d if d is not None else np.nan,
             "value": (100 * n / d if d else np.nan) if d is not None else v}
            for m, v, n, d in out if (v is not None or d)]


def from_census(figures: pd.DataFrame) -> pd.Series:
    """Which of stored monthly figures (LocalStore.observations) a census file gave: their source says so."""
    return figures.source.fillna("").str.startswith(SOURCE.partition("{")[0])


def _differing_vacancies(workers: pd.DataFrame, column: str) -> list[Problem]:
    """A team's NumberOfVacancies given twice with different figures: which is meant cannot be told."""
    stated = workers.dropna(subset=["vacancies"]).assign(key=lambda f: f.team.fillna(""))
    first = stated.drop_duplicates("key").set_index("key").reindex(stated.key)
    differs = stated.vacancies.to_numpy() != first.vacancies.to_numpy()
    other, first = stated[differs], first[differs]
    return rules.bounded(other.row.tolist(), column, lambda i: (
        f"{other.vacancies.iloc[i]:g} differs from {first.vacancies.iloc[i]:g} on row {first.row.iloc[i]} for the "
        "same team: give a team's vacancies once, or the same figure on each of its rows"),
        "a team's vacancies differing between rows")


def on_census_day(figures: pd.DataFrame) -> pd.DataFrame:
    """Of stored monthly figures (LocalStore.observations), those a census file gave as at a 30 September, the
    DfE census day (their source says so: SOURCE)."""
    census_day = pd.to_datetime(figures.month).map(lambda m: SOURCE.format(date(m.year, 9, 30)))
    return figures[figures.source == census_day]
