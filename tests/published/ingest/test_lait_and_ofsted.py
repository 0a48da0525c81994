"""LAIT indicators and Ofsted judgements, against the published files."""

import pandas as pd

from tests.conftest import area_figures, figure


def test_lait_indicators_are_all_in_the_catalogue(store):
    measures = store.measures()
    assert (measures.publication == "lait").sum() == 434
    assert measures.id.is_unique
    assert {"assessments_45d_pct", "cp_reviews_in_time_pct", "cla_sw_instability_pct"} <= set(measures.id)


def test_lait_figures(store):
    # bds_long_0.parquet: Continue_Assess_Comp, Dudley (332)
    assert figure(store, "assessments_45d_pct", "332", 2025) == (77.3, None)
    assert figure(store, "assessments_45d_pct", "332", 2016) == (62.8, None)
    # RevCP, Dudley 2023
    assert figure(store, "cp_reviews_in_time_pct", "332", 2023) == (63.9, None)
    # Stability_SocialWorker: Dudley 2024 only
    assert figure(store, "cla_sw_instability_pct", "332", 2024) == (23.0, None)
    # LAIT's '-' is kept as the reason (Richmond's 2016 turnover)
    assert figure(store, "lait_work_force_to_rate", "318", 2016) == (None, "-")


def test_lait_joint_workforce_figures_are_stored_once(store):
    # LAIT repeats Kingston and Richmond's joint turnover (28 in 2025) under both LAs
    assert figure(store, "lait_work_force_to_rate", "314/318", 2025) == (28.0, None)
    both = area_figures(store, ["314", "318"], "lait_work_force_to_rate")
    assert set(both.year) == {2016}  # before the joint return: Kingston 17.4, Richmond '-'


def test_catalogue_rows_carry_polarity_unit_and_source(store):
    m = store.measures().set_index("id")
    assert m.loc["sw_turnover_rate", "polarity"] == "low" and m.loc["sw_turnover_rate", "unit"] == "percent"
    assert m.loc["assessments_45d_pct", "polarity"] == "high"
    assert m.loc["lait_cpp_num", "polarity"] == "neither" and not m.loc["lait_cpp_num", "quartiles"]
    assert "Children's social work workforce" in m.loc["sw_caseload", "source"]
    assert m.loc["assessments_45d_pct", "year_type"] == "Financial Year"


def test_ofsted_latest_and_history(store):
    dudley = store.inspections("332")
    assert len(dudley) == 2
    latest = dudley[dudley.latest].iloc[0]
    assert latest.inspection_date == pd.Timestamp(2022, 10, 31)
    assert latest.overall == "Requires improvement to be good"
    first = dudley[~dudley.latest].iloc[0]
    assert first.inspection_date == pd.Timestamp(2018, 10, 29) and first.leaders == "Good"
    judged = [store.inspections(code) for code in store.areas().query("level == 'la'").area_code]
    assert all(frame.latest.sum() <= 1 for frame in judged)  # at most one current judgement per LA
