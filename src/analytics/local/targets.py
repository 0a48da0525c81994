"""Targets and trajectories: the target for any month, a RAG rating per month, and a forecast from the trend.

- Trajectory: the dated targets of a measure are joined by straight lines, month by
  month (75% in April and 80% in June make 77.5% the May trajectory); after the
  last dated target its value holds. A target without a date is a standing target:
  it applies in every month no dated target covers, including before the first.
  Before the first dated target of a measure without a standing target, there is
  no target and no rating.
- RAG, by the measure's polarity: green when the figure is on or better than the
  trajectory; amber when worse by no more than the tolerance; red otherwise.
  Measures with no better direction are not rated. Papers compare figures as they
  show them (rounded to the measure's decimals), so a rating never contradicts the
  numbers printed beside it; this is the one place RAG against a target is worked out.
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

from analytics.formatting import is_missing
from analytics.months import from_index, month_index

TREND_POINTS = 6
MIN_TREND_POINTS = 3
HORIZON_MONTHS = 24
# Figures and targets are compared to this many decimals, so 77.5 - 2.5 is exactly on the amber line.
PRECISION = 9

MET, ON_COURSE, NOT_AT_RATE, TOO_FEW, NO_DIRECTION = (
    "met", "on course", "not at the current rate", "too few figures", "no better direction")


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


def target_at(targets: pd.DataFrame, month: date) -> dict | None:
    """The target for one month from one measure's targets: value, tolerance, month (the month it applies to) and
    final (final_target); None when no target applies that month."""
    row = trajectory(targets, [month]).iloc[0]
    if math.isnan(row.target):
        return None
    return {"value": float(row.target), "tolerance": float(row.tolerance), "month": month,
            "final": final_target(targets)}


def first_target(targets: pd.DataFrame) -> dict | None:
    """A measure's earliest dated target (value, date), for saying when rating starts; None without one."""
    dated = targets[targets.target_date.notna()]
    if dated.empty:
        return None
    row = dated.loc[pd.to_datetime(dated.target_date).idxmin()]
    return {"value": float(row.value), "date": pd.Timestamp(row.target_date).date()}


def rag(value: float, target: float, tolerance: float, polarity: str, decimals: int = PRECISION) -> str | None:
    """'green', 'amber' or 'red'; None when there is no figure, no target or no better direction.

    `decimals`: compare the figure and the target as shown to that many places.
    """
    if polarity not in ("high", "low") or is_missing(value) or is_missing(target):
        return None
    tolerance = 0.0 if is_missing(tolerance) else float(tolerance)
    gap = round(round(float(target), decimals) - round(float(value), decimals), decimals)
    shortfall = gap if polarity == "high" else -gap
    if shortfall <= 0:
        return "green"
    return "amber" if round(shortfall - tolerance, decimals) <= 0 else "red"


def rate_months(actuals: pd.DataFrame, targets: pd.DataFrame, polarity: str,
                decimals: int = PRECISION) -> pd.DataFrame:
    """Each month's figure (`actuals`: month, value) with its trajectory target, tolerance and RAG."""
    months = list(actuals.month)
    rated = trajectory(targets, months).assign(value=actuals.value.to_numpy())
    rated["rag"] = [rag(v, t, tol, polarity, decimals)
                    for v, t, tol in zip(rated.value, rated.target, rated.tolerance)]
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
             trend_points: int = TREND_POINTS, horizon: int = HORIZON_MONTHS, decimals: int = PRECISION) -> Forecast:
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
    if rag(latest, target, 0.0, polarity, decimals) == "green":
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


def final_target(targets: pd.DataFrame) -> dict | None:
    """A measure's final target (`targets`: its rows of a target table): value, date and tolerance of its last
    dated target, else of its standing one (date None). None when it has none."""
    dated = targets[targets.target_date.notna()]
    if len(dated):
        row = dated.loc[pd.to_datetime(dated.target_date).idxmax()]
    elif len(targets):
        row = targets.iloc[-1]
    else:
        return None
    tolerance = row.get("tolerance")
    return {"value": float(row.value), "date": None if pd.isna(row.target_date) else
            pd.Timestamp(row.target_date).date(), "tolerance": None if is_missing(tolerance) else float(tolerance)}


def plan_status(targets: pd.DataFrame, observations: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    """One row per measure with targets, for the Improvement plan page: the latest figure, its trajectory target
    and RAG, the final target and the forecast.

    `targets`: LocalStore.targets(); `observations`: LocalStore.observations() (whole service) for those
    measures; `measures`: the catalogue indexed by id (label, unit, polarity, and decimals where figures are
    compared as shown).
    """
    rows = []
    for measure_id, own in targets.groupby("measure_id", sort=True):
        known = measure_id in measures.index
        polarity = measures.at[measure_id, "polarity"] if known else "neither"
        places = int(measures.at[measure_id, "decimals"]) if known and "decimals" in measures else PRECISION
        actuals = observations[observations.measure_id == measure_id].sort_values("month")[["month", "value"]]
        rated = rate_months(actuals.dropna(subset=["value"]), own, polarity, places)
        last = rated.iloc[-1] if len(rated) else None
        final = final_target(own)
        outlook = forecast(actuals, final["value"], polarity, final["date"], decimals=places)
        rows.append({
            "measure_id": measure_id,
            "label": measures.at[measure_id, "label"] if measure_id in measures.index else measure_id,
            "polarity": polarity,
            "latest_month": None if last is None else last.month,
            "latest_value": None if last is None else last.value,
            "trajectory_target": None if last is None else last.target,
            "rag": None if last is None else last.rag,
            "final_target": final["value"], "final_target_date": final["date"],
            "forecast": outlook.status, "forecast_month": outlook.month, "forecast_late": outlook.late,
            "forecast_message": outlook.message,
            "owner": "; ".join(own.owner.dropna().unique()) or None,
            "source": "; ".join(own.source.dropna().unique()) or None,
            "priority_area": "; ".join(own.priority_area.dropna().unique()) or None,
        })
    return pd.DataFrame(rows)
