"""Time each page's script on a warm rerun (a widget touched, nothing changed in the stores), against the Overview's.

Run by hand from the project root: `.venv/bin/python benchmarks/page_reruns.py [--runs 7]`. Uses Streamlit's
AppTest, which runs the real app.py and page scripts in this process (no browser): it measures the server's
own work per run. Target (issue 10): no page's warm rerun more than 2x the Overview's.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from analytics.published.build import ensure_store  # noqa: E402

PAGES = {"Overview": "pages/overview.py", "Workforce": "pages/workforce.py", "Practice": "pages/practice.py",
         "Benchmark explorer": "pages/explorer.py", "Workforce Board": "pages/workforce_board.py",
         "Improvement plan": "pages/improvement_plan.py", "Import figures": "pages/data.py",
         "Board packs": "pages/packs.py", "Data sources": "pages/sources.py"}


def opened(script: str) -> tuple[AppTest, float]:
    """A session on the page, and how long its first run took (the stores' caches already warm)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["la"] = "332"
    at.run()
    started = time.perf_counter()
    at.switch_page(script).run()
    return at, time.perf_counter() - started


def rerun_seconds(at: AppTest) -> float:
    started = time.perf_counter()
    at.run()
    if at.exception:
        raise SystemExit(f"{[e.value for e in at.exception]}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    ensure_store()
    overview, _ = opened(PAGES["Overview"])
    print(f"{'page':<20} {'first run':>9} {'warm rerun':>10} {'Overview alongside':>18} {'ratio':>6}")
    for title, script in PAGES.items():
        at, first = opened(script)
        pairs = [(rerun_seconds(overview), rerun_seconds(at)) for _ in range(runs)]  # alternating: same load
        floor, warm = (statistics.median(p[i] for p in pairs) for i in (0, 1))
        print(f"{title:<20} {first:7.2f} s {warm:8.3f} s {floor:16.3f} s {warm / floor:5.2f}x")


if __name__ == "__main__":
    main()
