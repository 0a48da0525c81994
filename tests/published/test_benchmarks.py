"""The benchmark engine against hand calculations: literal figures in, literal answers out."""

import pandas as pd
import pytest

from analytics.published.benchmarks import prepare_measure, quartile_bands
from analytics.published.geography import Geography, neighbour_group

# Dudley's ten 2021 neighbours' 2025 turnover, copied from csww_indicators_2017_to_2025.csv
NEIGHBOUR_TURNOVER_2025 = {"372": 13.6, "894": 10.1, "887": 17.5, "359": 14.5, "371": 7.9,
                           "888": 9.9, "813": 13.1, "830": 11.3, "357": 18.3, "891": 9.8}


def test_dudley_turnover_against_neighbours_region_and_england(store, geo, measures):
    table, group = prepare_measure(store.observations("sw_turnover_rate"), geo,
                                   measures.loc["sw_turnover_rate"]).for_la("332", "2021")
    row = table.set_index("year").loc[2025]
    assert row.la_value == 34.9
    # by hand: (13.6 + 10.1 + 17.5 + 14.5 + 7.9 + 9.9 + 13.1 + 11.3 + 18.3 + 9.8) / 10 = 126.0 / 10
    assert row.sn_mean == pytest.approx(12.6)
    # sorted: 7.9 9.8 9.9 10.1 11.3 | 13.1 13.6 14.5 17.5 18.3 -> (11.3 + 13.1) / 2
    assert row.sn_median == pytest.approx(12.2)
    assert (row.sn_count, row.sn_of) == (10, 10)
    assert row.region_value == 11.5 and row.england_value == 11.8
    assert group.codes == list(NEIGHBOUR_TURNOVER_2025)
    # only one reporting body had higher turnover than Dudley's in 2025
    assert row["rank"] == 147 and row.quartile == "D"


def test_rank_counts_reporting_bodies_with_a_figure(store, geo, measures):
    table, _ = prepare_measure(store.observations("sw_turnover_rate"), geo,
                               measures.loc["sw_turnover_rate"]).for_la("332", "2021")
    # 2025: 151 LA-level rows in the file (two of them joint returns), of which
    # Isles of Scilly (z), Kensington and Chelsea (x) and Westminster (x) have no figure
    assert table.set_index("year").loc[2025, "rank_of"] == 148


def test_suppressed_la_figure_is_missing_with_its_reason(store, geo, measures):
    table, _ = prepare_measure(store.observations("cpp_2yr_plus_pct"), geo,
                               measures.loc["cpp_2yr_plus_pct"]).for_la("332", "2021")
    row = table.set_index("year").loc[2025]
    assert pd.isna(row.la_value) and row.missing_reason == "c"
    assert pd.isna(row["rank"]) and pd.isna(row.quartile)
    assert row.england_value == 2.3  # published England figure still shown


def test_joint_return_partner_is_not_its_own_neighbour(store, geo, measures):
    prepared = prepare_measure(store.observations("sw_turnover_rate"), geo, measures.loc["sw_turnover_rate"])
    table, group = prepared.for_la("318", "2021")
    assert "314" in group.codes  # Kingston is one of Richmond's neighbours...
    row = table.set_index("year").loc[2025]
    assert row.la_area == "314/318" and row.la_value == 28.0
    assert row.sn_of == 9  # ...but their shared return is Richmond's own figure, not a neighbour's


def test_new_la_borrows_the_other_model_with_a_note(geo):
    group = neighbour_group(geo, "942", "2021")
    assert group.model_used == "2025" and len(group.codes) == 10
    assert "Cumberland is not in the 2021 neighbour model" in group.note


# --- edges, on a small hand-made table -------------------------------------------------

def _geo(extra_areas=(), joint=None, successors=None, neighbours=None) -> Geography:
    codes = ["A", "B", "C", "D", "E", *extra_areas]
    areas = pd.DataFrame({"area_code": codes, "name": codes, "level": "la", "region_code": "R"})
    areas = pd.concat([areas, pd.DataFrame([
        {"area_code": "R", "name": "Region", "level": "region", "region_code": "R"},
        {"area_code": "E92000001", "name": "England", "level": "england"}])])
    return Geography(areas=areas.set_index("area_code"), joint_of=joint or {}, successors=successors or {},
                     neighbours=neighbours or {})


def _obs(values: dict, year=2025) -> pd.DataFrame:
    rows = [{"area_code": a, "period": str(year), "year": year, "value": v, "status": None if v is not None else "c",
             "level": "joint" if "/" in a else "la"} for a, v in values.items()]
    rows += [{"area_code": "R", "period": str(year), "year": year, "value": 50.0, "status": None, "level": "region"},
             {"area_code": "E92000001", "period": str(year), "year": year, "value": 40.0, "status": None,
              "level": "england"}]
    return pd.DataFrame(rows).assign(value=lambda d: d.value.astype(float))


def _measure(polarity, quartiles=True):
    return pd.Series({"polarity": polarity, "quartiles": quartiles})


