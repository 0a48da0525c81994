"""Time each dashboard page until it is ready in headless Chromium, against a one-chart Streamlit page.

Run by hand from the project root: `.venv/bin/python benchmarks/page_load.py [--runs 5]`. Prints, for every
page, the median of cold loads (a fresh browser context each time, as someone following a link from a board
paper; 1440x900; ready = script finished, no skeleton left, every Plotly chart drawn), each load alternating
with one of the one-chart page, and the ratio of the medians; then the time to switch to each page inside one
session, and the servers' memory after 10 sessions have opened every page.
Targets (issue 10): every page <= 1.5x the one-chart page; a switch <= 1.0x its fresh load; the dashboard
server's RSS <= 2x a one-chart server's after 10 sessions.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, start_server, wait_until_ready  # noqa: E402

VIEWPORT = {"width": 1440, "height": 900}
# url path -> (page title, Plotly charts it draws for Dudley with the demo)
PAGES = {"": ("Overview", 0), "workforce": ("Workforce", 2), "practice": ("Practice", 2),
         "explorer": ("Benchmark explorer", 2), "workforce_board": ("Workforce Board", 2),
         "improvement_plan": ("Improvement plan", 1), "data": ("Import figures", 0), "packs": ("Board packs", 0),
         "sources": ("Data sources", 0)}
SESSIONS = 10


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def load_seconds(browser, url: str, charts: int, footer: bool = True) -> float:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    wait_until_ready(page, charts, footer)
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed


def switch_seconds(browser, base: str) -> dict[str, list[float]]:
    """Open the Overview, then go to every page by its link in the navigation, in one session."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.goto(f"{base}/?la=332")
    wait_until_ready(page, 0)
    times: dict[str, list[float]] = {}
    for path, (_, charts) in [*list(PAGES.items())[1:], ("", PAGES[""])]:
        before = page.inner_text("h1")
        started = time.perf_counter()
        page.click(f"[data-testid='stSidebarNav'] a[href$='/{path}']")
        page.wait_for_function("before => document.querySelector('h1')?.innerText !== before", arg=before)
        wait_until_ready(page, charts)
        times.setdefault(path, []).append(time.perf_counter() - started)
    context.close()
    return times


def memory_after_sessions(browser, url_for_page, pages, footer: bool) -> list:
    """Open every page in SESSIONS sessions, each left open, as ten board members' tabs are."""
    contexts = []
    for _ in range(SESSIONS):
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        for path, charts in pages:
            page.goto(url_for_page(path))
            wait_until_ready(page, charts, footer)
        contexts.append(context)
    return contexts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--steps", default="fresh,switch,memory",
                        help="which of fresh, switch and memory to measure (comma-separated)")
    parser.add_argument("--pages", help="fresh loads of these pages only (url paths, comma-separated; "
                        "'overview' for the Overview), e.g. workforce_board,improvement_plan")
    arguments = parser.parse_args()
    runs, steps = arguments.runs, set(arguments.steps.split(","))
    pages = PAGES if not arguments.pages else {
        path: PAGES[path] for path in ("" if p == "overview" else p for p in arguments.pages.split(","))}
    if not (ROOT / "data" / "dashboard.duckdb").exists():  # the one-chart page reads it; the dashboard would build it
        sys.exit("No published store: run `python -m analytics build` first")
    logs = ROOT / "test-artefacts"
    logs.mkdir(exist_ok=True)
    dashboard, dashboard_url = start_server(ROOT / "app.py", logs / "page_load_app.log")
    yardstick, yardstick_url = start_server(ROOT / "benchmarks" / "one_chart_app.py", logs / "page_load_one.log")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            floor = None
            if steps & {"fresh", "switch"}:
                floor = fresh_loads(browser, dashboard_url, yardstick_url, runs, pages)
            if "switch" in steps:
                switches(browser, dashboard_url, runs, floor)
            if "memory" in steps:
                memory(browser, dashboard, dashboard_url, yardstick, yardstick_url)
            browser.close()
    finally:
        for server in (dashboard, yardstick):
            server.terminate()
            server.wait(timeout=20)

def fresh_loads(browser, dashboard_url: str, yardstick_url: str, runs: int, pages: dict) -> float:
    """Print each page's median fresh load against the one-chart page's; return the one-chart page's."""
    one_chart: list[float] = []
    fresh: dict[str, list[float]] = {path: [] for path in pages}
    for round_ in range(runs + 1):  # the first round warms the servers' caches, as a second user finds them
        for path, (_, charts) in pages.items():
            yard = load_seconds(browser, yardstick_url, 1, footer=False)
            seconds = load_seconds(browser, f"{dashboard_url}/{path}?la=332", charts)
            if round_:
                one_chart.append(yard)
                fresh[path].append(seconds)
    floor = statistics.median(one_chart)
    print(f"one-chart page: {floor:.2f} s (median of {len(one_chart)} cold loads, alternating with the pages)")
    for path, (title, _) in pages.items():
        load = statistics.median(fresh[path])
        print(f"{title:<20} fresh load {load:5.2f} s {load / floor:5.2f}x", flush=True)
    return floor


def switches(browser, dashboard_url: str, runs: int, floor: float) -> None:
    switched: dict[str, list[float]] = {}
    for _ in range(runs):
        for path, seconds in switch_seconds(browser, dashboard_url).items():
            switched.setdefault(path, []).append(seconds[0])
    for path, (title, _) in PAGES.items():
        switch = statistics.median(switched[path])
        print(f"{title:<20} switch to it {switch:5.2f} s {switch / floor:5.2f}x the fresh one-chart page", flush=True)


def memory(browser, dashboard, dashboard_url: str, yardstick, yardstick_url: str) -> None:
    start_rss = {"dashboard": rss_mb(dashboard.pid), "one-chart": rss_mb(yardstick.pid)}
    kept = memory_after_sessions(browser, lambda path: f"{dashboard_url}/{path}?la=332",
                                 [(path, charts) for path, (_, charts) in PAGES.items()], True)
    kept += memory_after_sessions(browser, lambda path: yardstick_url, [("", 1)], False)
    after = {"dashboard": rss_mb(dashboard.pid), "one-chart": rss_mb(yardstick.pid)}
    for name in after:
        print(f"{name} server RSS: {start_rss[name]:.0f} MB at the start of this step, {after[name]:.0f} MB "
              f"with {SESSIONS} sessions open")
    print(f"dashboard / one-chart server after {SESSIONS} sessions: {after['dashboard'] / after['one-chart']:.2f}x")
    for context in kept:
        context.close()


if __name__ == "__main__":
    main()
