"""Figures in the store equal the published ones: literals copied from the DfE files."""

import pytest

from tests.conftest import area_figures, figure

DUDLEY, ENGLAND = "332", "E92000001"


@pytest.mark.parametrize(("measure", "area", "year", "published"), [
    # csww_indicators_2017_to_2025.csv
    ("sw_turnover_rate", DUDLEY, 2025, 34.9),
    ("sw_vacancy_rate", DUDLEY, 2025, 17.7),
    ("sw_agency_rate", DUDLEY, 2025, 14.5),
    ("sw_caseload", DUDLEY, 2025, 19.5),
    ("sw_absence_rate", DUDLEY, 2025, 4.6),
    ("sw_vacancy_rate", DUDLEY, 2022, 18.2),
    ("sw_turnover_rate", DUDLEY, 2022, 22.0),
    ("sw_caseload", DUDLEY, 2022, 20.9),
    ("sw_turnover_rate", ENGLAND, 2025, 11.8),
    ("sw_vacancy_rate", ENGLAND, 2025, 14.2),
    ("sw_agency_rate", ENGLAND, 2025, 13.0),
    ("sw_caseload", ENGLAND, 2025, 15.2),
    ("sw_fte", DUDLEY, 2025, 144.3),
    ("sw_leavers_fte", DUDLEY, 2025, 50.3),
    ("sw_turnover_rate", "E12000005", 2025, 11.5),  # West Midlands, as published
    # d3, c1 (year ending 31 March 2025)
    ("cpp_subsequent_pct", DUDLEY, 2025, 27.6),
    ("cpp_subsequent_count", DUDLEY, 2025, 88),
    ("rereferral_pct", DUDLEY, 2025, 22.5),
    ("rereferral_pct", ENGLAND, 2025, 22.6),
    # d5
    ("cpp_at31_count", DUDLEY, 2025, 237),
    ("cpp_dur_0_3m_pct", DUDLEY, 2025, 30.8),
    ("cpp_2yr_plus_pct", ENGLAND, 2025, 2.3),
])
def test_published_figures(store, measure, area, year, published):
    value, status = figure(store, measure, area, year)
    assert status is None
    assert value == pytest.approx(published)


@pytest.mark.parametrize(("measure", "area", "year", "code"), [
    ("cpp_2yr_plus_pct", DUDLEY, 2025, "c"),  # d5: Dudley's two longest bands are suppressed
    ("cpp_dur_1_2y_count", DUDLEY, 2025, "c"),
    ("sw_turnover_rate", "420", 2025, "z"),  # Isles of Scilly: no social workers in post
    ("sw_turnover_rate", "213", 2025, "x"),  # Westminster
    ("sw_agency_rate", "394", 2025, "low"),  # Sunderland
    ("sw_turnover_rate", "394", 2024, "u"),
])
def test_special_codes_are_missing_with_their_reason(store, measure, area, year, code):
    value, status = figure(store, measure, area, year)
    assert value is None
    assert status == code


def test_one_year_or_more_adds_the_two_long_bands_when_both_are_published(store):
    # Dudley 2023-24: 1-2 years 13.2%, 2 years or more 3.1% (30 and 7 children)
    assert figure(store, "cpp_1yr_plus_pct", DUDLEY, 2024) == (pytest.approx(16.3), None)
    assert figure(store, "cpp_1yr_plus_count", DUDLEY, 2024) == (37, None)


def test_one_year_or_more_is_the_rest_when_both_long_bands_are_suppressed(store):
    # Dudley 2024-25: 237 on plans; 73 (30.8%), 63 (26.6%), 64 (27.0%) in the three shorter bands
    assert figure(store, "cpp_1yr_plus_count", DUDLEY, 2025) == (237 - 73 - 63 - 64, None)
    assert figure(store, "cpp_1yr_plus_pct", DUDLEY, 2025) == (pytest.approx(100 - 30.8 - 26.6 - 27.0), None)


def test_joint_workforce_return_is_one_area(store):
    # csww: "314 / 318" Kingston upon Thames / Richmond upon Thames, turnover 28 in 2025
    assert figure(store, "sw_turnover_rate", "314/318", 2025) == (28.0, None)
    assert area_figures(store, ["314", "318"], "sw_turnover_rate").empty


def test_no_figure_is_a_zero_standing_in_for_a_code(store):
    """Every missing value carries a reason and every reason has no value."""
    counts = store._df("""SELECT count(*) FILTER (WHERE value IS NULL AND status IS NULL) AS silent,
                                 count(*) FILTER (WHERE value IS NOT NULL AND status IS NOT NULL) AS both
                          FROM observations""")
    assert counts.silent.iloc[0] == 0 and counts.both.iloc[0] == 0
