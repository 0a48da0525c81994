"""One verdict per measure: the Workforce Board, the Improvement plan and a pack rate the same figure against the
same target in the same words, with the same process-chart baseline (ratings.verdict, ratings.outlook,
spc.BASELINE_MONTHS). Figures from the demo local store (data/local/synthetic_establishment.csv)."""

from datetime import date

import pandas as pd

from analytics.local import views as local_views
from analytics.local import workforce
from analytics.local.spc import BASELINE_MONTHS
from tests.packs.test_pack_own_figures import pack

JAN_2024 = date(2024, 1, 1)
BOARD_MEASURES = ["sw_vacancy_rate", "sw_turnover_rate", "sw_agency_rate", "sw_caseload", "permanent_staff_pct"]


def board_and_plan(demo_local, demo_figures):
    batches = local_views.demo_batch_ids(demo_figures.batches)
    rates = workforce.monthly_rates(demo_local.establishment("332"))
    board = local_views.board_view(rates, JAN_2024, demo_figures.targets, demo_figures.measures, BOARD_MEASURES,
                                   batches, JAN_2024)
    shown = local_views.one_origin(demo_figures.series)
    plan = local_views.plan_view(demo_figures.targets, shown[shown.team.isna()], demo_figures.measures, batches,
                                 JAN_2024)
    return board, plan


def test_permanent_share_reads_the_same_on_the_board_the_plan_and_the_pack(store, demo_local, demo_figures):
    board, plan = board_and_plan(demo_local, demo_figures)
    label = demo_figures.measures.at["permanent_staff_pct", "label"]
    on_board = board.readings.set_index("Measure").loc[label]
    on_plan = plan.table.set_index("Measure").loc[label]
    section = next(s for s in pack(store, demo_figures, "workforce-board", JAN_2024).sections
                   if s.is_local and s.measure_id == "permanent_staff_pct")
    # 84.9% in January 2024 against the demo's 85% target (lower is worse): red, and said to be a demo target
    assert on_board.RAG == on_plan.RAG == "Red" and section.summary.rag == "red"
    assert on_board["Rated against"] == on_plan["Rated against"] == section.summary.rated_against == \
        "target 85.0% for Jan 2024 (demo target)"
    # one outlook, the same words on both pages and in the pack: not "on course" on one and "will miss" on another
    assert on_board["Outlook against the target"] == on_plan.Outlook
    assert f"Forecast: {on_plan.Outlook}." in section.commentary


def test_the_process_chart_baseline_is_the_same_on_the_page_and_in_the_pack(store, demo_local, demo_figures):
    board, _ = board_and_plan(demo_local, demo_figures)
    view = next(v for v in board.views if v.measure_id == "sw_vacancy_rate")
    # the demo's establishment runs from February 2021 to January 2024 (36 months); the baseline is the latest 24
    assert view.chart.n == BASELINE_MONTHS == 24 and view.months[0] == date(2022, 2, 1)
    section = next(s for s in pack(store, demo_figures, "workforce-board", JAN_2024).sections
                   if s.is_local and s.measure_id == "sw_vacancy_rate")
    names = {t.name for t in section.figure.data}
    assert "Mean of 24 months" in names
    assert abs(next(t for t in section.figure.data if t.name == "Mean of 24 months").y[0] - view.chart.mean) < 1e-9


def test_a_published_figure_in_the_worst_quarter_is_never_green(store, demo_figures):
    caseload = next(s for s in pack(store, demo_figures, "workforce-board", JAN_2024).sections
                    if not s.is_local and s.measure_id == "sw_caseload")
    # Dudley's 2023 caseload 17.8 (csww: England 16.0) is within the demo's standing target of 18, but in band D
    assert (caseload.summary.value, caseload.summary.england, caseload.summary.band) == ("17.8", "16.0",
                                                                                          "D (worst quarter)")
    assert caseload.summary.rag == "amber"
    assert caseload.summary.rated_against == "target 18.0 for Sep 2023 (demo target)"
    assert caseload.summary.held == "held at amber: in the worst quarter of LAs (band D)"
    assert pd.notna(caseload.summary.ends)
