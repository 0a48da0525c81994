"""Write the SYNTHETIC demo files in data/local/ (seeded, so every run writes the same bytes).

The council documents give a few months of each figure; SPC charts, the
Workforce Board and the 9-months-or-longer measure need longer series and a
child-level plan list, which no public document holds. These files are made up
to show how the pages work. They are not Dudley's figures and are labelled as
synthetic in their names, in data/local/README.md and in the batch note on import.

Run: `.venv/bin/python scripts/make_demo_data.py`
"""

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

OUT = Path(__file__).resolve().parents[1] / "data" / "local"
SEED = 20210112  # the day Dudley's Child Protection Progress Panel began
LAST_MONTH = date(2024, 1, 1)
TEAMS = {  # team -> establishment (posts FTE); team names from the council documents, sizes made up
    "MASH": 18.0, "Family Solutions": 40.0, "Support and Safeguarding": 60.0, "Children in Care": 35.0,
    "Leaving Care": 15.0, "Family Comes First": 12.0,
}
CATEGORIES = ["Neglect", "Emotional abuse", "Physical abuse", "Sexual abuse", "Multiple"]
CATEGORY_SHARES = [0.48, 0.36, 0.08, 0.04, 0.04]


def months(first: date, last: date) -> list[date]:
    return [d.date() for d in pd.date_range(first, last, freq="MS")]


def monthly_series(rng: np.random.Generator) -> pd.DataFrame:
    """Two 36-month series: re-referrals with a step down in the last 8 months (special cause improvement on
    an SPC chart) and ICPCs within 15 working days varying around a stable mean (common cause only)."""
    span = months(date(2021, 2, 1), LAST_MONTH)
    rereferral = rng.normal(23.0, 1.6, len(span))
    rereferral[-8:] -= 5.0
    icpc = np.clip(rng.normal(84.0, 3.0, len(span)), 0, 100)
    rows = [{"month": m.strftime("%Y-%m"), "measure": measure, "value": round(float(v), 1)}
            for measure, values in (("rereferral_pct", rereferral), ("icpc_15d_pct", icpc))
            for m, v in zip(span, values)]
    return pd.DataFrame(rows)


def establishment(rng: np.random.Generator) -> pd.DataFrame:
    """Six teams over 36 months: the permanent share climbing from about 73% to about 84%, agency staff covering
    most vacancies, leavers at about 19% a year and caseloads falling from about 24 towards 18."""
    span = months(date(2021, 2, 1), LAST_MONTH)
    rows = []
    for team, posts in TEAMS.items():
        for i, month in enumerate(span):
            progress = i / (len(span) - 1)
            permanent = round(min(posts, posts * (0.73 + 0.11 * progress + rng.normal(0, 0.015))), 1)
            vacant = round(posts - permanent, 1)  # posts not filled by an employed social worker (DfE)
            agency = round(vacant * rng.uniform(0.6, 0.9), 1)
            leavers = round(float(rng.poisson(permanent * 0.19 / 12)), 1)
            starters = round(float(rng.poisson(permanent * 0.21 / 12)), 1)
            case_holders = round((permanent + agency) * 0.85, 1)
            cases = round(case_holders * (24.0 - 6.0 * progress + rng.normal(0, 0.8)))
            rows.append({"month": month.strftime("%b-%y"), "team": team, "posts_fte": posts,
                         "permanent_fte": permanent, "agency_fte": agency, "vacant_fte": vacant,
                         "starters_fte": starters, "leavers_fte": leavers, "case_holders_fte": case_holders,
                         "cases": cases})
    return pd.DataFrame(rows)


def cp_plans(rng: np.random.Generator) -> pd.DataFrame:
    """About 30 plans starting a month from 2018 to January 2024, lasting a median of about 8 months, with
    about one child in six coming back for a second plan; plans still open at the end of January 2024 have no
    end date. Identifiers are made up (SYN-nnnnn)."""
    cutoff = date(2024, 1, 31)
    first = date(2018, 1, 1)
    rows, child = [], 0
    for day in range((cutoff - first).days + 1):
        for _ in range(rng.poisson(30 * 12 / 365)):
            child += 1
            start = first + timedelta(days=day)
            while start <= cutoff:
                length = int(rng.lognormal(np.log(240), 0.55))
                end = start + timedelta(days=length)
                rows.append({"Child ID": f"SYN-{child:05d}", "CP plan start date": start.strftime("%d/%m/%Y"),
                             "CP plan end date": end.strftime("%d/%m/%Y") if end <= cutoff else "",
                             "Category of abuse": rng.choice(CATEGORIES, p=CATEGORY_SHARES)})
                if end > cutoff or rng.random() > 1 / 6:
                    break
                start = end + timedelta(days=int(rng.integers(60, 720)))
    return pd.DataFrame(rows)


def main() -> None:
    rng = np.random.default_rng(SEED)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, frame in (("synthetic_monthly_series.csv", monthly_series(rng)),
                        ("synthetic_establishment.csv", establishment(rng)),
                        ("synthetic_cp_plans.csv", cp_plans(rng))):
        frame.to_csv(OUT / name, index=False, lineterminator="\n")
        print(f"wrote {OUT / name}: {len(frame)} rows (SYNTHETIC)")


if __name__ == "__main__":
    main()
