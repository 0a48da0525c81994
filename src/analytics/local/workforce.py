"""Workforce measures from the council's establishment figures, per month and team, on the DfE's definitions.

The DfE children's social work workforce release (release_measures.csv) defines
its rates at 30 September; here the same definitions are applied at every month
end, and the whole service is worked out from the summed FTEs of its teams (never
by averaging team rates) unless the file gives a whole-service row itself.
"""

import numpy as np
import pandas as pd

from analytics.months import month_label

NUMBERS = ["posts_fte", "permanent_fte", "agency_fte", "vacant_fte", "starters_fte", "leavers_fte",
           "case_holders_fte", "cases"]
WHOLE_SERVICE = "All teams"
# Shown on the Workforce Board beside the figures.
DEFINITIONS = {
    "sw_vacancy_rate": "Vacancy rate: vacant FTE divided by vacant FTE plus FTE in post (permanent, employed "
                       "social workers), as a percentage. A vacancy is a post not filled by an employed social "
                       "worker, whether or not an agency worker covers it (the DfE's definition).",
    "sw_agency_rate": "Agency rate: agency FTE divided by agency FTE plus employed (permanent) FTE, as a "
                      "percentage (the DfE's definition).",
    "permanent_staff_pct": "Permanent share: FTE filled by permanent staff divided by the establishment (posts "
                           "FTE), as a percentage.",
    "sw_turnover_rate": "Turnover (rolling 12 months): FTE leavers in the 12 months to the month end divided by "
                        "FTE in post (permanent) at the month end, as a percentage: the DfE's definition for any "
                        "12 months rather than the year to 30 September. Shown once 12 months of leavers are in.",
    "sw_caseload": "Caseload: cases held at the month end divided by case-holding FTE (employed and agency "
                   "social workers holding one or more cases), as the DfE defines average caseload.",
}


def monthly_rates(establishment: pd.DataFrame) -> pd.DataFrame:
    """Per month and team, plus a whole-service row per month (team WHOLE_SERVICE): the FTEs and the five rates.

    `establishment`: LocalStore.establishment() rows (team None = a whole-service row as reported); their batch_id,
    when given, is kept on the rows as stored (a summed whole-service row has none).
    """
    kept = ["month", "team", *NUMBERS, *(["batch_id"] if "batch_id" in establishment else [])]
    teams = establishment[establishment.team.notna()]
    reported = establishment[establishment.team.isna()].assign(team=WHOLE_SERVICE)
    # a total with a team missing a figure is unknown, not the sum of the rest
    summed = teams.groupby("month")[NUMBERS].sum(min_count=1).where(
        teams.groupby("month")[NUMBERS].count().eq(teams.groupby("month").size(), axis=0))
    summed = summed[~summed.index.isin(reported.month)].reset_index().assign(team=WHOLE_SERVICE)
    frame = pd.concat([teams[kept], reported[kept], summed[["month", "team", *NUMBERS]]], ignore_index=True)
    frame["month"] = pd.to_datetime(frame.month)
    frame = frame.sort_values(["team", "month"], ignore_index=True)
    frame["sw_vacancy_rate"] = _pct(frame.vacant_fte, frame.vacant_fte + frame.permanent_fte)
    frame["sw_agency_rate"] = _pct(frame.agency_fte, frame.agency_fte + frame.permanent_fte)
    frame["permanent_staff_pct"] = _pct(frame.permanent_fte, frame.posts_fte)
    frame["sw_turnover_rate"] = _pct(_last_12_months(frame, "leavers_fte"), frame.permanent_fte)
    frame["sw_caseload"] = frame.cases / frame.case_holders_fte.where(frame.case_holders_fte > 0)
    frame["month"] = frame.month.dt.date
    return frame


def _last_12_months(frame: pd.DataFrame, column: str) -> pd.Series:
    """The sum over the 12 months to each month, per team; missing unless all 12 months have a figure."""
    out = pd.Series(np.nan, index=frame.index)
    for _, rows in frame.groupby("team"):
        series = rows.set_index("month")[column]
        full = series.reindex(pd.date_range(series.index.min(), series.index.max(), freq="MS"))
        total = full.rolling(12, min_periods=12).sum()
        out.loc[rows.index] = total.reindex(rows.month).to_numpy()
    return out


def latest_by_team(rates: pd.DataFrame) -> pd.DataFrame:
    """The latest month's row for each team (FTEs and rates), whole service last, with the change on the month
    before and on the same month a year before for each rate (for the Workforce Board)."""
    latest = rates.month.max()
    measures = list(DEFINITIONS)
    indexed = rates.set_index(["team", "month"])[measures]
    now = indexed.xs(latest, level="month")
    out = rates[rates.month == latest].set_index("team")[[*NUMBERS, *measures]]
    for label, back in (("month", 1), ("year", 12)):
        earlier = (pd.Timestamp(latest) - pd.DateOffset(months=back)).date()
        before = indexed.xs(earlier, level="month") if earlier in rates.month.values else now * np.nan
        for m in measures:
            out[f"{m}_change_{label}"] = now[m] - before[m].reindex(now.index)
    out = out.reset_index()
    out["month"], out["month_label"] = latest, month_label(latest)
    out["_last"] = out.team == WHOLE_SERVICE
    return out.sort_values(["_last", "team"]).drop(columns="_last").reset_index(drop=True)


def _pct(part: pd.Series, whole: pd.Series) -> pd.Series:
    return 100 * part / whole.where(whole > 0)
