"""Cached loaders: one store per server, and results that do not change while a store stays as it is.

Nothing else lives here, so what is cached, and for how long, is visible in one place.
The published store changes only when rebuilt (and the server restarted). The
council's own figures change under any server's feet (another server or the
command line imports), so each run asks the local store's version (a stat of a
DuckDB file; one small query of PostgreSQL) and what is read from it is cached
under that version: read once per version, never stale.
"""

from typing import TYPE_CHECKING, NamedTuple

import pandas as pd
import streamlit as st

from analytics import charts, services
from analytics.local import cp_plans, cp_views, workforce
from analytics.local import figures as local_figures
from analytics.local import views as local_views
from analytics.local.store import LocalStore
from analytics.published import summaries
from analytics.published.benchmarks import MeasureBenchmarks, prepare_measure
from analytics.published.build import ensure_store
from analytics.published.catalogue import BASES
from analytics.published.geography import Geography, NeighbourGroup, names
from analytics.published.store import Store
from analytics.selection import Selection

if TYPE_CHECKING:
    from analytics.packs.chromium import Chromium


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
def lait_duplicates() -> dict[str, str]:
    """LAIT indicator id -> the release measure it repeats (summaries.lait_duplicates), read once."""
    return summaries.lait_duplicates()


@st.cache_data
def distinct_measures() -> pd.DataFrame:
    """The catalogue with each LAIT repeat of a release measure shown once (summaries.distinct_measures)."""
    return summaries.distinct_measures(measures(), lait_duplicates())


@st.cache_data
def boundary_changes() -> pd.DataFrame:
    return store().boundary_changes()


@st.cache_data
def year_span() -> tuple[int, int]:
    spans = store().measures_with_data()
    return int(spans.first_year.min()), int(spans.latest_year.max())


@st.cache_data
def selectable_las() -> pd.DataFrame:
    areas = geography().areas
    return areas[areas.level == "la"].sort_values("name")


@st.cache_resource(max_entries=128)
def prepared(measure_id: str) -> MeasureBenchmarks:
    return prepare_measure(store().observations(measure_id), geography(), measures().loc[measure_id])


@st.cache_data(max_entries=1024)
def benchmark(measure_id: str, la: str, model: str) -> tuple[pd.DataFrame, NeighbourGroup]:
    return prepared(measure_id).for_la(la, model)


def published() -> services.Published:
    """The published figures with the cached benchmarks, as the services take them."""
    return services.Published(store(), geography(), measures(), prepared)


@st.cache_resource(show_spinner="Opening the council's own figures…")
def local_store() -> LocalStore:
    """The store of the council's own figures (it holds no connection between reads); on the very first run of
    an empty store it gets the labelled demo."""
    local = LocalStore()
    services.seed_demo(store(), local)
    return local


@st.cache_resource(show_spinner=False, validate=lambda browser: browser.usable,
                   on_release=lambda browser: browser.close())
def chromium() -> "Chromium":
    """One Chromium per server, kept open, whose blank page has plotly.js loaded and in use: a PDF pack's charts
    are drawn while the pack is built, so the PDF takes little longer than the HTML (README, Performance).
    A browser that stopped is opened again on the next PDF."""
    from analytics.packs import render  # plotly.js and the browser driver load only when a PDF is made

    return render.browser().open()


def local_version() -> tuple[int, int]:
    """The version of the council's figures now (StoreVersion.figures)."""
    return local_store().version().figures


@st.cache_data(max_entries=4)
def _batches(version: tuple[int, int]) -> pd.DataFrame:
    return local_store().batches()


def batches() -> pd.DataFrame:
    return _batches(local_version())


@st.cache_data(max_entries=64)
def _area_reads(version: tuple[int, int], area_code: str) -> dict[str, pd.DataFrame]:
    with local_store().reading() as local:
        return {"targets": local.targets(area_code), "establishment": local.establishment(area_code),
                "coverage": local.coverage(area_code)}


def targets(area_code: str) -> pd.DataFrame:
    return _area_reads(local_version(), area_code)["targets"]


def establishment(area_code: str) -> pd.DataFrame:
    return _area_reads(local_version(), area_code)["establishment"]


def coverage(area_code: str) -> pd.DataFrame:
    return _area_reads(local_version(), area_code)["coverage"]


@st.cache_data(max_entries=16)
def _plan_summary(version: tuple[int, int], area_code: str) -> tuple[pd.DataFrame, set[int]]:
    plans = local_store().cp_plans(area_code)
    if plans.empty:
        return pd.DataFrame(), set()
    return cp_plans.month_end_summary(plans, cp_views.plan_list_months(plans)), set(plans.batch_id)


