"""AppTest helpers: run the real app.py with a URL's query parameters, then open a page."""

from pathlib import Path
from xml.etree import ElementTree

import pandas as pd
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


def tables(at: AppTest) -> list[pd.DataFrame]:
    """The page's static tables (blocks.static_table's HTML) as they read: text in, text out."""
    found = []
    for element in at.get("html"):
        table = ElementTree.fromstring(f"<root>{element.proto.body}</root>").find("table")
        if table is None or "static-table" not in table.get("class", ""):
            continue
        cell = lambda e: "".join(e.itertext())  # noqa: E731
        found.append(pd.DataFrame([[cell(td) for td in tr.iter("td")] for tr in table.find("tbody")],
                                  columns=[cell(th) for th in table.find("thead").iter("th")]))
    return found
