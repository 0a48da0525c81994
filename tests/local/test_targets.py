"""Trajectories, RAG and forecasts at their boundaries."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analytics.local.targets import MET, NO_DIRECTION, NOT_AT_RATE, ON_COURSE, TOO_FEW, forecast, rag, trajectory

# Dudley's assessments trajectory: 75% April, 80% June, 85% August 2021
ASSESSMENTS = pd.DataFrame({"target_date": [date(2021, 4, 1), date(2021, 6, 1), date(2021, 8, 1)],
                            "value": [75.0, 80.0, 85.0], "tolerance": [5.0, 5.0, 5.0]})


def months(first: str, n: int) -> list[date]:
    return [d.date() for d in pd.date_range(first, periods=n, freq="MS")]


def test_trajectory_joins_dated_targets_and_holds_the_last():
    got = trajectory(ASSESSMENTS, months("2021-03-01", 7))
    assert np.isnan(got.target.iloc[0])  # before the first target there is none
    assert got.target.iloc[1:].tolist() == [75.0, 77.5, 80.0, 82.5, 85.0, 85.0]


def test_a_standing_target_covers_months_no_dated_target_does():
    targets = pd.concat([ASSESSMENTS, pd.DataFrame({"target_date": [pd.NaT], "value": [90.0], "tolerance": [1.0]})])
    got = trajectory(targets, months("2021-03-01", 2))
    assert got.target.tolist() == [90.0, 75.0] and got.tolerance.tolist() == [1.0, 5.0]


@pytest.mark.parametrize(("value", "expected"), [
    (80.0, "green"), (95.0, "green"), (79.999, "amber"), (75.0, "amber"), (74.999, "red"), (float("nan"), None),
])
def test_rag_when_higher_is_better(value, expected):
    assert rag(value, 80.0, 5.0, "high") == expected


@pytest.mark.parametrize(("value", "expected"), [
    (18.0, "green"), (12.0, "green"), (18.5, "amber"), (19.0, "amber"), (19.001, "red"),
])
def test_rag_when_lower_is_better(value, expected):
    assert rag(value, 18.0, 1.0, "low") == expected


def test_rag_boundaries_survive_binary_fractions():
    assert rag(75.0, 77.5, 2.5, "high") == "amber"  # exactly on the amber line of an interpolated target
    assert rag(0.3, 0.1 + 0.2, 0.0, "high") == "green"


def test_no_tolerance_means_no_amber_and_no_direction_means_no_rating():
    assert rag(79.9, 80.0, float("nan"), "high") == "red"
    assert rag(50.0, 80.0, 5.0, "neither") is None


def series(values, first="2021-01-01") -> pd.DataFrame:
    return pd.DataFrame({"month": months(first, len(values)), "value": values})


def test_forecast_reaches_the_target_on_the_month_the_trend_crosses_it():
    # 70, 72, 74 in January to March: +2 a month reaches 80 three months after March
    outlook = forecast(series([70.0, 72.0, 74.0]), 80.0, "high", target_date=date(2021, 5, 1))
    assert (outlook.status, outlook.month, outlook.slope_per_month, outlook.late) == (
        ON_COURSE, date(2021, 6, 1), 2.0, True)


def test_forecast_horizon_boundary():
    assert forecast(series([70.0, 72.0, 74.0]), 80.0, "high", horizon=3).status == ON_COURSE
    assert forecast(series([70.0, 72.0, 74.0]), 80.0, "high", horizon=2).status == NOT_AT_RATE


def test_forecast_when_lower_is_better():
    outlook = forecast(series([24.1, 23.1, 22.1, 21.1]), 18.0, "low")
    # -1 a month from 21.1 in April reaches 18 3.1 months on: July is still above, August meets it
    assert (outlook.status, outlook.month) == (ON_COURSE, date(2021, 8, 1))


@pytest.mark.parametrize(("values", "status"), [
    ([74.0, 72.0, 70.0], NOT_AT_RATE), ([70.0, 70.0, 70.0], NOT_AT_RATE), ([70.0, 75.0], TOO_FEW),
    ([70.0, 75.0, 80.0], MET),
])
def test_forecast_away_flat_too_few_and_met(values, status):
    assert forecast(series(values), 80.0, "high").status == status


def test_forecast_uses_the_latest_six_figures_only():
    # the two oldest figures would pull the line down; the latest six climb 1 a month from 60 to 65
    outlook = forecast(series([99.0, 99.0, 60.0, 61.0, 62.0, 63.0, 64.0, 65.0]), 70.0, "high")
    assert (outlook.points, outlook.slope_per_month, outlook.month) == (6, 1.0, date(2022, 1, 1))


def test_no_forecast_without_a_direction():
    assert forecast(series([1.0, 2.0, 3.0]), 5.0, "neither").status == NO_DIRECTION
