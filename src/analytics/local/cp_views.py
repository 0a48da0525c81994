"""What the Practice page shows from the council's child protection plan list: the exact count of children on
plans 9 months or longer, the months a list covers, and its '1 year or more' share beside the published one."""

from datetime import date

import pandas as pd

from analytics.formatting import format_value
from analytics.local.like_for_like import DIFFERS_TEXT, beyond_rounding
from analytics.months import month_range

NINE_MONTHS = ["cpp_9m_plus_count", "cpp_9m_plus_pct", "cpp_9m_plus_avg_days"]
NINE_MONTH_RULE = ("A child counts as on a plan for 9 months or longer at a month end when the plan started at "
                   "least 9 calendar months earlier (31 May plus 9 months is 28 or 29 February) and had not ended "
                   "by the end of that day; a plan ending on the last day of the month is not counted. Average "
                   "duration: days from the plan's start to the month end, over those children.")


def plan_list_months(plans: pd.DataFrame) -> list[date]:
    """Every month from the first plan's start to the list's last start or end date."""
    last = max(pd.Timestamp(plans.plan_start.max()), pd.Timestamp(plans.plan_end.max()) if
               plans.plan_end.notna().any() else pd.Timestamp(plans.plan_start.max()))
    return month_range(pd.Timestamp(plans.plan_start.min()).date(), last.date())


def like_for_like(summary: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """The council's own '1 year or more' share at each 31 March, beside the published LA and comparator figures,
    and whether it differs from the LA's published share by more than rounding.

    `summary`: cp_plans.month_end_summary rows; `table`: the benchmark table for cpp_1yr_plus_pct.
    """
    march = summary[[pd.Timestamp(m).month == 3 for m in summary.month]]
    own = pd.DataFrame({"year": [pd.Timestamp(m).year for m in march.month], "own": march.cpp_1yr_plus_pct})
    found = own.merge(table[["year", "period", "la_value", "sn_mean", "sn_median", "region_value", "england_value"]],
                      on="year", how="inner")
    return found.assign(differs=beyond_rounding(found.own, found.la_value))


def like_for_like_table(comparison: pd.DataFrame, names: dict[str, str], average: str) -> pd.DataFrame:
    """like_for_like as text: the council's own share beside the published ones."""
    pct = lambda v: format_value(v, "percent", 1)  # noqa: E731
    return pd.DataFrame({
        "At 31 March": comparison.period,
        f"{names['la']}: own list": comparison.own.map(pct),
        f"{names['la']}: published": comparison.la_value.map(pct),
        f"Neighbours ({average}), published": comparison[f"sn_{average}"].map(pct),
        f"{names['region']}, published": comparison.region_value.map(pct),
        "England, published": comparison.england_value.map(pct),
        "Own list differs by more than rounding": comparison.differs.map(DIFFERS_TEXT),
    })
