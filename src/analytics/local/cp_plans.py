"""Child protection plan measures at any month end, from a child-level plan list (one row per plan).

Published figures give only duration bands at 31 March; the council's improvement
plan tracked children on a plan for 9 months or longer exactly. These functions
return aggregates only, never a row per child, but for open_nine_months_or_longer:
the list behind that count, by keyed child code, which only the audited service
(services.long_plans) hands to an analyst.

Rules, chosen to match the DfE's children in need census where it has one:

- A plan is open at a month end M when it started on or before M and has no end
  date or ended after M. A plan ending on M is not open at the end of M (the
  census counts plans open at the end of 31 March the same way).
- Months are calendar months from the start date: the date k months after a start
  is the same day of the month k months later, or that month's last day when it
  has no such day (31 May + 9 months = 28 February, or 29 February in a leap year;
  29 February + 12 months = 28 February).
- 9 months or longer: the start plus 9 months is on or before M.
- Duration in days: M minus the start date (a plan starting on M has lasted 0 days).
- Published duration bands (table D5), with S+k the start plus k months:
  3 months or less: M <= S+3; more than 3 months and up to 6: S+3 < M <= S+6;
  more than 6 months and less than 1 year: S+6 < M < S+12; 1 year and less than
  2 years: S+12 <= M < S+24; 2 years or more: S+24 <= M.
- Second or subsequent plan (table D3, "at any time"): the list gives the child an
  earlier plan, or the plan's 'previous plans' count (Annex A's "number of
  previous child protection plans") is above 0. Plans starting in the 12 months to
  the month end carry the published ids (at March that is the published year
  ending 31 March); plans starting in the month alone carry local ids
  (cpp_starts_month_count, cpp_subsequent_month_count, cpp_subsequent_month_pct).

Plans of one child never overlap (the import refuses them), so plans open at a
month end are children on a plan.
"""

from datetime import date

import numpy as np
import pandas as pd

# The published bands, as catalogue ids without their _count or _pct ending.
BANDS = ["cpp_dur_0_3m", "cpp_dur_3_6m", "cpp_dur_6_12m", "cpp_dur_1_2y", "cpp_2yr_plus"]
NINE_MONTHS = 9
# Each percentage month_end_summary gives -> the counts it is worked out from (numerator, denominator).
PARTS = {"cpp_9m_plus_pct": ("cpp_9m_plus_count", "cpp_open_count"),
         "cpp_1yr_plus_pct": ("cpp_1yr_plus_count", "cpp_open_count"),
         **{f"{band}_pct": (f"{band}_count", "cpp_open_count") for band in BANDS},
         "cpp_subsequent_pct": ("cpp_subsequent_count", "cpp_starts_count"),
         "cpp_subsequent_month_pct": ("cpp_subsequent_month_count", "cpp_starts_month_count")}


def add_months(days: np.ndarray, k: int) -> np.ndarray:
    """Each date (datetime64[D]) k calendar months later, or that month's last day where it is shorter."""
    months = days.astype("datetime64[M]")
    day_of_month = days - months.astype("datetime64[D]")
    target = months + k
    last_day = (target + 1).astype("datetime64[D]") - 1
    return np.minimum(target.astype("datetime64[D]") + day_of_month, last_day)


