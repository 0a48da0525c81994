"""Each page opened in headless Chromium from a link: it finishes, draws its charts and shows no exception."""

import pytest

from tests.browser.conftest import ARTEFACTS, ROOT, start_server, wait_until_ready

pytestmark = pytest.mark.browser

# path -> Plotly charts the page draws (the overview's small charts are Vega-Lite, inside its tiles)
PAGES = {"": 0, "workforce": 2, "practice": 2, "explorer": 2, "sources": 0, "workforce_board": 2,
         "improvement_plan": 1, "data": 0}


def exceptions(page) -> list[str]:
    return [e.inner_text() for e in page.locator("[data-testid='stException']").all()]


@pytest.mark.parametrize(("path", "charts"), PAGES.items())
def test_page_loads_with_its_charts_and_no_exception(server, page, path, charts):
    page.goto(f"{server}/{path}?la=332&model=2021")
    wait_until_ready(page, charts)
    if path == "":
        page.wait_for_function("document.querySelectorAll(\"[data-testid='stMetric']\").length >= 10")
        # each tile's small chart of the LA against its comparator (Vega-Lite)
        page.wait_for_function("document.querySelectorAll('[data-testid=\"stVegaLiteChart\"] canvas, "
                               "[data-testid=\"stVegaLiteChart\"] svg.marks').length >= 10")
    page.screenshot(path=ARTEFACTS / f"{path or 'overview'}.png", full_page=True)
    assert exceptions(page) == []
    assert "Dudley · region: West Midlands" in page.locator("[data-testid='stMain']").inner_text()


def test_overview_shows_dudley_turnover_as_published(server, page):
    page.goto(f"{server}/?la=332&model=2021")
    wait_until_ready(page, 0)
    tile = page.locator("[data-testid='stMetric']", has_text="Social worker turnover rate (FTE)")
    tile.wait_for()
    assert "34.9%" in tile.inner_text()


@pytest.mark.parametrize("la", ["420", "942", "318"])
def test_hard_cases_draw_without_exception(server, page, la):
    page.goto(f"{server}/practice?la={la}")
    wait_until_ready(page, 2)
    page.screenshot(path=ARTEFACTS / f"practice_{la}.png", full_page=True)
    assert exceptions(page) == []


def test_junk_link_shows_a_notice_not_an_exception(server, page):
    page.goto(f"{server}/workforce?la=nowhere&model=1999&from=abc")
    wait_until_ready(page, 2)
    alerts = page.locator("[data-testid='stAlert']").all_inner_texts()
    assert any("not known; showing Dudley" in a for a in alerts)
    assert exceptions(page) == []
    page.screenshot(path=ARTEFACTS / "junk_link.png")


def test_changing_the_la_in_the_sidebar_updates_the_page_and_the_link(server, page):
    page.goto(f"{server}/workforce")
    wait_until_ready(page, 2)
    picker = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first
    picker.click()
    page.keyboard.type("Isles of Scilly")
    page.keyboard.press("Enter")
    page.wait_for_url("**la=420**", timeout=30_000)
    wait_until_ready(page, 2)
    assert "Isles of Scilly · region: South West" in page.locator("[data-testid='stMain']").inner_text()
    assert exceptions(page) == []


# Counts how often the page's title is taken off the screen after it was drawn: a rerun would redraw it.
TITLE_WATCH = """
window.titleRemovals = 0;
new MutationObserver(records => {
  for (const record of records) for (const node of record.removedNodes)
    if (node.nodeType === 1 && (node.matches('h1') || node.querySelector('h1'))) window.titleRemovals++;
}).observe(document, {childList: true, subtree: true});
"""


def test_a_link_to_a_page_works_as_a_fresh_servers_first_request(store, browser, tmp_path):
    """A fresh server starts in Streamlit's legacy pages/ mode (see ui.shell): the linked page draws the frame
    itself, once, with the dashboard's own navigation."""
    process, url = start_server(ROOT / "app.py", tmp_path / "streamlit.log",
                                {"ANALYTICS_LOCAL_STORE": str(tmp_path / "local.duckdb"),
                                 "ANALYTICS_LOCAL_KEY": str(tmp_path / "local.key")})
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        page = context.new_page()
        page.add_init_script(TITLE_WATCH)
        page.goto(f"{url}/workforce?la=318")
        wait_until_ready(page, 2)
        assert exceptions(page) == []
        assert page.locator("[data-testid='stSkeleton']").count() == 0
        assert "Richmond upon Thames · region: London" in page.locator("[data-testid='stMain']").inner_text()
        assert page.get_by_text("Page not found").count() == 0
        navigation = page.locator("[data-testid='stSidebarNav']").inner_text()
        assert "Published benchmarks" in navigation and "Board packs" in navigation  # ours, not the folder's
        assert page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").count() >= 1
        assert page.evaluate("window.titleRemovals") == 0
    finally:
        context.close()
        process.terminate()
        process.wait(timeout=20)


def test_a_chart_table_opens_on_request_with_the_published_figures(server, page, tmp_path):
    """Table views are drawn once opened: closed, no data grid is on the page; opened, the figures and their CSV."""
    page.goto(f"{server}/workforce?la=332&model=2021")
    wait_until_ready(page, 2)
    assert page.locator("[data-testid='stDataFrame']").count() == 0
    page.get_by_text("Table and download: every measure in these charts").click()
    page.locator("[data-testid='stDataFrame']").first.wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download these figures (CSV)").first.click()
    path = tmp_path / "trends.csv"
    download.value.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    assert "Social worker turnover rate (FTE)" in text and "34.9" in text  # Dudley 2025, as the DfE publishes it
    assert exceptions(page) == []