def plan_summary(area_code: str) -> tuple[pd.DataFrame, set[int]]:
    """The area's CP plan list counted at each month end (cp_plans.month_end_summary; empty without a list), and
    the batch it comes from. The plans themselves stay in the store."""
    return _plan_summary(local_version(), area_code)


@st.cache_data(max_entries=16)
def _annex_comparison(version: tuple[int, int], area_code: str) -> pd.DataFrame:
    return local_figures.annex_a_comparison(local_store(), store(), area_code)


def annex_comparison(area_code: str) -> pd.DataFrame:
    """The area's own Annex A figures at 31 March beside the published ones (empty without extracts)."""
    return _annex_comparison(local_version(), area_code)


@st.cache_data(max_entries=16)
def _census_comparison(version: tuple[int, int], area_code: str) -> pd.DataFrame:
    return local_figures.census_comparison(local_store(), store(), area_code)


def census_comparison(area_code: str) -> pd.DataFrame:
    """The area's own workforce rates from census files at 30 September beside the published ones (empty
    without them)."""
    return _census_comparison(local_version(), area_code)


@st.cache_data(max_entries=8)
def _declared(version: tuple[int, int]) -> pd.DataFrame:
    return local_store().declared_measures()


@st.cache_data
def _catalogue(declared: pd.DataFrame) -> pd.DataFrame:
    return local_figures.all_measures(store().measures(), declared)


def all_measures() -> pd.DataFrame:
    """Published, shipped-local and declared measures together, with what charts need, indexed by id: worked
    out again only when the declared measures change."""
    return _catalogue(_declared(local_version()))


@st.cache_data(max_entries=32)
def _figures(version: tuple[int, int], area_code: str, measure_ids: tuple[str, ...]) -> local_figures.LocalFigures:
    return local_figures.local_figures(local_store(), store(), area_code, all_measures(), list(measure_ids))


def figures(area_code: str, measure_ids: list[str]) -> local_figures.LocalFigures:
    """The council's figures for these measures (local_figures.local_figures), read once per store version."""
    return _figures(local_version(), area_code, tuple(measure_ids))


# The council's pages' views, worked out once per store version (and month) and kept as they are
# (cache_resource: a run does not unpickle them; the pages only read them).
@st.cache_resource(max_entries=16)
def _rates(version: tuple[int, int], area_code: str) -> pd.DataFrame:
    return workforce.monthly_rates(establishment(area_code))


def monthly_rates(area_code: str) -> pd.DataFrame:
    """workforce.monthly_rates of the area's establishment rows."""
    return _rates(local_version(), area_code)


@st.cache_resource(max_entries=32)
def _board(version: tuple[int, int], area_code: str, month, measure_ids: tuple[str, ...],
           latest) -> local_views.BoardView:
    return local_views.board_view(_rates(version, area_code), month, targets(area_code), all_measures(),
                                  list(measure_ids), local_views.demo_batch_ids(batches()), latest)


def board(area_code: str, month, measure_ids: list[str], latest) -> local_views.BoardView:
    """The Workforce Board for a month (local_views.board_view), `latest` the latest complete month."""
    return _board(local_version(), area_code, month, tuple(measure_ids), latest)


@st.cache_resource(max_entries=32)
def _board_charts(version: tuple[int, int], area_code: str, month, measure_ids: tuple[str, ...], latest,
                  model: str, average: str, la_name: str, source: str):
    view, catalogue = _board(version, area_code, month, measure_ids, latest), all_measures()
    published = {m: local_views.published_points(benchmark(m, area_code, model)[0], catalogue.loc[m],
                                                 view.views[0].months[0], month, average)
                 for m in measure_ids if m in measures().index}
    made_up = local_views.synthetic(batches(), set(establishment(area_code).batch_id))
    return (charts.spc_grid(view.views, catalogue, la_name, published, source, synthetic=made_up),
            charts.monthly_flows(view.flows, la_name, local_views.LOCAL_SOURCE))


def board_charts(area_code: str, month, measure_ids: list[str], latest, chosen: Selection, la_name: str,
                 source: str):
    """The Workforce Board's XmR charts beside the published annual figures, and its starters and leavers."""
    return _board_charts(local_version(), area_code, month, tuple(measure_ids), latest, chosen.model,
                         chosen.average, la_name, source)


class PlanPage(NamedTuple):
    """What the Improvement plan page draws from."""

    view: local_views.PlanView | None  # None without targets
    observations: pd.DataFrame  # the whole-service monthly figures the plan rates (one source per measure)
    batch_ids: set[int]  # the batches of its targets and figures, for the demo label


