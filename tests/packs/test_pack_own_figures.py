"""Board packs with the council's own figures read from the demo local store (local.figures.local_figures): which
sections each meeting gets, their numbers against the demo files, RAG by trajectory, demo labels and the public
rules on real counts.

Hand calculations from data/local/synthetic_establishment.csv, December 2023 (all six teams): vacant FTE 30.1,
permanent FTE 149.9, posts FTE 180.0, cases 2,594 over 146.2 case-holding FTE; November 2023: vacant 29.0,
permanent 151.0. From data/local/synthetic_cp_plans.csv: 33 plans started in September 2023, one of them a child's
second plan; 312 children were on a plan at the end of December 2023.
"""

import html
import re
from datetime import date

import pandas as pd
import pytest

from analytics import services
from analytics.disclosure import SUPPRESSED, recoverable_cells
from analytics.local.figures import local_figures
from analytics.local.views import DEMO_SYNTHETIC, DEMO_TARGETS, DEMO_TRANSCRIBED, LOCAL_SOURCE, ORIGIN_TEXT
from analytics.narrative import subject
from analytics.packs.meetings import PackRequest
from analytics.packs.render import pack_html
from tests.disclosure_check import feasible_values
from tests.packs.pack_fixtures import published
from tests.packs.test_pack_content import NUMBER, chart_and_table_numbers

JAN_2021, DEC_2023 = date(2021, 1, 1), date(2023, 12, 1)
PUBLISHED = {"workforce-board": 5, "director-review": 10, "advisor-checkin": 7, "scrutiny": 6}
BUILT: dict[tuple, object] = {}


def pack(store, figures, meeting: str, period: date, la: str = "332", public: bool = False):
    """A pack as the CLI and the Board packs page build it, once per set of arguments."""
    key = (meeting, period, la, public)
    if key not in BUILT:
        request = PackRequest(la, meeting, period, model="2021", public=public, produced=date(2026, 11, 22))
        BUILT[key] = services.pack_from_figures(published(store), figures, request)
    return BUILT[key]


def own(built) -> dict:
    return {s.measure_id: s for s in built.sections if s.is_local}


@pytest.mark.parametrize(("meeting", "period", "expected", "source"), [
    # January 2021: the establishment figures start in February 2021, so the reported caseload (December 2020) and
    # permanent share (January 2021) are shown; vacancy and turnover were reported only for January 2023
    ("workforce-board", JAN_2021, ["sw_caseload", "permanent_staff_pct"], LOCAL_SOURCE),
    # December 2023: rates from the establishment figures; posts uncovered (March 2021) is older than 24 months
    ("workforce-board", DEC_2023, ["sw_vacancy_rate", "sw_turnover_rate", "sw_agency_rate", "sw_caseload",
                                   "permanent_staff_pct"], ORIGIN_TEXT["establishment"]),
    ("advisor-checkin", JAN_2021, ["mash_decisions_1wd_pct", "assessments_45d_pct", "core_groups_in_timescale_pct",
                                   "case_supervision_pct", "cpp_9m_plus_pct", "cpp_9m_plus_avg_days",
                                   "cpp_open_count", "cpp_subsequent_month_pct"], None),
    ("director-review", JAN_2021, ["mash_decisions_1wd_pct", "assessments_45d_pct", "case_supervision_pct",
                                   "cpp_9m_plus_pct"], None),
    ("scrutiny", DEC_2023, ["cpp_open_count", "cpp_subsequent_month_pct", "sw_vacancy_rate", "sw_turnover_rate"],
     None),
])
def test_each_meeting_gets_its_measures_from_the_demo_store(store, demo_figures, meeting, period, expected, source):
    built = pack(store, demo_figures, meeting, period)
    assert list(own(built)) == expected
    assert built.pages == 3 + PUBLISHED[meeting] + len(expected)
    if source:
        assert {s.source for s in own(built).values()} == {source}


@pytest.mark.parametrize("meeting", list(PUBLISHED))
def test_a_store_without_figures_for_the_la_gives_the_published_pack(store, demo_local, meeting):
    # the demo is Dudley's: the Isles of Scilly have nothing in the store
    scilly = local_figures(demo_local, store, "420")
    assert scilly.series.empty and scilly.targets.empty
    built = pack(store, scilly, meeting, DEC_2023, la="420")
    assert not own(built) and built.pages == 3 + PUBLISHED[meeting] and built.demo == []
    assert "council's own figures" not in built.data_as_at


