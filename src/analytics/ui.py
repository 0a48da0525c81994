"""The one Streamlit helper module: cached loaders, the shared sidebar, and the standard chart block.

Everything here arranges widgets or caches results; the figures themselves come
from benchmarks.py, summaries.py and charts.py.
"""

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from analytics import charts, local_views, pack_content, pack_local, pack_render, pack_sources, selection, summaries
from analytics.benchmarks import Geography, MeasureBenchmarks, NeighbourGroup, prepare_measure
from analytics.build import ensure_store
from analytics.demo import DUDLEY, seed_demo
from analytics.exports import csv_bytes
from analytics.formatting import BAND_TEXT, format_value, ordinal_rank
from analytics.local_context import import_context
from analytics.local_store import LocalStore
from analytics.sources import LICENCE, LICENCE_URL
from analytics.store import Store

LATEST = "Latest published"


# ---- cached loaders: one store per server, results that do not change within a session cached ----

@st.cache_resource(show_spinner="Preparing the published figures…")
def store() -> Store:
    ensure_store()
    return Store()


@st.cache_resource
def geography() -> Geography:
    return Geography.from_store(store())


@st.cache_data
def measures() -> pd.DataFrame:
    return store().measures().set_index("id")


@st.cache_data
def boundary_changes() -> pd.DataFrame:
    return store().boundary_changes()


@st.cache_data
def year_span() -> tuple[int, int]:
    spans = store().measures_with_data()
    return int(spans.first_year.min()), int(spans.latest_year.max())


@st.cache_resource(max_entries=128)
def prepared(measure_id: str) -> MeasureBenchmarks:
    return prepare_measure(store().observations(measure_id), geography(), measures().loc[measure_id])


@st.cache_data(max_entries=1024)
def benchmark(measure_id: str, la: str, model: str) -> tuple[pd.DataFrame, NeighbourGroup]:
    return prepared(measure_id).for_la(la, model)


@st.cache_resource(show_spinner="Opening the council's own figures…")
def local_store() -> LocalStore:
    """The read-write store of the council's own figures; on the very first run it gets the labelled demo."""
    local = LocalStore()
    seed_demo(local, import_context(store(), local, DUDLEY))
    return local


def import_context_for(area_code: str):
    """What checking an import for `area_code` needs (catalogues, areas, today, the child key)."""
    return import_context(store(), local_store(), area_code)


def demo_banner(batch_ids: set[int]) -> None:
    """Label demo figures wherever they are shown."""
    for notice in local_views.demo_notices(local_store().batches(), batch_ids):
        st.warning(notice, icon=":material/science:")


@st.cache_data
def _catalogue(declared: pd.DataFrame) -> pd.DataFrame:
    return pack_sources.measure_catalogue(store().measures(), declared)


def local_catalogue() -> pd.DataFrame:
    """Published, shipped-local and declared measures together, with what charts need, indexed by id: rebuilt
    only when the declared measures change."""
    return _catalogue(local_store().declared_measures())


@st.cache_data
def selectable_las() -> pd.DataFrame:
    areas = geography().areas
    return areas[areas.level == "la"].sort_values("name")


# ---- navigation and the shared sidebar ----

def _page(file: str, title: str, icon: str, default: bool = False) -> st.Page:
    # the url path is the file name, as Streamlit's legacy pages/ handling would give it (see current_selection)
    return st.Page(f"pages/{file}.py", title=title, icon=f":material/{icon}:", default=default,
                   url_path=None if default else file)


def navigation():
    """Register the dashboard's pages, grouped as the sidebar shows them."""
    return st.navigation({
        "Published benchmarks": [
            _page("overview", "Overview", "dashboard", default=True),
            _page("workforce", "Workforce", "groups"),
            _page("practice", "Practice", "child_care"),
            _page("explorer", "Benchmark explorer", "search"),
        ],
        "Council's own figures": [
            _page("workforce_board", "Workforce Board", "badge"),
            _page("improvement_plan", "Improvement plan", "flag"),
            _page("data", "Import figures", "upload_file"),
        ],
        "Papers": [_page("packs", "Board packs", "picture_as_pdf")],
        "About": [_page("sources", "Data sources", "description")],
    })


def current_selection() -> selection.Selection:
    """The selection app.py made for this run (every page starts with this).

    While a pages/ folder sits beside app.py, Streamlit's legacy multipage handling
    can run a page script on its own, skipping app.py: on a server's first request
    if it is a link to a page, and on every run under AppTest. Then the navigation
    is registered here, which switches that handling off, and the run restarts
    through app.py.
    """
    if not st.session_state.pop("app_ran", False):
        navigation()
        st.rerun()
    return st.session_state["selection"]


def _initialise_from_link(las: pd.DataFrame, years: tuple[int, int]) -> None:
    """First run of a session: take the selection from the URL, explaining anything not understood."""
    parsed = selection.parse(st.query_params.to_dict(), set(las.index), las["name"].to_dict(), years)
    chosen = parsed.selection
    st.session_state.update({
        "sel_la": chosen.la, "sel_model": chosen.model, "sel_avg": chosen.average,
        "sel_show": list(chosen.comparators), "sel_years": (chosen.first_year, chosen.last_year),
        "link_notices": parsed.notices,
    })


