"""Shared fixtures: the real store, built once per test run from the bundled files in data/."""

import pytest

from analytics.benchmarks import Geography
from analytics.build import ensure_store
from analytics.store import Store


@pytest.fixture(scope="session")
def store() -> Store:
    ensure_store()
    store = Store()
    yield store
    store.close()


@pytest.fixture(scope="session")
def geo(store) -> Geography:
    return Geography.from_store(store)


@pytest.fixture(scope="session")
def measures(store):
    return store.measures().set_index("id")


def figure(store: Store, measure_id: str, area_code: str, year: int) -> tuple[float | None, str | None]:
    """(value, status) of one published figure, straight from the store."""
    rows = store.area_observations([area_code], [measure_id])
    row = rows[rows.year == year]
    assert len(row) == 1, f"expected one {measure_id} figure for {area_code} in {year}, found {len(row)}"
    value = row.value.iloc[0]
    status = row.status.iloc[0]
    return (None if value != value else float(value)), (status if isinstance(status, str) else None)
