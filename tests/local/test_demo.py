"""The demo: Dudley's transcribed figures and targets, and labelled synthetic series, seeded on first run."""

from datetime import date

import pandas as pd
import pytest

from analytics.local.census import from_census
from analytics.local.demo import FILES, SYNTHETIC, SYNTHETIC_EXTRACTS
from analytics.local.targets import plan_status
from analytics.services import seed_demo


@pytest.fixture
def seeded(store, local):
    ids = seed_demo(store, local)
    assert len(ids) == len(FILES)
    return local


def test_every_demo_batch_is_flagged_and_synthetic_ones_say_so(store, seeded):
    batches = seeded.batches()
    assert batches.demo.all()
    synthetic = batches[batches.file_name.str.startswith("synthetic_")]
    assert len(synthetic) == 6 and synthetic.note.str.startswith("SYNTHETIC").all()
    assert (synthetic.note == SYNTHETIC).sum() == 3 and (synthetic.note == SYNTHETIC_EXTRACTS).sum() == 3
    assert seed_demo(store, seeded) == []  # only into an empty store


def test_transcribed_figures_as_the_documents_give_them(seeded):
    got = seeded.observations("332", ["mash_decisions_1wd_pct", "assessments_45d_pct", "sw_vacancy_rate",
                                      "sw_turnover_rate", "cpp_9m_plus_count"])
    got = got[~from_census(got)]  # the synthetic census is a series of its own (below)
    figures = {(r.measure_id, r.month.date()): r.value for r in got.itertuples()}
    assert figures["mash_decisions_1wd_pct", date(2020, 11, 1)] == 69.0
    assert figures["mash_decisions_1wd_pct", date(2021, 1, 1)] == 77.1
    assert [figures["assessments_45d_pct", date(y, m, 1)] for y, m in ((2020, 11), (2020, 12), (2021, 1))] == [
        70.3, 50.3, 47.0]
    assert (figures["sw_vacancy_rate", date(2023, 1, 1)], figures["sw_turnover_rate", date(2023, 1, 1)]) == (18, 19)
    assert figures["cpp_9m_plus_count", date(2021, 1, 1)] == 94.0
    assert got.source.str.contains("seeds/").all()
    coverage = seeded.coverage("332").set_index("measure_id")
    assert coverage.loc["assessments_45d_pct", ["figures", "demo"]].tolist() == [3, True]
    assert str(coverage.at["rereferral_pct", "latest_month"])[:7] == "2024-01"


def test_improvement_plan_status_from_the_demo(seeded, catalogue):
    targets = seeded.targets("332")
    observations = seeded.observations("332", list(targets.measure_id.unique()))
    status = plan_status(targets, observations[~from_census(observations)], catalogue.measures)
    status = status.set_index("measure_id")
    # caseload 24.1 in December 2020 against the standing 18: red, and no trend from one figure
    assert (status.at["sw_caseload", "latest_value"], status.at["sw_caseload", "rag"]) == (24.1, "red")
    assert status.at["sw_caseload", "forecast"] == "too few figures"
    # assessments: January 2021 is before the first dated target (April 2021), so no rating yet
    assert pd.isna(status.at["assessments_45d_pct", "rag"])
    assert (status.at["assessments_45d_pct", "final_target"], status.at["assessments_45d_pct", "final_target_date"]
            ) == (85.0, date(2021, 8, 1))
    assert status.at["assessments_45d_pct", "owner"] == "Karen Graham, Interim Head of Children and Families"


def test_the_synthetic_annex_a_extracts_overlap_and_give_monthly_figures(store, seeded):
    from analytics.local.figures import annex_a_figures

    extracts = seeded.annex_extracts("332")
    assert [str(d)[:10] for d in extracts.as_at] == ["2023-09-30", "2023-12-31"] and extracts.demo.all()
    found = annex_a_figures(seeded, store, "332")
    # the months the two extracts cover: the six to the first's date (April to September) and on to the second's
    assert sorted({f"{m:%Y-%m}" for m in found.month}) == [f"2023-{m:02d}" for m in range(4, 13)]


def test_the_synthetic_census_is_a_series_of_its_own_beside_the_published_figures(store, seeded):
    """data/local/synthetic_census_2023_09.csv, worked out from the file: five teams state 3, 3, 4, 3 and 2
    vacancies (each on every one of its rows), 15 in all, against 56.8 FTE employed in post on 30 September 2023:
    15 / 71.8 = 20.9%; agency 5.2 FTE, 5.2 / 62.0 = 8.4%. Dudley published 11.7% and 18.9% for 2023."""
    from analytics.local.figures import census_comparison, local_figures

    series = local_figures(seeded, store, "332", measure_ids=["sw_vacancy_rate"]).series
    whole = series[series.team.isna()]
    months = {origin: sorted(f"{m:%Y-%m}" for m in rows.month) for origin, rows in whole.groupby("origin")}
    # Dudley's transcribed January 2023 figure and the census never share a line; the establishment runs monthly
    assert months["reported"] == ["2023-01"] and months["census"] == ["2023-09"] and len(months["establishment"]) == 36
    found = census_comparison(seeded, store, "332").set_index("measure_id")
    assert round(found.own.sw_vacancy_rate, 1) == 20.9 and found.published.sw_vacancy_rate == 11.7
    assert round(found.own.sw_agency_rate, 1) == 8.4 and found.published.sw_agency_rate == 18.9
    assert found.differs.sw_vacancy_rate and found.differs.sw_agency_rate
    demo = seeded.batches().set_index("batch_id").demo
    assert demo[found.batch_id].all()