def test_commentary_and_table_are_the_demo_files_figures(store, demo_figures):
    # dudley_figures.csv: assessments within 45 days 70.3% (November 2020), 50.3% = 76 of 151 (December 2020),
    # 47% = 109 of 232 (January 2021)
    assessments = own(pack(store, demo_figures, "advisor-checkin", JAN_2021))["assessments_45d_pct"]
    assert assessments.commentary[:2] == [
        "Dudley's assessments completed within 45 working days fell to 47.0% in January 2021 from 50.3% in "
        "December 2020 (109 of 232).",
        "It has fallen in each of the last two months (70.3% in Nov 2020, 50.3% in Dec 2020, 47.0% in Jan 2021), a "
        "worsening trend."]
    assert assessments.table.values.tolist() == [["Nov 2020", "70.3%", "–", "–"], ["Dec 2020", "50.3%", "76", "151"],
                                                 ["Jan 2021", "47.0%", "109", "232"]]
    line = next(t for t in assessments.figure.data if t.name == "Dudley, monthly")
    assert list(line.y) == [70.3, 50.3, 47.0]
    # December 2023 vacancy: 30.1 / (30.1 + 149.9) = 16.7%; November: 29.0 / (29.0 + 151.0) = 16.1%
    vacancy = own(pack(store, demo_figures, "workforce-board", DEC_2023))["sw_vacancy_rate"]
    assert vacancy.commentary[0] == ("Dudley's social worker vacancy rate rose to 16.7% in December 2023 from 16.1% in "
                                     "November 2023.")
    assert vacancy.summary.value == "16.7%" and len(vacancy.table) == 6
    on_plans = own(pack(store, demo_figures, "scrutiny", DEC_2023))["cpp_open_count"]
    assert on_plans.summary.value == "312" and on_plans.commentary[0].startswith(
        "Dudley's children on a child protection plan at the month end rose to 312 in December 2023")
    assert "The council's own figures run to 31 December 2023." in pack(store, demo_figures, "scrutiny",
                                                                         DEC_2023).data_as_at


def test_rag_is_against_the_trajectory_for_the_figures_month(store, demo_figures):
    january = own(pack(store, demo_figures, "workforce-board", JAN_2021))
    # caseload 24.1 in December 2020 against the standing target of 18 (no tolerance), lower better: red; the
    # target is the transcribed demo's, and the rating says so
    caseload = january["sw_caseload"]
    assert (caseload.summary.rag, caseload.summary.rated_against) == ("red", "target 18.0 for Dec 2020 (demo target)")
    assert "It is 6.1 above the target of 18.0 for December 2020, worse than the target (rated red)." in \
        caseload.commentary
    # permanent staff 73% in January 2021; the only target is 85% for September 2021, so none applies yet
    permanent = january["permanent_staff_pct"]
    assert (permanent.summary.rag, permanent.summary.rated_against) == (None, "no target until Sep 2021")
    # assessments 47% in January 2021: the first target is 75% for April 2021, so not rated (not red against 85%)
    assessments = own(pack(store, demo_figures, "advisor-checkin", JAN_2021))["assessments_45d_pct"]
    assert (assessments.summary.rag, assessments.summary.rated_against) == (None, "no target until Apr 2021")
    assert ("No target applies to January 2021: the first, 75.0%, is for April 2021, so the figure is not rated."
            in assessments.commentary)
    december = own(pack(store, demo_figures, "workforce-board", DEC_2023))
    # permanent share 149.9 / 180.0 = 83.3% against 85% (held since September 2021): 1.7 short, no tolerance: red
    assert (december["permanent_staff_pct"].summary.value, december["permanent_staff_pct"].summary.rag) == (
        "83.3%", "red")
    # caseload 2,594 / 146.2 = 17.7 against 18: green; the chart's marker for December says the same
    caseload = december["sw_caseload"]
    assert (caseload.summary.value, caseload.summary.rag) == ("17.7", "green")
    green = next(t for t in caseload.figure.data if t.name == "Green")
    assert pd.Timestamp("2023-12-01") in list(green.x)


def test_demo_figures_are_labelled_on_the_cover_and_each_section(store, demo_figures):
    january = pack(store, demo_figures, "workforce-board", JAN_2021)
    # the published caseload is rated against the demo's standing target of 18, and labelled so
    assert january.demo == [DEMO_TARGETS, DEMO_TRANSCRIBED]
    assert all(s.demo == [DEMO_TRANSCRIBED] for s in own(january).values())
    assert all(s.commentary[-1] == "The latest figure is demo data transcribed from Dudley's published papers, not "
               "a live figure." for s in own(january).values())
    december = pack(store, demo_figures, "workforce-board", DEC_2023)
    assert set(december.demo) == {DEMO_SYNTHETIC, DEMO_TRANSCRIBED, DEMO_TARGETS}
    # the vacancy rate has no target; the caseload's target comes from the transcribed improvement plan
    assert own(december)["sw_vacancy_rate"].demo == [DEMO_SYNTHETIC]
    assert set(own(december)["sw_caseload"].demo) == {DEMO_SYNTHETIC, DEMO_TRANSCRIBED}
    assert own(december)["sw_vacancy_rate"].commentary[-1] == (
        "The latest figure is synthetic demo data, made up to show how the pack works: it is not Dudley's.")
    page = pack_html(december)
    # once on the cover and once on each of the five local sections
    assert page.count(html.escape(DEMO_SYNTHETIC)) == 1 + 5
    # of the published sections only the caseload has a (demo) target
    assert [s.measure_id for s in december.sections if not s.is_local and s.demo] == ["sw_caseload"]


