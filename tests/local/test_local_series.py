"""Whole-service monthly series: as reported, else added up from teams where the measure allows; one source per
measure."""

from datetime import date

import numpy as np
import pandas as pd

from analytics.local.series import INCOMPLETE, NOT_ADDITIVE, whole_service
from analytics.local.views import ORIGINS, monthly_figures, one_origin
from analytics.local.workforce import WHOLE_SERVICE

UNITS = pd.Series({"assessments_45d_pct": "percent", "cpp_open_count": "count", "sw_caseload": "cases_per_fte"})
JAN, FEB = date(2023, 1, 1), date(2023, 2, 1)


def rows(*records) -> pd.DataFrame:
    return pd.DataFrame(records, columns=["measure_id", "month", "team", "value", "numerator", "denominator",
                                          "status"])


def test_teams_add_up_only_where_the_measure_allows():
    by_team = rows(("assessments_45d_pct", JAN, "A", 80.0, 40.0, 50.0, None),
                   ("assessments_45d_pct", JAN, "B", 20.0, 10.0, 50.0, None),
                   ("cpp_open_count", JAN, "A", 100.0, None, None, None),
                   ("cpp_open_count", JAN, "B", 65.0, None, None, None),
                   ("sw_caseload", JAN, "A", 20.0, None, None, None),
                   ("sw_caseload", JAN, "B", 16.0, None, None, None),
                   ("cpp_open_count", FEB, "A", 100.0, None, None, None),
                   ("cpp_open_count", FEB, "B", np.nan, None, None, "c"))
    got = whole_service(rows(), by_team, UNITS).set_index(["measure_id", "month"])
    assert got.loc[("assessments_45d_pct", JAN), "value"] == 50.0  # 50 of 100, not the mean of 80 and 20
    assert got.loc[("cpp_open_count", JAN), "value"] == 165.0
    assert np.isnan(got.loc[("sw_caseload", JAN), "value"])
    assert got.loc[("sw_caseload", JAN), "status"] == NOT_ADDITIVE
    assert got.loc[("cpp_open_count", FEB), "status"] == INCOMPLETE
    assert set(got.origin) == {"teams"}


def test_a_reported_whole_service_figure_wins():
    reported = rows(("cpp_open_count", JAN, None, 170.0, None, None, None))
    by_team = rows(("cpp_open_count", JAN, "A", 100.0, None, None, None),
                   ("cpp_open_count", FEB, "A", 90.0, None, None, None))
    got = whole_service(reported, by_team, UNITS)
    assert got[["month", "value", "origin"]].values.tolist() == [[JAN, 170.0, "reported"], [FEB, 90.0, "teams"]]


def test_each_measure_is_taken_from_the_one_source_with_most_months():
    # vacancy: one reported figure (January) and establishment rates for January and February, teams included;
    # turnover from the establishment cannot be worked out yet (missing), and a reported month may be missing
    # with its reason
    reported = rows(("sw_vacancy_rate", JAN, None, 18.0, None, None, None),
                    ("assessments_45d_pct", FEB, None, np.nan, None, None, "c")).assign(batch_id=1)
    rates = pd.DataFrame({"month": [JAN, JAN, FEB, FEB], "team": [WHOLE_SERVICE, "A", WHOLE_SERVICE, "A"],
                          "sw_vacancy_rate": [15.0, 12.0, 16.0, 13.0], "sw_turnover_rate": np.nan,
                          "batch_id": [np.nan, 2, np.nan, 2]})
    series = monthly_figures(reported, rows().assign(batch_id=[]), rates, None,
                             ["sw_vacancy_rate", "sw_turnover_rate", "assessments_45d_pct"])
    assert "sw_turnover_rate" not in set(series.measure_id)
    assert series[series.measure_id == "assessments_45d_pct"].status.tolist() == ["c"]
    chosen = one_origin(series, ORIGINS)
    vacancy = chosen[chosen.measure_id == "sw_vacancy_rate"]
    # two establishment months beat one reported month; never the reported 18.0 beside 15.0 and 16.0
    assert sorted(vacancy.value.tolist()) == [12.0, 13.0, 15.0, 16.0] and set(vacancy.origin) == {"establishment"}
    assert vacancy[vacancy.team.isna()].value.tolist() == [15.0, 16.0]
    assert chosen[chosen.measure_id == "assessments_45d_pct"].status.tolist() == ["c"]  # a gap is still shown
    # one month each: the order decides
    january = series[series.month == JAN]
    assert set(one_origin(january, ORIGINS).query("measure_id == 'sw_vacancy_rate'").origin) == {"reported"}
    assert set(one_origin(january, ("establishment", "reported")).query(
        "measure_id == 'sw_vacancy_rate'").origin) == {"establishment"}
