"""Statistical-neighbour groupings as published (New_Statistical_Neighbour_Groupings_April_2021.csv)."""

DUDLEY_2021 = ["Rotherham", "Telford and Wrekin", "Medway", "Wigan", "Doncaster", "Lancashire",
               "North Lincolnshire", "Derbyshire", "Tameside", "Nottinghamshire"]


def test_dudley_ten_2021_neighbours_by_name_in_rank_order(store):
    names = store.areas().set_index("area_code")["name"]
    rows = store.neighbours("2021")
    dudley = rows[rows.area_code == "332"].sort_values("rank")
    assert [names[c] for c in dudley.neighbour_code] == DUDLEY_2021
    assert set(dudley.closeness) == {"Very close"}


def test_dudley_2025_model(store):
    rows = store.neighbours("2025")
    dudley = rows[rows.area_code == "332"].sort_values("rank")
    # sn_model_2025_wide.csv, Dudley's row
    assert dudley.neighbour_code.tolist() == ["384", "894", "808", "372", "370", "887", "357", "888", "841", "925"]


def test_every_grouping_has_ten_distinct_neighbours(store):
    rows = store.neighbours()
    sizes = rows.groupby(["model", "area_code"]).neighbour_code.nunique()
    assert (sizes == 10).all()
    assert not (rows.area_code == rows.neighbour_code).any()
    # 2021 predates Cumberland; 2025 postdates Cumbria
    assert "942" not in set(rows[rows.model == "2021"].area_code)
    assert "909" not in set(rows[rows.model == "2025"].area_code)
