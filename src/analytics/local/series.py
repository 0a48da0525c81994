"""A council's monthly series for the whole service: the figure as reported, else added up from its teams.

Teams add up only where the measure allows it: counts and FTEs are summed; a
percentage is the summed numerators over the summed denominators when every team
gave both. Anything else (a percentage without its parts, a caseload, an average
in days) has no whole-service figure from teams: it is missing with that reason,
never an average of team rates. A month in which any team's figure is missing
gets no total either.
"""

import numpy as np
import pandas as pd

ADDITIVE_UNITS = {"count", "fte"}
NOT_ADDITIVE = "no whole-service figure: team figures of this kind do not add up"
INCOMPLETE = "no whole-service figure: a team's figure is missing"


def whole_service(reported: pd.DataFrame, by_team: pd.DataFrame, units: pd.Series) -> pd.DataFrame:
    """One row per measure and month: value, numerator, denominator, status and origin ('reported' or 'teams').

    `reported` and `by_team`: LocalStore.observations(..., by_team=False / True); `units`: unit by measure id.
    A reported row keeps its batch_id when given; a row added up from teams has none.
    """
    columns = ["measure_id", "month", "value", "numerator", "denominator", "status"]
    numbers = {"value": "float64", "numerator": "float64", "denominator": "float64"}
    reported, by_team = reported.astype(numbers), by_team.astype(numbers)
    rows = reported[[*columns, *(["batch_id"] if "batch_id" in reported else [])]].assign(origin="reported")
    teams = by_team[~by_team.set_index(["measure_id", "month"]).index.isin(
        reported.set_index(["measure_id", "month"]).index)]
    if teams.empty:
        return rows.reset_index(drop=True)
    grouped = teams.groupby(["measure_id", "month"])
    totals = grouped[["value", "numerator", "denominator"]].sum(min_count=1)
    complete = grouped[["value", "numerator", "denominator"]].count().eq(grouped.size(), axis=0)
    unit = totals.index.get_level_values("measure_id").map(units).to_numpy()
    additive = np.isin(unit, list(ADDITIVE_UNITS))
    from_parts = (unit == "percent") & complete.numerator.to_numpy() & complete.denominator.to_numpy() & (
        totals.denominator.to_numpy() > 0)
    value = np.where(additive & complete.value.to_numpy(), totals.value,
                     np.where(from_parts, 100 * totals.numerator / totals.denominator.where(totals.denominator > 0),
                              np.nan))
    status = np.where(~np.isnan(value), None,
                      np.where(additive | ((unit == "percent") & complete.numerator.to_numpy()), INCOMPLETE,
                               NOT_ADDITIVE))
    summed = totals.assign(value=value, status=status, origin="teams").reset_index()
    summed.loc[~from_parts, ["numerator", "denominator"]] = np.nan
    return pd.concat([rows, summed[[*columns, "origin"]]], ignore_index=True).sort_values(
        ["measure_id", "month"], ignore_index=True)