def test_every_number_in_local_commentary_is_in_the_chart_or_table(store, demo_figures):
    for meeting, period in (("workforce-board", JAN_2021), ("workforce-board", DEC_2023),
                            ("advisor-checkin", JAN_2021), ("scrutiny", DEC_2023)):
        for section in own(pack(store, demo_figures, meeting, period)).values():
            allowed = chart_and_table_numbers(section)
            for sentence in section.commentary:
                # a distance from the target is a difference of two figures shown; a forecast's message counts
                # figures; neither is a figure itself
                text = re.sub(r"^It is [\d.,]+( percentage points)? (above|below)", "", sentence)
                if text.startswith("Forecast:"):
                    continue
                # the measure's own name ('for 9 months or longer') is not a figure
                text = text.replace(subject(demo_figures.measures.loc[section.measure_id]), "")
                stray = [n for n in NUMBER.findall(text) if n not in allowed]
                assert not stray, f"{section.title}: {stray} in {sentence!r}"


def test_the_public_scrutiny_pack_shows_no_small_local_count(store, demo_figures):
    # a private paper shows September 2023's one repeat plan of the 33 that started
    private = own(pack(store, demo_figures, "advisor-checkin", DEC_2023))["cpp_subsequent_month_pct"]
    assert private.table.set_index("Month").loc["Sep 2023"].tolist() == ["3.0%", "1", "33"]
    public = pack(store, demo_figures, "scrutiny", DEC_2023)
    repeats = own(public)["cpp_subsequent_month_pct"]
    assert repeats.table.set_index("Month").loc["Sep 2023"].tolist() == [SUPPRESSED]
    # the CP plan list is the synthetic demo's: drawn dotted and named so, as well as bannered
    line = next(t for t in repeats.figure.data if t.name == "Dudley, monthly (SYNTHETIC demo)")
    assert line.line.dash == "dot"
    gaps = next(t for t in repeats.figure.data if t.name == "No figure for Dudley")
    assert pd.Timestamp("2023-09-01") not in list(line.x)
    assert "Dudley, Sep 2023: c — suppressed to protect confidentiality" in list(gaps.customdata)
    for section in own(public).values():
        counts = section.table[list(section.counts_to_suppress)]
        shown = [int(v) for v in counts.to_numpy().ravel() if v not in (SUPPRESSED, "–")]
        assert not [v for v in shown if 1 <= v <= 5], section.title
        if "Team" in section.table and section.counts_to_suppress:
            by_team = counts.set_axis(section.table.Team)
            assert recoverable_cells(by_team, "All teams") == []
            assert all(len(v) > 1 for v in feasible_values(by_team, "All teams").values()), section.title
        # no count is quoted in a public paper's commentary
        assert not [s for s in section.commentary if re.search(r"\(\d[\d,]* of \d", s)]
        # every point on the chart is one the table or the whole-service rule allows: none rests on 1 to 5
        for trace in section.figure.data:
            if trace.name.startswith("Dudley, monthly") and section.measure_id == "cpp_open_count":
                assert min(trace.y) > 5
    # the establishment's teams all have at least 5 staff in post (the smallest, Family Comes First, 11.4 FTE)
    assert len(own(public)["sw_vacancy_rate"].table) == 6
    assert "Protecting individuals in this public paper" in [heading for heading, _ in public.rules]


def test_a_pack_past_the_own_figures_lists_them_as_left_out_and_labels_the_demo_target(store, demo_figures):
    late = pack(store, demo_figures, "workforce-board", date(2026, 12, 1))
    assert not [s for s in late.sections if s.is_local]
    assert ("Social worker vacancy rate (FTE): its latest figure is for January 2024, more than 24 months before "
            "the paper's month") in late.left_out
    page = pack_html(late)
    cover = page[:page.index('class="page summary"')]
    assert "Left out: the council's own figures for" in cover and "Social worker vacancy rate (FTE)" in cover
    # the published caseload is rated against the demo's standing target: the cover, the section and the CSV say so
    assert DEMO_TARGETS in late.demo and html.escape(DEMO_TARGETS) in cover
    caseload = next(s for s in late.sections if s.measure_id == "sw_caseload")
    assert caseload.summary.rated_against.endswith("(demo target)") and caseload.demo == [DEMO_TARGETS]
    csv = late.figures_table()
    assert set(csv[csv.Section == caseload.title]["Demo data"]) == {"rated against a demo target"}
    assert set(csv[csv.Section != caseload.title]["Demo data"]) == {"no"}