def month_end_summary(plans: pd.DataFrame, months: list[date]) -> pd.DataFrame:
    """One row per month (its first day): children on a plan at the month end, on a plan 9 months or longer
    (number, % and their average days), the published duration bands (numbers and %), and plans starting in the
    month and in the 12 months to its end that were a second or subsequent plan.

    `plans`: plan_start, plan_end (NaT while open), child_key, and optionally previous_plans. Column names follow
    the measure catalogue ids so the local figure sits beside the published one.
    """
    month_starts = np.array(months, dtype="datetime64[D]")
    ends = (month_starts.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1
    start = pd.to_datetime(plans.plan_start).to_numpy("datetime64[D]")
    end = pd.to_datetime(plans.plan_end).to_numpy("datetime64[D]")
    at = ends[None, :]  # month ends across, plans down
    began = start[:, None]
    is_open = (began <= at) & (np.isnat(end)[:, None] | (end[:, None] > at))
    after = {k: add_months(start, k)[:, None] for k in (3, 6, NINE_MONTHS, 12, 24)}
    days = (at - began).astype("int64")

    on_plan = is_open.sum(axis=0)
    nine = is_open & (after[NINE_MONTHS] <= at)
    bands = {
        "cpp_dur_0_3m": at <= after[3],
        "cpp_dur_3_6m": (after[3] < at) & (at <= after[6]),
        "cpp_dur_6_12m": (after[6] < at) & (at < after[12]),
        "cpp_dur_1_2y": (after[12] <= at) & (at < after[24]),
        "cpp_2yr_plus": after[24] <= at,
    }
    out = pd.DataFrame({"month": months, "month_end": [d.item() for d in ends], "cpp_open_count": on_plan})
    out["cpp_9m_plus_count"] = nine.sum(axis=0)
    out["cpp_9m_plus_pct"] = _pct(out.cpp_9m_plus_count, on_plan)
    with np.errstate(invalid="ignore"):
        out["cpp_9m_plus_avg_days"] = np.where(nine.any(axis=0), (days * nine).sum(axis=0) / nine.sum(axis=0),
                                               np.nan)
    for band, inside in bands.items():
        out[f"{band}_count"] = (is_open & inside).sum(axis=0)
        out[f"{band}_pct"] = _pct(out[f"{band}_count"], on_plan)
    out["cpp_1yr_plus_count"] = out.cpp_dur_1_2y_count + out.cpp_2yr_plus_count
    out["cpp_1yr_plus_pct"] = _pct(out.cpp_1yr_plus_count, on_plan)

    subsequent = _subsequent(plans)[:, None]
    for within, first_month in (("_month", month_starts), ("", (month_starts.astype("datetime64[M]") - 11)
                                                         .astype("datetime64[D]"))):
        started = (began >= first_month[None, :]) & (began <= at)
        out[f"cpp_starts{within}_count"] = started.sum(axis=0)
        out[f"cpp_subsequent{within}_count"] = (started & subsequent).sum(axis=0)
        out[f"cpp_subsequent{within}_pct"] = _pct(out[f"cpp_subsequent{within}_count"],
                                                  out[f"cpp_starts{within}_count"])
    return out


def open_nine_months_or_longer(plans: pd.DataFrame, month: date) -> pd.DataFrame:
    """The plans open at the end of `month` that had lasted 9 months or longer (the rows month_end_summary's
    cpp_9m_plus_count counts): keyed child code, start, category and days on the plan, longest first."""
    end = (np.datetime64(month, "M") + 1).astype("datetime64[D]") - 1
    start = pd.to_datetime(plans.plan_start).to_numpy("datetime64[D]")
    finish = pd.to_datetime(plans.plan_end).to_numpy("datetime64[D]")
    chosen = (start <= end) & (np.isnat(finish) | (finish > end)) & (add_months(start, NINE_MONTHS) <= end)
    rows = plans.loc[chosen, ["child_key", "plan_start", "category"]].assign(
        days_on_plan=(end - start[chosen]).astype("int64"))
    return rows.sort_values("days_on_plan", ascending=False, ignore_index=True)


def _subsequent(plans: pd.DataFrame) -> np.ndarray:
    earlier_in_list = plans.groupby("child_key").plan_start.rank(method="first").to_numpy() > 1
    if "previous_plans" in plans:
        return earlier_in_list | (pd.to_numeric(plans.previous_plans).fillna(0).to_numpy() > 0)
    return earlier_in_list


def _pct(part, whole) -> np.ndarray:
    whole = np.asarray(whole, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(whole > 0, 100 * np.asarray(part, dtype=float) / whole, np.nan)
