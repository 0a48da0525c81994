"""The council's own figure beside the published one at a period end, flagged when they differ by more than
rounding (answers worked out by hand)."""

from datetime import date

import pandas as pd

from analytics.local import annex_measures, cp_views, like_for_like


def test_only_whole_service_figures_at_the_period_end_are_compared_and_a_gap_beyond_rounding_is_flagged():
    own = pd.DataFrame({"measure_id": ["cin_open_count", "cla_open_count", "cin_open_count", "cla_open_count"],
                        "month": [date(2024, 3, 1), date(2024, 3, 1), date(2024, 2, 1), date(2024, 3, 1)],
                        "team": [None, None, None, "MASH"], "value": [2443.0, 500.0, 1.0, 9.0]})
    published = pd.DataFrame({"measure_id": ["cin_at31_count", "cla_at31_count", "cla_at31_count"],
                              "year": [2024, 2024, 2023], "value": [2443.0, 520.0, 500.0]})
    found = like_for_like.at_period_end(own, published, annex_measures.PUBLISHED_AT_MARCH, 3)
    assert found[["measure_id", "own", "published", "differs"]].values.tolist() == [
        ["cin_open_count", 2443.0, 2443.0, False], ["cla_open_count", 500.0, 520.0, True]]


def test_rounding_is_half_a_unit_in_the_published_figures_last_place():
    own = pd.Series([20.44, 20.46, 12.4, 12.6, 30.0])
    published = pd.Series([20.4, 20.4, 12.0, 12.0, None])
    # 20.4 to one place allows 0.05 either way; a whole 12 allows half a child; nothing to compare is no flag
    assert like_for_like.beyond_rounding(own, published).tolist() == [False, True, False, True, False]


def test_the_cp_plan_lists_share_at_31_march_is_flagged_against_the_las_published_share():
    summary = pd.DataFrame({"month": [date(2023, 3, 1), date(2023, 4, 1), date(2024, 3, 1)],
                            "cpp_1yr_plus_pct": [12.74, 50.0, 0.0]})
    table = pd.DataFrame({"year": [2023, 2024], "period": ["2022-23", "2023-24"], "la_value": [12.7, 12.7],
                          "sn_mean": [15.0, 15.0], "sn_median": [14.0, 14.0], "region_value": [16.0, 16.0],
                          "england_value": [17.0, 17.0]})
    found = cp_views.like_for_like(summary, table)
    assert found[["year", "own", "differs"]].values.tolist() == [[2023, 12.74, False], [2024, 0.0, True]]
    shown = cp_views.like_for_like_table(found, {"la": "Dudley", "region": "West Midlands"}, "mean")
    assert shown["Own list differs by more than rounding"].tolist() == ["", "yes: check the data"]
