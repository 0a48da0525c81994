"""Targets and trajectories: the target for any month, a RAG rating per month, and a forecast from the trend.

- Trajectory: the dated targets of a measure are joined by straight lines, month by
  month (75% in April and 80% in June make 77.5% the May trajectory); after the
  last dated target its value holds. A target without a date is a standing target:
  it applies in every month no dated target covers, including before the first.
  Before the first dated target of a measure without a standing target, there is
  no target and no rating.
- RAG, by the measure's polarity: green when the figure is on or better than the
  trajectory; amber when worse by no more than the tolerance; red otherwise.
  Measures with no better direction are not rated.
- Forecast: a least-squares line through the latest 6 figures (at least 3) says in
  which month the final target would be reached: the first whole month at or
  after the line crosses it. 'not at the current rate' when the line runs flat or
  away from the target, or reaches it more than 24 months after the latest figure.
"""

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

TREND_POINTS = 6
MIN_TREND_POINTS = 3
HORIZON_MONTHS = 24
# Figures and targets are compared to this many decimals, so 77.5 - 2.5 is exactly on the amber line.
PRECISION = 9

MET, ON_COURSE, NOT_AT_RATE, TOO_FEW, NO_DIRECTION = (
    "met", "on course", "not at the current rate", "too few figures", "no better direction")


def month_index(month) -> int:
    month = pd.Timestamp(month)
    return month.year * 12 + month.month - 1


