"""A LAIT indicator that repeats a DfE release measure is one measure: listed once, with both sources named."""

import pandas as pd

from analytics.published.summaries import distinct_measures, lait_duplicates


def test_a_lait_repeat_of_a_release_measure_is_listed_once_with_both_sources():
    catalogue = pd.DataFrame({
        "label": ["Re-referrals within 12 months (%)", "Percentage of re-referrals within 12 months",
                  "Children in need rate per 10,000"],
        "source": ["Department for Education, Characteristics of children in need", "DfE", "DfE"],
    }, index=pd.Index(["rereferral_pct", "lait_rereferral", "lait_cin"], name="id"))
    shown = distinct_measures(catalogue, {"lait_rereferral": "rereferral_pct", "lait_not_carried": "sw_fte"})
    assert shown.index.tolist() == ["rereferral_pct", "lait_cin"]
    assert shown.at["rereferral_pct", "sources"] == (
        "Department for Education, Characteristics of children in need; also in the Local authority interactive "
        "tool (LAIT) as 'Percentage of re-referrals within 12 months' (lait_rereferral)")
    assert shown.at["lait_cin", "sources"] == "DfE"


def test_every_declared_repeat_is_the_same_figure_for_every_area_and_year_both_carry(store):
    measures = store.measures().set_index("id")
    for lait, release in lait_duplicates().items():
        assert lait in measures.index and release in measures.index, (lait, release)
        both = store.observations(lait).merge(store.observations(release), on=["area_code", "year"],
                                              suffixes=("_lait", "_release")).dropna(
            subset=["value_lait", "value_release"])
        assert len(both) > 100, (lait, release)
        assert (both.value_lait - both.value_release).abs().max() < 0.05, (lait, release)
