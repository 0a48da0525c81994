"""XmR statistical process control charts for monthly series, as NHS England's "Making Data Count" and the
NHS-R community's NHSRplotthedots package (R/ptd_spc_standard.R, R/ptd_calculate_point_type.R,
R/ptd_calculate_assurance_type.R, R/geom_ptd_icon.R) compute them.

- Centre line: the mean. Process limits: mean +/- 2.66 x the mean moving range;
  the "2-sigma" lines at mean +/- (2/3 x 2.66) x the mean moving range.
- Moving ranges of 3.267 x their mean or more are screened out and the mean moving
  range taken again (their `screen_outliers = TRUE`, the default).
- `fix_after_n_points`: the mean and limits come from the first n points only and
  apply to every later point (their option; they require n >= 12).
- Fewer than 13 points: the limits are trial limits, revised with each new point
  (their short-group warning).
- Special cause, in this order of precedence for a point: outside the limits;
  part of a trend of 7 points each higher (or lower) than the one before; one of 2
  of 3 consecutive points beyond a 2-sigma line on the same side (all 3 on that
  side of the mean); part of a run of 7 points on one side of the mean.
- Point type: special cause improvement or concern by the improvement direction
  ('increase', 'decrease'; 'neutral' gives neutral high or low). The variation
  icon is the type of the latest point.
- Assurance (needs a target and a direction): a target beyond the upper limit
  means the process consistently fails it when higher is better (consistently
  passes when lower is better), beyond the lower limit the reverse, between the
  limits hit and miss ('inconsistent').

Missing months are left out before the chart is worked out (the package's moving
range would span the gap the same way).
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

LIMIT = 2.66
NEAR_LIMIT = 2 * LIMIT / 3
SCREEN = 3.267
TRIAL_BELOW = 13
DIRECTIONS = {"high": "increase", "low": "decrease", "neither": "neutral"}
# The baseline rule on every page and in every pack: a chart's mean and limits come from the months shown, which
# are the latest BASELINE_MONTHS months to the month in view.
BASELINE_MONTHS = 24


# How the readings are said, on pages, in tables and in papers.
VARIATION_TEXT = {
    "common_cause": "common cause variation only (no signal)",
    "special_cause_improvement": "a special cause signal of improvement",
    "special_cause_concern": "a special cause signal of concern",
    "special_cause_neutral_high": "an unusually high figure (special cause)",
    "special_cause_neutral_low": "an unusually low figure (special cause)",
}
ASSURANCE_TEXT = {
    "consistent_pass": "at this level of variation it will consistently meet the target",
    "consistent_fail": "at this level of variation it will consistently miss the target unless something changes",
    "inconsistent": "at this level of variation it will meet the target in some months and miss it in others",
}

@dataclass(frozen=True)
class XmR:
    points: pd.DataFrame  # y, mean, lpl, upl, outside_limits, relative_to_mean, close_to_limits,
    #                       special_cause_type, special_cause_flag, point_type
    mean: float
    lpl: float
    upl: float
    n: int
    trial: bool  # fewer than 13 points: the limits will move with each new point
    improvement: str
    variation: str  # the latest point's type: common_cause, special_cause_improvement/_concern/_neutral_high/_low
    assurance: str | None  # consistent_pass, consistent_fail, inconsistent; None without a target or a direction


def xmr(values, improvement: str = "increase", target: float | None = None, fix_after_n_points: int | None = None,
        screen_outliers: bool = True) -> XmR:
    """The XmR chart of `values` (oldest first; missing values are dropped)."""
    if improvement not in ("increase", "decrease", "neutral"):
        raise ValueError(f"improvement must be increase, decrease or neutral, not {improvement!r}")
    y = pd.Series(values, dtype="float64").dropna().to_numpy()
    if len(y) < 2:
        raise ValueError("an XmR chart needs at least two values")
    mean, amr = limits_basis(y[:fix_after_n_points] if fix_after_n_points else y, screen_outliers)
    lpl, upl = mean - LIMIT * amr, mean + LIMIT * amr
    nlpl, nupl = mean - NEAR_LIMIT * amr, mean + NEAR_LIMIT * amr
    outside = (y > upl) | (y < lpl)
    relative = np.sign(y - mean)
    close = ~outside & ((y < nlpl) | (y > nupl))
    types = special_cause_type(y, relative, close, outside)
    point_types = point_type(types, {"increase": 1, "neutral": 0, "decrease": -1}[improvement])
    points = pd.DataFrame({"y": y, "mean": mean, "lpl": lpl, "upl": upl, "outside_limits": outside,
                           "relative_to_mean": relative, "close_to_limits": close, "special_cause_type": types,
                           "special_cause_flag": types != "Common Cause", "point_type": point_types})
    return XmR(points, mean, lpl, upl, len(y), len(y) < TRIAL_BELOW, improvement, point_types[-1],
               assurance_type(target, lpl, upl, improvement))


def limits_basis(y: np.ndarray, screen_outliers: bool = True) -> tuple[float, float]:
    """(mean, mean moving range), the moving range screened for outliers as the package does by default."""
    moving_ranges = np.abs(np.diff(y))
    amr = moving_ranges.mean()
    kept = moving_ranges[moving_ranges < SCREEN * amr]
    if screen_outliers and len(kept):  # a flat series keeps no range under 3.267 x 0; its limits stay at the mean
        amr = kept.mean()
    return float(y.mean()), float(amr)


def seven_point_one_side_mean(v: np.ndarray) -> np.ndarray:
    """1 where a point and the 6 before it are all on the same side of the mean (v: -1, 0, 1)."""
    v = np.asarray(v, dtype=float)
    padded = np.concatenate([np.zeros(6), v])
    return np.array([float(padded[i] != 0 and np.all(padded[i - 6:i] == padded[i]))
                     for i in range(6, len(padded))])


def part_of_seven_trend(v: np.ndarray) -> np.ndarray:
    """1 where a point is flagged or one of the 6 after it is (so the whole run of 7 is marked)."""
    v = np.asarray(v, dtype=float)
    padded = np.concatenate([v, np.zeros(6)])
    return np.array([float(np.any(np.abs(padded[i:i + 7]) == 1)) for i in range(len(v))])


def seven_point_trend(y: np.ndarray) -> np.ndarray:
    """1 (or -1) at the 7th point of 7 each higher (lower) than the one before; 0 elsewhere."""
    y = np.asarray(y, dtype=float)
    out = np.zeros(len(y))
    for i in range(6, len(y)):
        steps = np.sign(np.diff(y[i - 6:i + 1]))
        out[i] = 1.0 if np.all(steps == 1) else -1.0 if np.all(steps == -1) else 0.0
    return out


def two_in_three(close: np.ndarray, relative: np.ndarray) -> np.ndarray:
    """1 for each point in a window of 3 where 2 or more are beyond a 2-sigma line and all 3 on one side."""
    close, relative = np.asarray(close, dtype=float), np.asarray(relative, dtype=float)
    if len(close) == 0:
        return np.zeros(0)
    relative = np.resize(relative, len(close))  # R recycles a shorter vector the same way
    vp, rp = np.pad(close, 2), np.pad(relative, 2)
    return np.array([float(any(vp[i + k:i + k + 3].sum() >= 2 and abs(rp[i + k:i + k + 3].sum()) == 3
                               for k in range(3))) for i in range(len(close))])


def part_of_two_in_three(v: np.ndarray, close: np.ndarray) -> np.ndarray:
    """Only the points beyond the 2-sigma line count as part of a 2-in-3."""
    return ((np.asarray(v) == 1) & (np.abs(np.asarray(close, dtype=float)) == 1)).astype(float)


def special_cause_type(y, relative, close, outside) -> np.ndarray:
    y = np.asarray(y, dtype=float)
    relative = np.asarray(relative, dtype=float)
    trend = part_of_seven_trend(seven_point_trend(y))
    two_of_three = part_of_two_in_three(two_in_three(close, relative), close)
    run = part_of_seven_trend(seven_point_one_side_mean(relative))
    steps = np.sign(np.diff(y))
    # a point inside a trend takes the direction of the step after it, else of the step before it
    right = np.concatenate([steps, steps[-1:]]) if len(steps) else np.zeros(len(y))
    left = np.concatenate([[0.0], steps])
    in_trend_next = np.concatenate([trend[1:], [0.0]]).astype(bool) & trend.astype(bool)
    direction = np.where(in_trend_next, right, left)
    side = np.where(relative > 0, "Above", "Below")
    return np.select(
        [np.asarray(outside) != 0, trend != 0, two_of_three != 0, run != 0],
        [np.where(relative == 1, "Above UCL", "Below LCL"),
         np.where(direction == 1, "7 Point Trend (Increasing)", "7 Point Trend (Decreasing)"),
         np.char.add(np.char.add("2 in 3 ", side), " CL"),
         np.char.add(np.char.add("7 Points ", side), " CL")],
        default="Common Cause").astype(object)


def point_type(special_cause: np.ndarray, improvement_direction: int) -> np.ndarray:
    text = pd.Series(special_cause, dtype="str")
    v = np.select([text.str.contains("Above|Increasing"), text.str.contains("Below|Decreasing")], [1, -1], 0)
    if improvement_direction == 0:
        return np.select([v > 0, v < 0], ["special_cause_neutral_high", "special_cause_neutral_low"],
                         "common_cause").astype(object)
    v = v * improvement_direction
    return np.select([v > 0, v < 0], ["special_cause_improvement", "special_cause_concern"],
                     "common_cause").astype(object)


def assurance_type(target: float | None, lpl: float, upl: float, improvement: str) -> str | None:
    if target is None or improvement == "neutral":
        return None
    increasing = improvement == "increase"
    if target > upl:
        return "consistent_fail" if increasing else "consistent_pass"
    if target < lpl:
        return "consistent_pass" if increasing else "consistent_fail"
    return "inconsistent"
