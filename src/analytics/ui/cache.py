"""Cached loaders: one store per server, and results that do not change while a store stays as it is.

Nothing else lives here, so what is cached, and for how long, is visible in one place.
"""

import pandas as pd
import streamlit as st

from analytics import charts, services
from analytics.local import figures as local_figures
from analytics.local.store import LocalStore
from analytics.published import summaries
from analytics.published.benchmarks import MeasureBenchmarks, prepare_measure
from analytics.published.build import ensure_store
from analytics.published.geography import Geography, NeighbourGroup, names
from analytics.published.store import Store
from analytics.selection import Selection


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
    """The store of the council's own figures; on the very first run it gets the labelled demo."""
    local = LocalStore()
    services.seed_demo(store(), local)
    return local


@st.cache_data
def _catalogue(declared: pd.DataFrame) -> pd.DataFrame:
    return local_figures.all_measures(store().measures(), declared)


def all_measures() -> pd.DataFrame:
    """Published, shipped-local and declared measures together, with what charts need, indexed by id: worked
    out again only when the declared measures change."""
    return _catalogue(local_store().declared_measures())


def tables_in_view(measure_ids: list[str], chosen: Selection) -> dict[str, pd.DataFrame]:
    return {m: summaries.in_years(benchmark(m, chosen.la, chosen.model)[0], chosen.first_year, chosen.last_year)
            for m in measure_ids}


@st.cache_resource(max_entries=256)
def trend_grid_figure(measure_ids: tuple[str, ...], chosen: Selection):
    """Building a many-panel figure takes Plotly a few tenths of a second; the same view is drawn once."""
    return charts.trend_grid(tables_in_view(list(measure_ids), chosen), measures(), names(geography(), chosen.la),
                             chosen.comparators, chosen.average)
