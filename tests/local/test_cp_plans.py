"""Children on a CP plan 9 months or longer, and the published bands, on a hand-made list with known answers.

The plans (child, start, end) and what each is at 31 October 2023 and 29 February 2024:
  a  31/01/2023 open        Oct: 273 days, start+9 = 31/10/2023 (9+ exactly), 6-12m  Feb: 394 days, 1-2y
  b  01/02/2023 open        Oct: 272 days, start+9 = 01/11/2023 (not 9+), 6-12m     Feb: 393 days, 1-2y
  c  31/05/2023 open        Oct: 153 days, 3-6m                         Feb: start+9 = 29/02/2024 (leap), 274 days
  d  31/10/2022 31/10/2023  ended on the month end: not open at the end of 31 October
  e  15/06/2021 open        Oct: 868 days, 2y+                          Feb: 989 days, 2y+
  h  31/07/2023 open        Oct: start+3 = 31/10/2023, '3 months or less'  Feb: 213 days, 6-12m
  i  30/04/2023 open, 1 previous plan (second plan)  Oct: 184 days, 6-12m  Feb: 305 days, 9+
  d  15/11/2023 open        d's second plan; Feb: 106 days, 3-6m
"""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analytics.local.cp_plans import add_months, month_end_summary
from analytics.months import month_range

PLANS = pd.DataFrame({
    "child_key": ["a", "b", "c", "d", "e", "h", "i", "d"],
    "plan_start": [date(2023, 1, 31), date(2023, 2, 1), date(2023, 5, 31), date(2022, 10, 31), date(2021, 6, 15),
                   date(2023, 7, 31), date(2023, 4, 30), date(2023, 11, 15)],
    "plan_end": [None, None, None, date(2023, 10, 31), None, None, None, None],
    "previous_plans": [None, None, None, None, None, None, 1, None],
})


@pytest.fixture(scope="module")
def summary():
    return month_end_summary(PLANS, [date(2023, 10, 1), date(2023, 11, 1), date(2024, 2, 1)]).set_index("month")


def test_october_2023(summary):
    october = summary.loc[date(2023, 10, 1)]
    assert october.month_end == date(2023, 10, 31)
    assert (october.cpp_open_count, october.cpp_9m_plus_count) == (6, 2)
    assert october.cpp_9m_plus_pct == pytest.approx(100 * 2 / 6)
    assert october.cpp_9m_plus_avg_days == (273 + 868) / 2
    bands = [october[f"{b}_count"] for b in ("cpp_dur_0_3m", "cpp_dur_3_6m", "cpp_dur_6_12m", "cpp_dur_1_2y",
                                              "cpp_2yr_plus")]
    assert bands == [1, 1, 3, 0, 1]
    assert (october.cpp_1yr_plus_count, october.cpp_1yr_plus_pct) == (1, pytest.approx(100 / 6))
    # started November 2022 to October 2023: a, b, c, h, i; i is a second plan
    assert (october.cpp_starts_month_count, october.cpp_starts_count, october.cpp_subsequent_count) == (0, 5, 1)
    assert october.cpp_subsequent_pct == 20.0 and np.isnan(october.cpp_subsequent_month_pct)


def test_february_2024_leap_year(summary):
    february = summary.loc[date(2024, 2, 1)]
    assert (february.cpp_open_count, february.cpp_9m_plus_count) == (7, 5)
    assert february.cpp_9m_plus_avg_days == (394 + 393 + 274 + 989 + 305) / 5
    bands = [february[f"{b}_count"] for b in ("cpp_dur_0_3m", "cpp_dur_3_6m", "cpp_dur_6_12m", "cpp_dur_1_2y",
                                               "cpp_2yr_plus")]
    assert bands == [0, 1, 3, 2, 1]
    assert february.cpp_1yr_plus_pct == pytest.approx(300 / 7)
    # March 2023 to February 2024: c, h, i, d's second; i (previous plans) and d (earlier plan in the list)
    assert (february.cpp_starts_count, february.cpp_subsequent_count) == (4, 2)


def test_a_second_plan_starting_in_the_month(summary):
    november = summary.loc[date(2023, 11, 1)]
    assert (november.cpp_starts_month_count, november.cpp_subsequent_month_count,
            november.cpp_subsequent_month_pct) == (1, 1, 100.0)


def test_no_children_on_a_plan_gives_missing_shares_not_zero():
    empty = month_end_summary(PLANS, [date(2020, 1, 1)]).iloc[0]
    assert empty.cpp_open_count == 0 and np.isnan(empty.cpp_9m_plus_pct) and np.isnan(empty.cpp_9m_plus_avg_days)


@pytest.mark.parametrize(("start", "k", "expected"), [
    ("2020-02-29", 12, "2021-02-28"), ("2020-02-29", 48, "2024-02-29"), ("2023-05-31", 9, "2024-02-29"),
    ("2022-05-31", 9, "2023-02-28"), ("2023-01-31", 1, "2023-02-28"), ("2023-06-30", 9, "2024-03-30"),
    ("2023-12-15", 3, "2024-03-15"),
])
def test_calendar_months_after_a_date(start, k, expected):
    assert add_months(np.array([start], dtype="datetime64[D]"), k)[0] == np.datetime64(expected)


def test_month_range():
    assert month_range(date(2023, 11, 20), date(2024, 2, 3)) == [date(2023, 11, 1), date(2023, 12, 1),
                                                                 date(2024, 1, 1), date(2024, 2, 1)]
