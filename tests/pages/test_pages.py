"""Every page, for the LAs users will test it with, and the numbers it shows against the published files."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from analytics.ui.blocks import table_key
from tests.pages.conftest import PAGES, metric, open_app, tables, texts

# Dudley, Isles of Scilly (heavily suppressed), City of London, Cumberland (created 2023),
# Richmond upon Thames (joint workforce return), Cumbria (abolished 2023)
LAS = ["332", "420", "201", "942", "318", "909"]


@pytest.mark.parametrize("la", LAS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_for_every_kind_of_la(page, la):
    at = open_app(page, la=la, model="2021")
    assert at.sidebar.selectbox(key="sel_la").value == la
    assert at.title[0].value


def test_overview_tiles_read_the_published_dudley_figures():
    at = open_app(la="332", model="2021")
    turnover = metric(at, "Social worker turnover rate (FTE)")
    assert turnover.value == "34.9%"  # csww 2025
    shown = texts(at)
    # the change is an arrow and a word; red, amber and green are kept for the RAG rating
    assert ":gray-badge[▲ +10.3 pts (worse) on the year before] :red-badge[RAG: Red]" in shown  # 24.6% in 2024
    assert metric(at, "Social worker vacancy rate (FTE)").value == "17.7%"
    assert metric(at, "Agency worker rate (FTE)").value == "14.5%"
    assert metric(at, "Average caseload per social worker (FTE)").value == "19.5"
    assert ":gray-badge[▼ -2.8 pts (better) on the year before]" in shown  # 17.3% in 2024
    # Dudley's ten 2021 neighbours' 2025 turnover average 12.6%; England 11.8%; 147th of 148
    assert "**Sep 2025** · Neighbours (mean) 12.6% · region 11.5% · England 11.8%" in shown
    # Sutton shares 147th place: the tile words the rank as the packs do, and rates it as they do
    assert "Ranked joint 147th of 148 (1 = best) · quartile band D (worst quarter)" in shown
    assert "RAG: Red against neighbours and England" in shown


def test_overview_shows_the_latest_ofsted_judgement_and_history():
    at = open_app(la="332")
    assert any("Requires improvement to be good" in m.value and "31 October 2022" in m.value for m in at.markdown)
    history = tables(at)[-1]
    assert len(history) == 2 and history.Inspected.tolist() == ["31 Oct 2022", "29 Oct 2018"]


def test_suppressed_figures_are_shown_with_their_reason_not_zero():
    at = open_app(la="420", model="2021")
    # Isles of Scilly, turnover 2025: 'z' in the workforce file
    assert metric(at, "Social worker turnover rate (FTE)").value == "No figure"
    assert "**Sep 2025**: z — not applicable" in [c.value for c in at.caption]


def test_median_switch_changes_the_neighbour_average():
    at = open_app(la="332", model="2021", avg="median")
    # the same ten 2025 turnover figures: median (11.3 + 13.1) / 2
    assert "**Sep 2025** · Neighbours (median) 12.2%" in texts(at)


def test_sidebar_choice_updates_the_link():
    at = open_app(la="332")
    at.sidebar.selectbox(key="sel_la").set_value("942").run()
    at.sidebar.radio(key="sel_model").set_value("2021").run()
    assert not at.exception
    assert at.query_params["la"] == "942" and at.query_params["model"] == "2021"
    shown = texts(at)
    assert "Cumberland is not in the 2021 neighbour model" not in shown  # tiles do not repeat the note
    assert any("created on 1 April 2023" in i.value for i in at.info)


def test_junk_in_the_link_falls_back_with_notices():
    at = open_app(la="nowhere", model="1999", avg="mode", show="sn,aliens", **{"from": "abc", "utm": "x"})
    warnings = " ".join(w.value for w in at.warning)
    assert "local authority 'nowhere', which is not known; showing Dudley" in warnings
    assert "neighbour model '1999'" in warnings
    assert "'mode' neighbour average" in warnings
    assert "comparators 'sn,aliens'" in warnings
    assert "'utm' is not used" in warnings
    assert at.query_params["la"] == "332"
    assert metric(at, "Social worker turnover rate (FTE)").value == "34.9%"


def test_workforce_page_compares_dudley_with_its_neighbours():
    at = open_app("pages/workforce.py", la="332", model="2021")
    assert len(at.get("plotly_chart")) == 2  # the trends, and Dudley among its neighbours
    assert "Dudley ranks **joint 94th of 149** among LAs with a figure" in texts(at)  # vacancy rate 2025, tied
    at.selectbox(key="workforce_measure").set_value("sw_turnover_rate").run()
    assert "Dudley ranks **joint 147th of 148**" in texts(at)


def test_workforce_comparison_year_can_go_back():
    at = open_app("pages/workforce.py", la="332", model="2021")
    at.selectbox(key="workforce_year").set_value(2022).run()
    assert "**Sep 2022**: Dudley ranks" in texts(at)


def test_workforce_context_view_shows_staff_flows():
    at = open_app("pages/workforce.py", la="332")
    at.segmented_control(key="workforce_view").set_value("Social workers in post, starters and leavers").run()
    assert not at.exception and len(at.get("plotly_chart")) == 2


def test_practice_page_for_a_joint_return_la():
    at = open_app("pages/practice.py", la="318", model="2021")
    assert len(at.get("plotly_chart")) == 2
    # the Practice page shows no workforce figure, so the joint workforce return is not mentioned there; the
    # Workforce page, where it matters, says so
    assert not any("joint social work workforce return" in i.value for i in at.info)
    workforce = open_app("pages/workforce.py", la="318", model="2021")
    assert any("joint social work workforce return" in i.value for i in workforce.info)
    at.segmented_control(key="practice_view").set_value("How long plans had lasted at 31 March").run()
    assert not at.exception and len(at.get("plotly_chart")) == 2
    at.session_state[table_key("cp_plan_durations")] = True
    at.run()
    durations = at.dataframe[-1].value
    assert set(durations.Area) == {"Richmond upon Thames", "Neighbours (mean)", "London", "England"}


def test_explorer_opens_the_measure_in_the_link():
    at = open_app("pages/explorer.py", la="332", measure="assessments_45d_pct")
    assert at.selectbox(key="explorer_measure").value == "assessments_45d_pct"
    assert len(at.get("plotly_chart")) == 2
    at.segmented_control(key="explorer_view").set_value("All local authorities").run()
    assert not at.exception and len(at.get("plotly_chart")) == 2


def test_explorer_lists_a_lait_repeat_of_a_release_measure_once_naming_both_sources():
    at = open_app("pages/explorer.py", la="332", measure="lait_rereferral")  # an old link to LAIT's copy
    chosen = at.selectbox(key="explorer_measure")
    assert chosen.value == "rereferral_pct" and not any("(lait_rereferral)" in o for o in chosen.options)
    assert "Re-referrals within 12 months (%) (rereferral_pct)" in chosen.options
    assert "also in the Local authority interactive tool (LAIT) as 'Percentage of re-referrals to children's " \
           "social care within 12 months' (lait_rereferral)" in texts(at)
    assert not at.warning


def test_explorer_unknown_measure_in_the_link_falls_back():
    at = open_app("pages/explorer.py", measure="not_a_measure")
    assert any("measure 'not_a_measure'" in w.value for w in at.warning)
    assert at.selectbox(key="explorer_measure").value == "sw_turnover_rate"


def test_sources_page_lists_every_publication_and_code():
    at = open_app("pages/sources.py")
    publications = tables(at)[0].set_index("Publication")
    assert len(publications) == 8
    # it may wrap at each underscore (a zero-width space follows it), and reads the same
    files = publications.loc["Children's social work workforce", "Files"]
    assert files.replace("\u200b", "") == "dfe/csww_indicators_2017_to_2025.csv" and files.count("_\u200b") == 4
    assert publications.loc["Children's social work workforce", "Edition"] == "reporting years 2017 to 2025"
    assert "Open Government Licence v3.0" in texts(at)
    editions = at.dataframe[0].value.set_index("File")
    assert len(editions) == 8 and set(editions["Edition (1 = newest)"]) == {1}
    assert editions.loc["dfe/csww_indicators_2017_to_2025.csv", "Years it gives"] == "2017 to 2025"
    assert "No figure in the latest editions differs" in texts(at)
    codes = at.dataframe[1].value
    assert {"c", "x", "z", "u", "k", "low", "-"} <= set(codes["Code"])


@pytest.fixture
def next_edition_store(next_edition, monkeypatch):
    """The pages on a store built with a newer workforce edition: caches cleared before and after."""
    import streamlit as st

    root, out = next_edition
    monkeypatch.setenv("ANALYTICS_DATA_DIR", str(root))
    monkeypatch.setenv("ANALYTICS_STORE", str(out))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
    st.cache_data.clear()


def test_a_newer_edition_adding_2026_shows_on_the_pages(next_edition_store):
    at = open_app(la="332", model="2021")
    assert metric(at, "Social worker turnover rate (FTE)").value == "30.1%"  # the new edition's 2026
    assert "**Sep 2026** · Neighbours (mean)" in texts(at)
    at.switch_page("pages/sources.py").run()
    assert not at.exception
    editions = at.dataframe[0].value.set_index("File")
    assert editions.loc["dfe/2026/csww_indicators_2017_to_2026.csv", "Years it gives"] == "2017 to 2026"
    changes = at.dataframe[1].value
    assert changes[["Measure", "Area", "Year", "Change", "Before", "Now"]].values.tolist() == [
        ["Social worker vacancy rate (FTE)", "Dudley", 2025, "revised", "17.7%", "17.9%"]]


def test_sources_page_states_what_is_kept_of_children_and_workers():
    at = open_app("pages/sources.py")
    text = texts(at)
    assert "a date of birth is kept as its month" in text and "postcodes and free text are not read" in text


def test_a_percentage_on_a_small_base_says_so_on_its_tile_and_rank():
    at = open_app(la="420")  # Isles of Scilly
    shown = texts(at)
    # 2025: no social workers in post at 30 September (sw_fte 0.0), so its vacancy and agency rates are 100%
    assert metric(at, "Social worker vacancy rate (FTE)").value == "100.0%"
    assert (":orange-badge[Small base] Social worker vacancy rate (FTE) rests on 0.0 social workers in post "
            "(FTE), a small base") in shown
    # its count of children on plans at 31 March 2025 is suppressed: the 0.0% ranked 1st, band A, says so
    assert ("Social worker vacancy rate (FTE)" in shown and
            ":orange-badge[Small base] CP plans at 31 March lasting 1 year or more (%) rests on a count of children "
            "on plans at 31 March that is c") in shown
    assert "Ranked 1st of" in shown and "(small base) (1 = best) · quartile band A (best quarter) (small base)" in shown
    # Dudley's bases are large: no caveat
    assert "Small base" not in texts(open_app(la="332"))


def test_overview_tiles_chart_the_la_against_its_comparator_and_the_subtitle_spans_the_figures_shown():
    at = open_app(la="332", model="2021")
    charts = at.get("vega_lite_chart")
    assert len(charts) == 10
    spec = json.loads(charts[0].proto.spec)  # the vacancy rate: Dudley against its neighbours' mean
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Dudley", "Neighbours (mean)"]
    assert spec["encoding"]["x"]["axis"]["values"] == [2017, 2025]  # the first and last years with a figure
    # written as every other view writes a workforce year (at 30 September)
    assert spec["encoding"]["x"]["axis"]["labelExpr"] == 'datum.value == 2017 ? "Sep 2017" : "Sep 2025"'
    # the year ending 31 March 2025 reads the same on a DfE release tile and a LAIT one
    shown = texts(at)
    # (LAIT writes it "2025"): re-referrals from the release, the ten neighbours' 219.3 / 10; assessments within
    # 45 working days from LAIT, 899.8 / 10
    assert "**2024-25** · Neighbours (mean) 21.9%" in shown and "**2024-25** · Neighbours (mean) 90.0%" in shown
    # the subtitle's years are those the headline measures have figures for
    header = next(m.value for m in at.markdown if m.value.startswith("**Dudley** · region"))
    assert header.endswith("· 2013–2025")
    # titles are written out in full above each tile (a metric's label is cut off at a tile's width)
    assert "**Children in care with 3 or more social workers in the year (%)**" in texts(at)


def test_a_trend_whose_scale_a_small_base_point_sets_says_so_under_the_chart():
    shown = texts(open_app("pages/workforce.py", la="420", model="2021"))  # Isles of Scilly
    # 2019: 100.0% turnover with 1.0 social worker in post at 30 September
    assert ("Social worker turnover rate (FTE): Isles of Scilly's 100.0% for Sep 2019 sets the chart's scale; it "
            "rests on 1.0 social workers in post (FTE), a small base") in shown
    assert "sets the chart's scale" not in texts(open_app("pages/workforce.py", la="332"))


# each page's views and the keys of the tables they draw (blocks.table_view), opened before the run
TABLES = [
    ("pages/workforce.py", {}, ["workforce_trends", "workforce_sw_vacancy_rate"]),
    ("pages/workforce.py", {"workforce_view": "Social workers in post, starters and leavers"}, ["workforce_flows"]),
    ("pages/practice.py", {}, ["practice_trends", "practice_cpp_1yr_plus_pct"]),
    ("pages/practice.py", {"practice_view": "How long plans had lasted at 31 March"}, ["cp_plan_durations"]),
    ("pages/workforce_board.py", {}, ["board_monthly", "board_flows"]),
    ("pages/improvement_plan.py", {}, ["plan_permanent_staff_pct"]),
    ("pages/improvement_plan.py", {"plan_area": "2. Timeliness and quality of decisions in the MASH"},
     ["plan_mash_decisions_1wd_pct"]),
    ("pages/explorer.py", {"measure": "sw_caseload"}, ["sw_caseload_neighbours", "explorer_sw_caseload"]),
]


@pytest.mark.parametrize(("page", "query", "keys"), TABLES)
def test_every_table_shows_its_figures_to_the_charts_decimals_with_a_unit(page, query, keys):
    at = open_app(page, la="332", model="2021", **query)
    for key in keys:
        at.session_state[table_key(key)] = True
    at.run()
    assert not at.exception
    tables = [d for d in at.dataframe if d.value.select_dtypes("float").shape[1]]
    assert tables or page == "pages/explorer.py", "no table of figures opened"
    for table in tables:
        config = json.loads(table.proto.columns)
        for column in table.value.select_dtypes("float").columns:
            # every figure here is a rate, a caseload or an FTE: one decimal place, as the charts' hovers
            assert config[column]["type_config"]["format"] == "%.1f", column
            assert all(round(v, 1) == v for v in table.value[column].dropna()), column
        assert "Unit" in table.value.columns, table.value.columns.tolist()


def test_a_table_of_measures_in_different_units_writes_each_row_as_its_chart_does():
    at = open_app("pages/practice.py", la="332", practice_view="9 months or longer: the council's own count")
    at.session_state[table_key("cp_nine_months")] = True
    at.run()
    table = next(d.value for d in at.dataframe if "Figure" in d.value.columns)
    count = table[table.Measure == "Children on a child protection plan for 9 months or longer"].Figure
    share = table[table.Measure == "Children on a child protection plan for 9 months or longer (%)"].Figure
    assert len(count) and all(v.replace(",", "").isdigit() for v in count)  # children: whole numbers
    assert len(share) and all(v.split(".")[1].isdigit() and len(v.split(".")[1]) == 1 for v in share if v)


def test_each_pages_subtitle_spans_the_years_its_figures_cover():
    def header(at):
        return next(m.value for m in at.markdown if m.value.startswith("**Dudley** · region"))
    # the workforce census from 2017 (reporting year 2017) to 2025; the practice measures from 2012-13 to 2024-25
    assert header(open_app("pages/workforce.py", la="332")).endswith("· 2017–2025")
    assert header(open_app("pages/practice.py", la="332")).endswith("· 2013–2025")
    # the explorer's, those of the measure chosen: turnover, reporting years 2017 to 2025 (csww_indicators)
    assert header(open_app("pages/explorer.py", la="332")).endswith("· 2017–2025")
    # the council's pages, their monthly figures: the demo's establishment runs from February 2021 to January 2024;
    # the plan's measures from the synthetic CP plan list (plans from 2018) to January 2024
    assert header(open_app("pages/workforce_board.py", la="332")).endswith("· 2021–2024")
    assert header(open_app("pages/improvement_plan.py", la="332")).endswith("· 2018–2024")
    # pages that draw no figures of the selected years name none (the slider's range would mean nothing there)
    for page in ("pages/data.py", "pages/packs.py", "pages/sources.py"):
        assert header(open_app(page, la="332")).endswith("neighbours: May 2025 model (mean)"), page


def test_a_static_table_shows_its_cells_as_text_and_links_where_asked():
    def page():
        import pandas as pd

        from analytics.ui import blocks
        blocks.static_table(pd.DataFrame({"Name": ["<b>Kent</b> & Medway", None], "Site": ["gov.uk", "ons.gov.uk"],
                                          "url": ["https://www.gov.uk/a?b=1&c=2", "https://www.ons.gov.uk"]}),
                            links={"Site": "url"})

    at = AppTest.from_function(page)
    at.run()
    body = at.get("html")[0].proto.body
    assert "<td>&lt;b&gt;Kent&lt;/b&gt; &amp; Medway</td>" in body and "<td>–</td>" in body  # escaped; none: a dash
    assert '<a href="https://www.gov.uk/a?b=1&amp;c=2" target="_blank">gov.uk</a>' in body
    assert tables(at)[0].columns.tolist() == ["Name", "Site"]  # the address column is not shown
