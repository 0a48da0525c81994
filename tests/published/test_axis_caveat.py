"""The note under a trend chart whose scale one small-base point of the LA's sets."""

import pandas as pd

from analytics.published.summaries import axis_caveat

TURNOVER = pd.Series({"label": "Social worker turnover rate (FTE)", "unit": "percent", "decimals": 1},
                     name="sw_turnover_rate")


def _trend(la_values, england=(15.0, 16.0, 14.0)):
    return pd.DataFrame({"year": [2023, 2024, 2025], "period": ["Sep 2023", "Sep 2024", "Sep 2025"],
                         "la_value": la_values, "missing_reason": [None] * 3, "sn_mean": [14.0, 15.0, 13.0],
                         "sn_median": [13.5, 14.5, 12.5], "region_value": [15.5, 16.5, 14.5],
                         "england_value": list(england)})


def _staff(counts):
    return pd.DataFrame({"year": [2023, 2024, 2025], "la_value": counts, "missing_reason": [None] * 3})


def test_a_small_base_point_that_sets_the_scale_gets_a_note():
    # 2024: 100% turnover with 1 social worker in post; the comparators' highest is 16.5, and 100 > 1.5 x 16.5
    note = axis_caveat(TURNOVER, _trend([20.0, 100.0, 18.0]), _staff([1.0, 1.0, 2.0]), "Isles of Scilly")
    assert note == ("Social worker turnover rate (FTE): Isles of Scilly's 100.0% for Sep 2024 sets the chart's "
                    "scale; it rests on 1.0 social workers in post (FTE), a small base, so the other lines look "
                    "flatter than they are.")


def test_no_note_when_the_point_is_on_a_large_base_or_does_not_stretch_the_axis():
    # the same 100% on 45 workers is a real figure, not a small-base artefact
    assert axis_caveat(TURNOVER, _trend([20.0, 100.0, 18.0]), _staff([40.0, 45.0, 50.0]), "Dudley") is None
    # 24.0 is under 1.5 x 16.5 = 24.75: the comparators' lines are not flattened by it
    assert axis_caveat(TURNOVER, _trend([20.0, 24.0, 18.0]), _staff([1.0, 1.0, 2.0]), "Isles of Scilly") is None