def sidebar() -> selection.Selection:
    """The controls every page shares; the choice is mirrored in the URL so a link reopens the same view."""
    las = selectable_las()
    years = year_span()
    if "sel_la" not in st.session_state:
        _initialise_from_link(las, years)
    names = las["name"].to_dict()
    with st.sidebar:
        st.selectbox("Local authority", options=list(las.index), format_func=names.get, key="sel_la",
                     help="Type to search. Abolished councils are listed with the year they ended.")
        st.radio("Statistical neighbours", options=list(selection.MODELS), format_func=selection.MODELS.get,
                 key="sel_model", help="The DfE's groupings of the ten most similar LAs.")
        st.radio("Neighbour average", options=list(selection.AVERAGES), format_func=selection.AVERAGES.get,
                 key="sel_avg", horizontal=True)
        st.multiselect("Compare with", options=list(selection.COMPARATORS),
                       format_func=selection.COMPARATORS.get, key="sel_show")
        st.slider("Years (the year each period ends in)", min_value=years[0], max_value=years[1], key="sel_years")
    first, last = st.session_state.sel_years
    chosen = selection.Selection(
        la=st.session_state.sel_la, model=st.session_state.sel_model, average=st.session_state.sel_avg,
        comparators=tuple(c for c in selection.COMPARATORS if c in st.session_state.sel_show),
        first_year=first, last_year=last)
    # keep what a page reads for itself (the explorer's measure) in the link too
    page_params = {k: st.query_params[k] for k in selection.PAGE_PARAMS if k in st.query_params}
    st.query_params.from_dict(selection.encode(chosen) | page_params)
    return chosen


def page_header(title: str, chosen: selection.Selection, intro: str = "") -> None:
    geo = geography()
    st.title(title)
    for notice in st.session_state.pop("link_notices", []):
        st.warning(notice, icon=":material/link_off:")
    la_name = geo.name(chosen.la)
    region = geo.name(geo.areas.at[chosen.la, "region_code"])
    st.markdown(f"**{la_name}** · region: {region} · neighbours: {selection.MODELS[chosen.model]} "
                f"({chosen.average}) · {chosen.first_year}–{chosen.last_year}")
    if intro:
        st.caption(intro)
    _area_notes(chosen.la)


def _area_notes(la: str) -> None:
    """Say plainly when an LA was created or abolished, or reports its workforce jointly."""
    geo = geography()
    area = geo.areas.loc[la]
    changes = boundary_changes()
    if pd.notna(area.abolished):
        successors = changes[changes.predecessor == la].successor.map(geo.name).tolist()
        st.info(f"{geo.name(la)} was abolished on 1 April {area.abolished}; its figures end there. "
                f"It was replaced by {' and '.join(dict.fromkeys(successors))}.", icon=":material/history:")
    if pd.notna(area.created):
        predecessors = changes[changes.successor == la].predecessor.map(geo.name).tolist()
        st.info(f"{geo.name(la)} was created on 1 April {area.created} from "
                f"{' and '.join(dict.fromkeys(predecessors))}; earlier figures are theirs, not shown as its own.",
                icon=":material/history:")
    if la in geo.joint_of:
        st.info(f"{geo.name(la)} makes a joint social work workforce return: "
                f"{geo.name(geo.joint_of[la])}. Workforce figures shown for it are the joint figures.",
                icon=":material/group:")


def footer() -> None:
    st.divider()
    st.caption(f"Published figures: Department for Education, Ofsted and Office for National Statistics. "
               f"Crown copyright, [{LICENCE}]({LICENCE_URL}). See *Data sources* for each publication.")


# ---- the standard blocks pages are built from ----

def names_for(chosen: selection.Selection) -> dict[str, str]:
    geo = geography()
    return {"la": geo.name(chosen.la), "region": geo.name(geo.areas.at[chosen.la, "region_code"]),
            "england": "England"}


def table_view(data: pd.DataFrame, title: str, key: str) -> None:
    """The figures behind a chart, as a table (for screen readers) and as a CSV download."""
    with st.expander(f"Table and download: {title}"):
        st.dataframe(data, hide_index=True, width="stretch")
        st.download_button("Download these figures (CSV)", csv_bytes(data), file_name=f"{key}.csv",
                           mime="text/csv", key=f"csv_{key}")


def view_picker(views: list[str], key: str) -> str:
    """One of a page's lower sections at a time: the page stays quick to draw, and each view is a click away."""
    return st.segmented_control("Show", views, default=views[0], key=key) or views[0]


def comparison_year_picker(chosen: selection.Selection, key: str) -> int | None:
    """None means each measure's latest published year within the selected range."""
    options = [None, *range(chosen.last_year, chosen.first_year - 1, -1)]
    return st.selectbox("Year for the neighbour comparison", options, key=key,
                        format_func=lambda y: LATEST if y is None else f"Period ending in {y}")


def tables_in_view(measure_ids: list[str], chosen: selection.Selection) -> dict[str, pd.DataFrame]:
    return {m: summaries.in_years(benchmark(m, chosen.la, chosen.model)[0], chosen.first_year, chosen.last_year)
            for m in measure_ids}


