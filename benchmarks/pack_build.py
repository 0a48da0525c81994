"""Time building each board pack for Dudley, as `python -m analytics pack` does it (a fresh Chromium per PDF), with
the labelled demo in a local store of its own (so data/local.duckdb is never touched).

Run by hand: `.venv/bin/python benchmarks/pack_build.py`. Prints figures; asserts nothing. The PDF and the HTML
pack of a meeting are made alternately, so both see the same load on a shared machine.
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
    for meeting in MEETINGS:
        times = {"pdf": [], "html": []}
        for _ in range(runs):
            for file_format, measured in times.items():
                started = time.perf_counter()
                pack, _ = services.make_pack(published, local, command_line_user(), PackRequest(LA, meeting, PERIOD),
                                             file_format)
                measured.append(time.perf_counter() - started)
        own = sum(s.is_local for s in pack.sections)
        print(f"{meeting:<16} {len(pack.sections):>2} measures ({own} own)  "
              f"PDF {statistics.median(times['pdf']):5.1f} s (best {min(times['pdf']):4.1f} s)   "
              f"HTML {statistics.median(times['html']):4.1f} s   "
              f"PDF/HTML {statistics.median(times['pdf']) / statistics.median(times['html']):4.2f}x (target <= 1.5x)  "
              f"load {os.getloadavg()[0]:.1f}")
    local.close()


if __name__ == "__main__":
    main()
