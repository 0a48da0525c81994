"""Time building each board pack for Dudley, with the labelled demo in a local store of its own (so
data/local.duckdb is never touched): as HTML; as PDF the way the dashboard makes it (one Chromium kept open by the
server, ui/cache.py); and as PDF the way `python -m analytics pack` makes it (a Chromium opened for the pack).

Run by hand: `.venv/bin/python benchmarks/pack_build.py`. Prints figures; asserts nothing. The three are made in
turn, so all see the same load on a shared machine.
Target (issue 10): a PDF pack <= 1.5x the HTML pack of the same meeting.
"""

import argparse
import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from analytics import services
from analytics.access import command_line_user
from analytics.local.store import LocalStore
from analytics.packs import render
from analytics.packs.meetings import MEETINGS, PackRequest
from analytics.published.build import ensure_store
from analytics.published.store import Store

LA, PERIOD = "332", date(2025, 9, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    ensure_store()
    store = Store()
    published = services.Published.open(store)
    folder = Path(tempfile.mkdtemp(prefix="pack-benchmark-"))
    os.environ["ANALYTICS_LOCAL_KEY"] = str(folder / "local.key")
    local = LocalStore(folder / "local.duckdb")
    services.seed_demo(store, local)
    print(f"cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}; {runs} runs each, Dudley, "
          "September 2025, with the demo's own figures")
    kept = render.browser().open()  # the dashboard's, opened once for all its PDFs
    ways = {"html": ("html", None), "pdf, kept Chromium": ("pdf", kept), "pdf, own Chromium": ("pdf", None)}
    for meeting in MEETINGS:
        times = {way: [] for way in ways}
        for _ in range(runs):
            for way, (file_format, chromium) in ways.items():
                started = time.perf_counter()
                pack, _ = services.make_pack(published, local, command_line_user(), PackRequest(LA, meeting, PERIOD),
                                             file_format, chromium=chromium)
                times[way].append(time.perf_counter() - started)
        html = statistics.median(times["html"])
        own = sum(s.is_local for s in pack.sections)
        print(f"{meeting:<16} {len(pack.sections):>2} measures ({own} own)  HTML {html:4.2f} s  " + "   ".join(
            f"PDF, {way[5:]} {statistics.median(t):4.2f} s = {statistics.median(t) / html:4.2f}x"
            for way, t in times.items() if way != "html") + f"  (target <= 1.5x)  load {os.getloadavg()[0]:.1f}")
    kept.close()
    local.close()


if __name__ == "__main__":
    main()
