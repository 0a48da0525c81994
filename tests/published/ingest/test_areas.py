"""Areas: every LA past and present once, with both codes; regions; England; joint returns."""

from tests.conftest import area_figures


def test_every_la_once_with_both_codes(store):
    areas = store.areas()
    las = areas[areas.level == "la"]
    assert las.area_code.is_unique and las.new_la_code.is_unique
    assert len(las) == 158  # 153 LAs today, plus 5 abolished since 2013
    assert len(las[las.abolished.isna()]) == 153
    dudley = las[las.area_code == "332"].iloc[0]
    assert (dudley["name"], dudley.new_la_code, dudley.region_code) == ("Dudley", "E08000027", "E12000005")


def test_regions_and_england(store):
    areas = store.areas().set_index("area_code")
    assert areas.loc["E92000001", "name"] == "England"
    assert len(areas[areas.level == "region"]) == 9
    assert areas.loc["E12000005", "name"] == "West Midlands"
    # a London borough's region is London, with inner/outer London kept beside it
    assert areas.loc["201", "region_code"] == "E12000007"
    assert areas.loc["201", "subregion_code"] == "E13000001"


def test_reorganised_las_neither_vanish_nor_double(store):
    areas = store.areas().set_index("area_code")
    assert areas.loc["909", "name"] == "Cumbria (to March 2023)"
    assert areas.loc["909", "abolished"] == 2023
    assert areas.loc["942", "created"] == 2023 and areas.loc["943", "created"] == 2023
    assert areas.loc["928", "abolished"] == 2021 and areas.loc["839", "created"] == 2019
    changes = store.boundary_changes()
    assert set(changes[changes.predecessor == "909"].successor) == {"942", "943"}
    # in the children in need files, no year has both Cumbria and its successors
    obs = area_figures(store, ["909", "942", "943"], "cin_at31_count")
    years = obs[obs.value.notna()].groupby("year").area_code.apply(set)
    assert all(not ({"909"} & s and {"942", "943"} & s) for s in years)


def test_joint_returns_name_their_members(store):
    members = store.joint_members()
    assert set(map(tuple, members[["joint_code", "member_code"]].values)) == {
        ("314/318", "314"), ("314/318", "318"), ("940/941", "940"), ("940/941", "941")}
    joint = store.areas().set_index("area_code").loc["314/318"]
    assert joint["name"] == "Kingston upon Thames / Richmond upon Thames (joint return)"
