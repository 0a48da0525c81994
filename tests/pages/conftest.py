"""AppTest helpers: run the real app.py with a URL's query parameters, then open a page."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "app.py"

PAGES = ["pages/overview.py", "pages/workforce.py", "pages/practice.py", "pages/explorer.py", "pages/packs.py",
         "pages/sources.py"]


@pytest.fixture(scope="session", autouse=True)
def _store_built(store):
    """The session store fixture builds data/dashboard.duckdb before any page runs."""


def open_app(page: str | None = None, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update({k: str(v) for k, v in query.items()})
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric(at: AppTest, label: str):
    found = [m for m in at.metric if m.label == label]
    assert found, f"no tile labelled {label!r}; tiles: {[m.label for m in at.metric]}"
    return found[0]


def texts(at: AppTest) -> str:
    """Everything written as markdown or captions, joined, for asserting on sentences."""
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])
