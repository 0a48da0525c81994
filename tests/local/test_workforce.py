"""Workforce rates from establishment figures, worked out by hand.

Team A: 10 posts, 8 permanent, 1 agency, 2 vacant, 0.1 leavers a month, 9 case holders with 90 cases.
Team B: 20 posts, 15 permanent, 4 agency, 5 vacant, 0.2 leavers a month, 19 case holders with 190 cases.
"""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analytics.local.workforce import WHOLE_SERVICE, latest_by_team, monthly_rates

MONTHS = [d.date() for d in pd.date_range("2023-01-01", periods=12, freq="MS")]


def establishment(months=MONTHS) -> pd.DataFrame:
    rows = []
    for month in months:
        rows.append({"month": month, "team": "A", "posts_fte": 10.0, "permanent_fte": 8.0, "agency_fte": 1.0,
                     "vacant_fte": 2.0, "starters_fte": 0.0, "leavers_fte": 0.1, "case_holders_fte": 9.0,
                     "cases": 90.0})
        rows.append({"month": month, "team": "B", "posts_fte": 20.0, "permanent_fte": 15.0, "agency_fte": 4.0,
                     "vacant_fte": 5.0, "starters_fte": 0.0, "leavers_fte": 0.2, "case_holders_fte": 19.0,
                     "cases": 190.0})
    return pd.DataFrame(rows)


def test_rates_per_team_and_for_the_whole_service():
    rates = monthly_rates(establishment()).set_index(["team", "month"])
    a, b, whole = (rates.loc[(t, date(2023, 12, 1))] for t in ("A", "B", WHOLE_SERVICE))
    assert (a.sw_vacancy_rate, a.sw_agency_rate, a.permanent_staff_pct, a.sw_caseload) == (
        20.0, pytest.approx(100 / 9), 80.0, 10.0)
    assert a.sw_turnover_rate == pytest.approx(100 * 1.2 / 8)  # 12 months of 0.1 leavers over 8 in post
    assert b.sw_turnover_rate == pytest.approx(100 * 2.4 / 15)
    # the whole service from summed FTEs: 7 vacant of 30, 5 agency of 28, 23 permanent of 30 posts, 280 cases
    assert (whole.sw_vacancy_rate, whole.sw_agency_rate, whole.permanent_staff_pct, whole.sw_caseload) == (
        pytest.approx(100 * 7 / 30), pytest.approx(100 * 5 / 28), pytest.approx(100 * 23 / 30), 10.0)
    assert whole.sw_turnover_rate == pytest.approx(100 * 3.6 / 23)


def test_turnover_needs_twelve_months():
    rates = monthly_rates(establishment()).set_index(["team", "month"])
    assert rates.loc[("A", date(2023, 11, 1)), "sw_turnover_rate"] != rates.loc[("A", date(2023, 11, 1)),
                                                                                 "sw_turnover_rate"]
    gap = monthly_rates(establishment([m for m in MONTHS if m != date(2023, 6, 1)])).set_index(["team", "month"])
    assert np.isnan(gap.loc[("A", date(2023, 12, 1)), "sw_turnover_rate"])


def test_a_team_missing_a_figure_leaves_the_total_unknown():
    data = establishment()
    data.loc[(data.team == "B") & (data.month == date(2023, 12, 1)), "cases"] = np.nan
    rates = monthly_rates(data).set_index(["team", "month"])
    assert np.isnan(rates.loc[(WHOLE_SERVICE, date(2023, 12, 1)), "sw_caseload"])
    assert rates.loc[(WHOLE_SERVICE, date(2023, 12, 1)), "sw_vacancy_rate"] == pytest.approx(100 * 7 / 30)


def test_a_reported_whole_service_row_is_used_as_given():
    data = establishment(MONTHS[:1])
    reported = data.iloc[[0]].assign(team=None, vacant_fte=3.0)
    rates = monthly_rates(pd.concat([data, reported])).set_index(["team", "month"])
    assert rates.loc[(WHOLE_SERVICE, MONTHS[0]), "sw_vacancy_rate"] == pytest.approx(100 * 3 / 11)


def test_latest_by_team_with_changes():
    data = establishment()
    data.loc[(data.team == "A") & (data.month == date(2023, 12, 1)), "vacant_fte"] = 3.0
    latest = latest_by_team(monthly_rates(data))
    assert latest.team.tolist() == ["A", "B", WHOLE_SERVICE]
    a = latest.iloc[0]
    assert a.sw_vacancy_rate_change_month == pytest.approx(100 * 3 / 11 - 20.0)
    assert np.isnan(a.sw_vacancy_rate_change_year)  # no December 2022
    assert a.month_label == "Dec 2023"
