"""Shared fixtures: the real store, built once per test run from the bundled files in data/, and local stores on
both backends (a DuckDB file, and a database on a real PostgreSQL server started for the run)."""

import fcntl
import os
import shutil
import threading
from contextlib import contextmanager
from datetime import date

import pytest

from analytics.local.catalogue import Catalogue
from analytics.local.figures import local_figures
from analytics.local.importer import ImportContext
from analytics.local.keys import hasher
from analytics.local.store import LocalStore
from analytics.paths import data_dir
from analytics.published.build import build, ensure_store
from analytics.published.geography import Geography
from analytics.published.store import Store
from analytics.services import seed_demo
from tests import postgres


def pytest_xdist_auto_num_workers(config) -> int:
    """`-n auto` (pyproject.toml): a worker per core up to four; each starts its own servers and browser."""
    return min(4, os.cpu_count() or 1)


# The day the local-import tests run "on": months after June 2024 are in the future.
TODAY = date(2024, 6, 15)


@pytest.fixture(scope="session", autouse=True)
def _own_local_store(tmp_path_factory):
    """Tests never touch the user's data/local.duckdb: this process's app code gets a store of its own
    (DuckDB lets one process write a file at a time; the browser tests' server gets another)."""
    folder = tmp_path_factory.mktemp("local")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ANALYTICS_LOCAL_STORE", str(folder / "local.duckdb"))
        patch.setenv("ANALYTICS_LOCAL_KEY", str(folder / "local.key"))
        yield


@pytest.fixture(scope="session")
def store(tmp_path_factory) -> Store:
    # pytest-xdist's workers share the run's temporary root: the first builds the store, the others find it current
    with (tmp_path_factory.getbasetemp().parent / "store.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        ensure_store()
    store = Store()
    yield store
    store.close()


# The next workforce edition, as DfE would publish it: every year again plus 2026, one 2025 figure revised.
NEXT_EDITION = "dfe/2026/csww_indicators_2017_to_2026.csv"
DUDLEY_2026_TURNOVER, DUDLEY_2025_VACANCY_REVISED = "30.1", "17.9"


@pytest.fixture(scope="session")
def next_edition(tmp_path_factory) -> tuple:
    """A copy of the bundled inputs with a newer workforce edition dropped into a sub-folder, and its store:
    (data folder, store path). Nothing in the code names the new file."""
    import pandas as pd

    root = tmp_path_factory.mktemp("next_edition")
    for folder in ("dfe", "lait"):
        shutil.copytree(data_dir() / folder, root / folder)
    bundled = pd.read_csv(root / "dfe/csww_indicators_2017_to_2025.csv", dtype=str, keep_default_na=False)
    added = bundled[bundled.time_period == "2025"].assign(time_period="2026")
    added.loc[added.la_name == "Dudley", "turnover_rate_fte"] = DUDLEY_2026_TURNOVER
    edition = pd.concat([bundled, added], ignore_index=True)
    edition.loc[(edition.la_name == "Dudley") & (edition.time_period == "2025"),
                "vacancy_rate_fte"] = DUDLEY_2025_VACANCY_REVISED
    (root / NEXT_EDITION).parent.mkdir()
    edition.to_csv(root / NEXT_EDITION, index=False)
    out = root / "dashboard.duckdb"
    build(root, out)
    return root, out


@pytest.fixture(scope="session")
def geo(store) -> Geography:
    return Geography.from_store(store)


@pytest.fixture(scope="session")
def measures(store):
    return store.measures().set_index("id")


@pytest.fixture(scope="session")
def catalogue(store) -> Catalogue:
    return Catalogue.build(store.measures())


@pytest.fixture
def context(store, catalogue) -> ImportContext:
    """Figures for Dudley (332), as on TODAY, with a fixed child-identifier key."""
    return ImportContext(catalogue, "332", TODAY, store.areas(), hasher(b"test key " * 4))


@pytest.fixture(scope="session")
def postgres_server():
    server = postgres.Server()
    yield server
    server.stop()


BACKENDS = ["duckdb", "postgresql"]


@pytest.fixture(params=BACKENDS)
def local_location(request, tmp_path) -> str:
    """Where a fresh, empty local store lives: a DuckDB file, or a new database on the test PostgreSQL server.
    Every test that takes it runs once on each backend."""
    if request.param == "duckdb":
        yield str(tmp_path / "local.duckdb")
        return
    server = request.getfixturevalue("postgres_server")
    url = server.new_database()
    yield url
    server.drop_database(url)


@pytest.fixture
def local(local_location) -> LocalStore:
    local = LocalStore(local_location)
    yield local
    local.close()


@contextmanager
def another_writer(location: str):
    """A write under way elsewhere for the duration: another store object on `location`, in a thread of its own,
    holds the writers' lock."""
    other = LocalStore(location)
    entered, release = threading.Event(), threading.Event()

    def hold():
        with other.writing():
            entered.set()
            release.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    assert entered.wait(30)
    try:
        yield
    finally:
        release.set()
        thread.join()
        other.close()


def seeded_demo(path, store: Store) -> None:
    """A local store at `path` holding the demo a new installation starts with, closed again (so another process
    can open it)."""
    local = LocalStore(path)
    try:
        seed_demo(store, local)
    finally:
        local.close()


@pytest.fixture(scope="session")
def demo_local(store, tmp_path_factory) -> LocalStore:
    """The demo local store, open for reading."""
    path = tmp_path_factory.mktemp("demo") / "local.duckdb"
    seeded_demo(path, store)
    local = LocalStore(path)
    yield local
    local.close()


@pytest.fixture(scope="session")
def demo_figures(store, demo_local):
    """Dudley's figures in the demo local store, as the packs read them."""
    return local_figures(demo_local, store, "332")


def figure(store: Store, measure_id: str, area_code: str, year: int) -> tuple[float | None, str | None]:
    """(value, status) of one published figure, straight from the store."""
    rows = store.observations(measure_id)
    row = rows[(rows.area_code == area_code) & (rows.year == year)]
    assert len(row) == 1, f"expected one {measure_id} figure for {area_code} in {year}, found {len(row)}"
    value = row.value.iloc[0]
    status = row.status.iloc[0]
    return (None if value != value else float(value)), (status if isinstance(status, str) else None)


def area_figures(store: Store, area_codes: list[str], measure_id: str):
    """One measure's published figures for a few areas, straight from the store."""
    rows = store.observations(measure_id)
    return rows[rows.area_code.isin(area_codes)]