@st.cache_resource(max_entries=16)
def _plan(version: tuple[int, int], area_code: str, latest) -> PlanPage:
    plan_targets = targets(area_code)
    read = _figures(version, area_code, tuple(sorted(plan_targets.measure_id.unique())))
    shown = local_views.one_origin(read.series)
    observations = shown[shown.team.isna()]
    view = None if plan_targets.empty else local_views.plan_view(
        plan_targets, observations, all_measures(), local_views.demo_batch_ids(batches()), latest)
    used = set(plan_targets.batch_id) | set(shown.batch_id.dropna().astype(int))
    return PlanPage(view, observations, used)


def plan(area_code: str, latest) -> PlanPage:
    """The Improvement plan (local_views.plan_view of the area's targets and whole-service figures, None without
    targets), with the figures it rests on and their batches, worked out once per store version."""
    return _plan(local_version(), area_code, latest)


@st.cache_data(max_entries=4)
def _roles(latest_audit: int) -> dict[str, str]:
    roles = local_store().roles()
    return dict(zip(roles.email, roles.role))


def roles() -> dict[str, str]:
    """The roles table (email -> role), read again after any audited change (a role change is one)."""
    return _roles(local_store().version().latest_audit)


def tables_in_view(measure_ids: list[str], chosen: Selection) -> dict[str, pd.DataFrame]:
    return {m: summaries.in_years(benchmark(m, chosen.la, chosen.model)[0], chosen.first_year, chosen.last_year)
            for m in measure_ids}


@st.cache_data(max_entries=2048)
def tile_spec(measure_id: str, chosen: Selection) -> dict | None:
    """An Overview tile's small chart for the view (charts.tile_spec)."""
    return charts.tile_spec(tables_in_view([measure_id], chosen)[measure_id], measures().loc[measure_id],
                            chosen.comparators, chosen.average, names(geography(), chosen.la))


@st.cache_data(max_entries=256)
def axis_notes(measure_ids: tuple[str, ...], chosen: Selection) -> list[str]:
    """For the trend charts of these measures: where one small-base point of the LA's sets a chart's scale, the
    note that says so (summaries.axis_caveat)."""
    la_name, notes = names(geography(), chosen.la)["la"], []
    for measure_id, table in tables_in_view(list(measure_ids), chosen).items():
        base_id = BASES.get(measure_id, (None,))[0]
        base = benchmark(base_id, chosen.la, chosen.model)[0] if base_id else None
        note = summaries.axis_caveat(measures().loc[measure_id], table, base, la_name)
        notes += [note] if note else []
    return notes


@st.cache_resource(max_entries=256)
def trend_figure(measure_id: str, chosen: Selection):
    """One measure over the chosen years against the comparators chosen (charts.trend)."""
    return charts.trend(tables_in_view([measure_id], chosen)[measure_id], measures().loc[measure_id],
                        names(geography(), chosen.la), chosen.comparators, chosen.average)


@st.cache_data(max_entries=256)
def neighbour_table(measure_id: str, chosen: Selection) -> pd.DataFrame:
    """The LA and each neighbour year by year over the chosen years (summaries.neighbour_table)."""
    group = benchmark(measure_id, chosen.la, chosen.model)[1]
    return summaries.neighbour_table(prepared(measure_id), geography(), group,
                                     tables_in_view([measure_id], chosen)[measure_id], chosen.average)


@st.cache_resource(max_entries=512)
def ranked_bars_figure(rows: pd.DataFrame, measure_id: str, title: str, references: tuple):
    """charts.ranked_bars for these areas' rows; `references`: (label, (value, colour)) pairs."""
    return charts.ranked_bars(rows, measures().loc[measure_id], title, dict(references))


@st.cache_data(max_entries=256)
def trend_table(measure_ids: tuple[str, ...], chosen: Selection) -> pd.DataFrame:
    """The figures behind trend_grid_figure, one row per measure and year, for its table view and download."""
    area_names, labels = names(geography(), chosen.la), measures().label
    return pd.concat([summaries.chart_data(table, area_names, chosen.average, measures().loc[m])
                      .assign(Measure=labels[m]) for m, table in tables_in_view(list(measure_ids), chosen).items()],
                     ignore_index=True)


@st.cache_resource(max_entries=256)
def trend_grid_figure(measure_ids: tuple[str, ...], chosen: Selection):
    """Building a many-panel figure takes Plotly a few tenths of a second; the same view is drawn once."""
    return charts.trend_grid(tables_in_view(list(measure_ids), chosen), measures(), names(geography(), chosen.la),
                             chosen.comparators, chosen.average)