def from_index(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def trajectory(targets: pd.DataFrame, months: list[date]) -> pd.DataFrame:
    """The target and tolerance for each month, from one measure's targets (target_date NaT = standing)."""
    tolerance = targets.tolerance.fillna(0.0) if "tolerance" in targets else pd.Series(0.0, index=targets.index)
    dated = targets.assign(tolerance=tolerance)[targets.target_date.notna()].copy()
    dated["i"] = [month_index(d) for d in dated.target_date]
    dated = dated.sort_values("i")
    standing = targets.assign(tolerance=tolerance)[targets.target_date.isna()]
    at = np.array([month_index(m) for m in months], dtype=float)
    target = np.full(len(months), np.nan)
    tol = np.full(len(months), np.nan)
    if len(standing):
        target[:], tol[:] = standing.value.iloc[-1], standing.tolerance.iloc[-1]
    if len(dated):
        covered = at >= dated.i.iloc[0]
        target[covered] = np.interp(at[covered], dated.i, dated.value)
        tol[covered] = np.interp(at[covered], dated.i, dated.tolerance)
    return pd.DataFrame({"month": months, "target": target, "tolerance": tol})


def rag(value: float, target: float, tolerance: float, polarity: str) -> str | None:
    """'green', 'amber' or 'red'; None when there is no figure, no target or no better direction."""
    if polarity not in ("high", "low") or any(x is None or math.isnan(x) for x in (value, target)):
        return None
    tolerance = 0.0 if tolerance is None or math.isnan(tolerance) else tolerance
    shortfall = round(target - value if polarity == "high" else value - target, PRECISION)
    if shortfall <= 0:
        return "green"
    return "amber" if shortfall <= round(tolerance, PRECISION) else "red"


def rate_months(actuals: pd.DataFrame, targets: pd.DataFrame, polarity: str) -> pd.DataFrame:
    """Each month's figure (`actuals`: month, value) with its trajectory target, tolerance and RAG."""
    months = list(actuals.month)
    rated = trajectory(targets, months).assign(value=actuals.value.to_numpy())
    rated["rag"] = [rag(v, t, tol, polarity) for v, t, tol in zip(rated.value, rated.target, rated.tolerance)]
    return rated


@dataclass(frozen=True)
class Forecast:
    status: str  # MET, ON_COURSE, NOT_AT_RATE, TOO_FEW or NO_DIRECTION
    month: date | None  # when the target is (or was) met
    slope_per_month: float | None
    points: int  # figures the trend line was fitted to
    late: bool | None  # reaches the target after its date (None without a dated target or a forecast month)
    message: str


def forecast(actuals: pd.DataFrame, target: float, polarity: str, target_date: date | None = None,
             trend_points: int = TREND_POINTS, horizon: int = HORIZON_MONTHS) -> Forecast:
    """When the final target will be reached if the recent trend goes on (`actuals`: month, value; oldest first)."""
    recent = actuals.dropna(subset=["value"]).tail(trend_points)
    n = len(recent)
    if polarity not in ("high", "low"):
        return Forecast(NO_DIRECTION, None, None, n, None, "the measure has no better direction to forecast")
    if n == 0:
        return Forecast(TOO_FEW, None, None, 0, None, "no figures yet")
    latest_i, latest = month_index(recent.month.iloc[-1]), recent.value.iloc[-1]
    sign = 1 if polarity == "high" else -1
    late_for = lambda i: None if target_date is None else i > month_index(target_date)  # noqa: E731
    if rag(latest, target, 0.0, polarity) == "green":
        return Forecast(MET, from_index(latest_i), None, n, late_for(latest_i), "the latest figure meets the target")
    if n < MIN_TREND_POINTS:
        return Forecast(TOO_FEW, None, None, n, None, f"a trend needs {MIN_TREND_POINTS} figures; there are {n}")
    x = np.array([month_index(m) for m in recent.month], dtype=float)
    slope, intercept = np.polyfit(x - latest_i, recent.value.to_numpy(dtype=float), 1)
    slope = round(float(slope), PRECISION)
    if slope * sign <= 0:
        return Forecast(NOT_AT_RATE, None, slope, n, None,
                        f"not at the current rate: the trend is {'flat' if slope == 0 else 'moving away'}")
    crossing = round((target - intercept) / slope, PRECISION)  # months after the latest figure
    ahead = max(math.ceil(crossing), 1)
    if ahead > horizon:
        return Forecast(NOT_AT_RATE, None, slope, n, None,
                        f"not at the current rate: the trend reaches the target more than {horizon} months ahead")
    when = from_index(latest_i + ahead)
    return Forecast(ON_COURSE, when, slope, n, late_for(latest_i + ahead),
                    f"on course to reach the target in {when:%b %Y} at the current rate")


def final_target(targets: pd.DataFrame) -> tuple[float, date | None] | None:
    """The value and date of a measure's last dated target, else its standing target."""
    dated = targets[targets.target_date.notna()]
    if len(dated):
        last = dated.loc[dated.target_date.idxmax()]
        return float(last.value), pd.Timestamp(last.target_date).date()
    if len(targets):
        return float(targets.value.iloc[-1]), None
    return None


def plan_status(targets: pd.DataFrame, observations: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    """One row per measure with targets, for the Improvement plan page: the latest figure, its trajectory target
    and RAG, the final target and the forecast.

    `targets`: LocalStore.targets(); `observations`: LocalStore.observations() (whole service) for those
    measures; `measures`: the catalogue indexed by id (label, unit, polarity).
    """
    rows = []
    for measure_id, own in targets.groupby("measure_id", sort=True):
        polarity = measures.at[measure_id, "polarity"] if measure_id in measures.index else "neither"
        actuals = observations[observations.measure_id == measure_id].sort_values("month")[["month", "value"]]
        rated = rate_months(actuals.dropna(subset=["value"]), own, polarity)
        last = rated.iloc[-1] if len(rated) else None
        final = final_target(own)
        outlook = forecast(actuals, final[0], polarity, final[1])
        rows.append({
            "measure_id": measure_id,
            "label": measures.at[measure_id, "label"] if measure_id in measures.index else measure_id,
            "polarity": polarity,
            "latest_month": None if last is None else last.month,
            "latest_value": None if last is None else last.value,
            "trajectory_target": None if last is None else last.target,
            "rag": None if last is None else last.rag,
            "final_target": final[0], "final_target_date": final[1],
            "forecast": outlook.status, "forecast_month": outlook.month, "forecast_late": outlook.late,
            "forecast_message": outlook.message,
            "owner": "; ".join(own.owner.dropna().unique()) or None,
            "source": "; ".join(own.source.dropna().unique()) or None,
            "priority_area": "; ".join(own.priority_area.dropna().unique()) or None,
        })
    return pd.DataFrame(rows)
