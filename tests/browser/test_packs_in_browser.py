"""Board packs in a real browser: the page builds a pack and offers it; the HTML pack draws its charts offline."""

from pathlib import Path

import pytest

from tests.browser.conftest import ARTEFACTS, wait_until_ready
from tests.packs.pack_fixtures import pack_for

pytestmark = pytest.mark.browser


def open_offline(browser, path: Path, charts: int):
    """Open a file with every network request refused, and wait until `charts` Plotly charts have drawn lines."""
    context = browser.new_context(viewport={"width": 1200, "height": 1600}, offline=True)
    refused, errors = [], []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                  else (refused.append(route.request.url), route.abort()))
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    page.wait_for_function(
        """(charts) => document.querySelectorAll('.js-plotly-plot').length >= charts
            && [...document.querySelectorAll('.js-plotly-plot')]
                .every(p => p.querySelector('.scatterlayer .trace path'))""",
        arg=charts, timeout=60_000)
    return context, page, refused, errors


def test_html_pack_opens_offline_with_every_chart_drawn_and_interactive(store, browser, tmp_path):
    from analytics.packs.render import pack_html

    pack = pack_for(store, "332", "advisor-checkin", local=True)
    path = tmp_path / "pack.html"
    path.write_text(pack_html(pack), encoding="utf-8")
    context, page, refused, errors = open_offline(browser, path, len(pack.sections))
    try:
        assert page.locator(".js-plotly-plot").count() == len(pack.sections) == 9
        assert refused == [] and errors == []
        # interactive: hovering the LA's latest point in the first chart shows its figure
        chart = page.locator(".js-plotly-plot").first
        chart.scroll_into_view_if_needed()
        box = chart.locator(".scatterlayer .trace").last.locator(".points path").last.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_selector(".hoverlayer .hovertext", timeout=10_000)
        assert "Dudley, 2024-25: 15.6%" in chart.locator(".hoverlayer").text_content()
        page.screenshot(path=ARTEFACTS / "pack_offline.png")
    finally:
        context.close()


def test_packs_page_builds_an_html_pack_that_opens_offline(server, page, browser, tmp_path):
    page.goto(f"{server}/packs?la=332&model=2021")
    wait_until_ready(page, 0)
    page.get_by_text("HTML", exact=True).click()
    page.get_by_role("button", name="Build the pack").click()
    download_button = page.get_by_role("button", name="Download the pack (HTML)")
    download_button.wait_for(timeout=60_000)
    assert page.locator("[data-testid='stAlert']", has_text="Workforce Board: Dudley").count() == 1
    page.screenshot(path=ARTEFACTS / "packs_page.png", full_page=True)
    with page.expect_download() as download:
        download_button.click()
    path = tmp_path / "downloaded.html"
    download.value.save_as(path)
    context, _, refused, errors = open_offline(browser, path, 5)
    context.close()
    assert refused == [] and errors == []