@st.cache_resource(max_entries=256)
def trend_grid_figure(measure_ids: tuple[str, ...], chosen: selection.Selection):
    """Building a many-panel figure takes Plotly a few tenths of a second; the same view is drawn once."""
    return charts.trend_grid(tables_in_view(list(measure_ids), chosen), measures(), names_for(chosen),
                             chosen.comparators, chosen.average)


def trend_overview(measure_ids: list[str], chosen: selection.Selection, key: str) -> None:
    """Small multiples of the measures over time against the comparators chosen, with their figures."""
    names = names_for(chosen)
    tables = tables_in_view(measure_ids, chosen)
    st.plotly_chart(trend_grid_figure(tuple(measure_ids), chosen), key=f"grid_{key}",
                    config={"displaylogo": False})
    data = pd.concat([summaries.chart_data(t, names, chosen.average).assign(Measure=measures().at[m, "label"])
                      for m, t in tables.items()], ignore_index=True)
    table_view(data[["Measure", *data.columns[:-1]]], "every measure in these charts", f"{key}_trends")


def measure_detail(measure_ids: list[str], chosen: selection.Selection, key: str) -> str:
    """Pick one measure, then see the LA among its neighbours (see neighbour_comparison)."""
    labels = measures().loc[measure_ids, "label"].to_dict()
    left, right = st.columns([3, 2])
    measure_id = left.selectbox("Measure", measure_ids, format_func=labels.get, key=f"{key}_measure")
    with right:
        year = comparison_year_picker(chosen, f"{key}_year")
    st.caption(measures().at[measure_id, "definition"] or "")
    neighbour_comparison(measure_id, chosen, year, key)
    return measure_id


def neighbour_comparison(measure_id: str, chosen: selection.Selection, year: int | None, key: str) -> None:
    """The LA among its neighbours in a year (the latest up to `year`), its rank and band, and the figures."""
    measure = measures().loc[measure_id]
    full, group = benchmark(measure_id, chosen.la, chosen.model)
    table = summaries.in_years(full, chosen.first_year, chosen.last_year)
    if year is not None:
        table = table[table.year <= year]
    if group.note:
        st.caption(group.note)
    if table.empty:
        st.info("No figures for this measure in the years selected.")
        return
    row = table.iloc[-1]
    names = names_for(chosen)
    rows = summaries.neighbour_rows(prepared(measure_id), geography(), group, int(row.year))
    candidates = [("sn", f"Neighbour {chosen.average}", row[f"sn_{chosen.average}"], charts.NEIGHBOUR_COLOUR),
                  ("region", names["region"], row.region_value, charts.REGION_COLOUR),
                  ("england", "England", row.england_value, charts.ENGLAND_COLOUR)]
    references = {label: (value, colour) for key_, label, value, colour in candidates if key_ in chosen.comparators}
    st.plotly_chart(charts.ranked_bars(rows, measure, f"{names['la']} and its neighbours, {row.period}", references),
                    key=f"{key}_bars", config={"displaylogo": False})
    band = BAND_TEXT.get(row.quartile, "not banded") if isinstance(row.quartile, str) else "not banded"
    st.markdown(f"**{row.period}**: {names['la']} ranks **{ordinal_rank(row['rank'], row.rank_of)}** among "
                f"LAs with a figure (1 = best) · quartile band **{band}**")
    fmt = lambda v: format_value(v, measure["unit"], int(measure["decimals"]))  # noqa: E731
    shown = rows.assign(Figure=rows.value.map(fmt), Reason=rows.reason.map(lambda r: "" if r is None else r))
    table_view(shown.rename(columns={"name": "Local authority", "role": "Role"})[
        ["Local authority", "Role", "Figure", "Reason"]], f"{measure['label']}, {row.period}", f"{key}_{measure_id}")


# ---- board packs ----

def pack_request(chosen: selection.Selection, meeting: str, period: date, public: bool) -> pack_content.PackRequest:
    return pack_content.PackRequest(chosen.la, meeting, period, chosen.model, chosen.average, public)


def build_pack_file(request: pack_content.PackRequest, file_format: str,
                    progress: Callable[[float, str], None]) -> tuple[pack_content.Pack, bytes]:
    """A pack from the cached benchmarks and the council's own figures, as PDF or HTML bytes; `progress(done,
    text)` runs from 0 to 1."""
    progress(0.0, "Reading the council's own figures")
    figures = pack_sources.local_figures(local_store(), store(), request.la, local_catalogue())
    sections = pack_local.sections_for_meeting(figures, request, geography().name(request.la))
    pack = pack_content.build_pack(request, geography(), measures(), prepared, store().publications(),
                                   store().build_info().get("built_at", ""), figures.targets, sections,
                                   progress=lambda done, text: progress(0.05 + 0.25 * done, text))
    if file_format == "PDF":
        return pack, pack_render.pack_pdf(pack, progress=lambda done, text: progress(0.3 + 0.7 * done, text))
    return pack, pack_render.pack_html(pack).encode("utf-8")
