"""Time each dashboard page until it is ready in headless Chromium, against a one-chart Streamlit page.

Run by hand from the project root: `.venv/bin/python benchmarks/page_load.py`. Prints the median of
several cold loads (a fresh browser context each time) per page and the ratio to the one-chart page.
Target (issue 3): every page within 1.5 times the one-chart page.
"""

import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, start_server, wait_until_ready  # noqa: E402

RUNS = 5
# path -> Plotly charts to wait for (the overview draws Vega-Lite sparklines in its tiles instead)
PAGES = {"": 0, "workforce": 2, "practice": 2, "explorer": 2, "sources": 0, "workforce_board": 2,
         "improvement_plan": 1, "data": 0}


def load_seconds(browser, url: str, charts: int, tiles: int = 0, footer: bool = True) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    wait_until_ready(page, charts, footer)
    if tiles:
        page.wait_for_function(f"document.querySelectorAll('[data-testid=\"stMetric\"] canvas, "
                               f"[data-testid=\"stMetric\"] svg.marks').length >= {tiles}")
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed


def median_load(browser, url: str, charts: int, tiles: int = 0, footer: bool = True) -> float:
    load_seconds(browser, url, charts, tiles, footer)  # warm the server's caches, as a second user finds them
    return statistics.median(load_seconds(browser, url, charts, tiles, footer) for _ in range(RUNS))


def main() -> None:
    logs = ROOT / "test-artefacts"
    logs.mkdir(exist_ok=True)
    dashboard, dashboard_url = start_server(ROOT / "app.py", logs / "page_load_app.log")
    yardstick, yardstick_url = start_server(ROOT / "benchmarks" / "one_chart_app.py", logs / "page_load_one.log")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            baseline = median_load(browser, yardstick_url, 1, footer=False)
            print(f"one-chart page: {baseline:.2f} s (median of {RUNS} cold loads)")
            for path, charts in PAGES.items():
                seconds = median_load(browser, f"{dashboard_url}/{path}?la=332", charts, 10 if path == "" else 0)
                print(f"{path or 'overview':<10} {seconds:5.2f} s   {seconds / baseline:4.2f}x the one-chart page")
            browser.close()
    finally:
        for server in (dashboard, yardstick):
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