def _ranks(values, polarity, **geo_kwargs):
    prepared = prepare_measure(_obs(values), _geo(**geo_kwargs), _measure(polarity))
    return prepared.ranks.set_index("area_code")


def test_ties_share_the_best_rank():
    ranks = _ranks({"A": 10.0, "B": 20.0, "C": 20.0, "D": 30.0}, "low")
    assert ranks["rank"].to_dict() == {"A": 1, "B": 2, "C": 2, "D": 4}


def test_polarity_decides_which_end_is_first():
    values = {"A": 10.0, "B": 20.0, "C": 30.0, "D": 40.0}
    assert _ranks(values, "low")["rank"].to_dict() == {"A": 1, "B": 2, "C": 3, "D": 4}
    assert _ranks(values, "high")["rank"].to_dict() == {"A": 4, "B": 3, "C": 2, "D": 1}
    assert _ranks(values, "neither")["rank"].isna().all()


def test_la_with_no_figure_has_no_rank_and_is_not_counted():
    prepared = prepare_measure(_obs({"A": 10.0, "B": None, "C": 30.0}), _geo(), _measure("low"))
    table, _ = prepared.for_la("B", "2021")
    row = table.iloc[0]
    assert pd.isna(row["rank"]) and pd.isna(row.quartile) and row.missing_reason == "c"
    assert row.rank_of == 2


def test_quartile_bands_type7_with_cut_points_going_to_the_better_band():
    # values 1..5: type-7 quartiles are Q1 = 2, median = 3, Q3 = 4
    values = {"A": 1.0, "B": 2.0, "C": 3.0, "D": 4.0, "E": 5.0}
    low = _ranks(values, "low")
    assert (low.q1.iloc[0], low.q2.iloc[0], low.q3.iloc[0]) == (2.0, 3.0, 4.0)
    assert low.band.to_dict() == {"A": "A", "B": "A", "C": "B", "D": "C", "E": "D"}
    high = _ranks(values, "high")
    assert high.band.to_dict() == {"A": "D", "B": "C", "C": "B", "D": "A", "E": "A"}


def test_quartile_band_function_at_its_boundaries():
    def band(value, polarity):
        return quartile_bands([value], [10.0], [20.0], [30.0], polarity)[0]

    assert [band(v, "low") for v in (10.0, 10.01, 20.0, 30.0, 30.01)] == ["A", "B", "B", "C", "D"]
    assert [band(v, "high") for v in (30.0, 29.99, 20.0, 10.0, 9.99)] == ["A", "B", "B", "C", "D"]
    assert band(float("nan"), "low") is None
    assert band(15.0, "neither") is None


def test_no_bands_where_quartiles_do_not_apply():
    prepared = prepare_measure(_obs({"A": 1.0, "B": 2.0}), _geo(), _measure("low", quartiles=False))
    assert prepared.ranks.band.isna().all() and prepared.ranks["rank"].notna().all()


def test_joint_return_counts_once_in_ranks_and_neighbour_averages():
    geo = _geo(extra_areas=("J1", "J2"), joint={"J1": "J1/J2", "J2": "J1/J2"},
               neighbours={("2021", "A"): ["J1", "J2", "B"]})
    geo.areas.loc["J1/J2"] = {"name": "J1 / J2 (joint return)", "level": "joint", "region_code": "R"}
    prepared = prepare_measure(_obs({"A": 10.0, "B": 30.0, "J1/J2": 20.0}), geo, _measure("low"))
    assert prepared.cuts[2025][0] == 3  # A, B and the joint return: three bodies
    table, _ = prepared.for_la("A", "2021")
    row = table.iloc[0]
    # neighbours J1 and J2 are one return (20) and B is 30: mean (20 + 30) / 2
    assert (row.sn_mean, row.sn_count, row.sn_of) == (25.0, 2, 2)
    # J1's own figure is the joint one
    assert prepared.for_la("J1", "2021")[0].iloc[0].la_value == 20.0


def test_abolished_la_drops_out_where_a_successor_reports():
    geo = _geo(successors={"A": ["B", "C"]})
    prepared = prepare_measure(_obs({"A": 10.0, "B": 20.0, "C": 30.0, "D": 40.0}), geo, _measure("low"))
    assert set(prepared.ranks.area_code) == {"B", "C", "D"}


def test_years_outside_an_las_life_are_not_gaps_in_a_publication(store, geo, measures):
    prepared = prepare_measure(store.observations("cpp_1yr_plus_pct"), geo, measures.loc["cpp_1yr_plus_pct"])
    cumberland = prepared.for_la("942", "2025")[0].set_index("year")
    assert cumberland.loc[2023, "missing_reason"] == "not_yet"  # created 1 April 2023: first figures 2023-24
    assert pd.isna(cumberland.loc[2024, "missing_reason"]) and cumberland.loc[2024, "la_value"] > 0
    cumbria = prepared.for_la("909", "2021")[0].set_index("year")
    assert cumbria.loc[2024, "missing_reason"] == "abolished"
