"""Time building each board pack for Dudley, as `python -m analytics pack` does it (a fresh Chromium per PDF), with
the labelled demo in a local store of its own (so data/local.duckdb is never touched).

Run by hand: `.venv/bin/python benchmarks/pack_build.py`. Prints figures; asserts nothing.
Target (issue 5): a Workforce Board PDF in <= 10 s on 2 cores, from an open store to the written file.
"""

import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from analytics.build import ensure_store
from analytics.child_keys import hasher
from analytics.demo import seed_demo
from analytics.local_catalogue import Catalogue
from analytics.local_import import ImportContext
from analytics.local_store import LocalStore
from analytics.pack_content import MEETINGS, PackRequest, build_pack, measure_loader
from analytics.pack_local import sections_for_meeting
from analytics.pack_render import pack_html, pack_pdf
from analytics.pack_sources import local_figures
from analytics.store import Store

LA, PERIOD, RUNS = "332", date(2025, 9, 1), 3


def main() -> None:
    ensure_store()
    store = Store()
    folder = Path(tempfile.mkdtemp(prefix="pack-benchmark-"))
    local = LocalStore(folder / "local.duckdb")
    seed_demo(local, ImportContext(Catalogue.build(store.measures()), LA, date.today(), store.areas(),
                                   hasher(os.urandom(32))))
    local.close()
    print(f"cores: {os.cpu_count()}; {RUNS} runs each, Dudley, September 2025, with the demo's own figures")
    for meeting in MEETINGS:
        content, pdf, html = [], [], []
        for _ in range(RUNS):
            started = time.perf_counter()
            local = LocalStore(folder / "local.duckdb")
            figures = local_figures(local, store, LA)
            local.close()
            request = PackRequest(LA, meeting, PERIOD)
            geo, measures, prepared = measure_loader(store)
            pack = build_pack(request, geo, measures, prepared, store.publications(),
                              store.build_info().get("built_at", ""), figures.targets,
                              sections_for_meeting(figures, request, geo.name(LA)))
            built = time.perf_counter()
            pack_pdf(pack)
            content.append(built - started)
            pdf.append(time.perf_counter() - started)
            started = time.perf_counter()
            pack_html(pack)
            html.append(time.perf_counter() - started + content[-1])
        own = sum(s.is_local for s in pack.sections)
        print(f"{meeting:<16} {len(pack.sections):>2} measures ({own} own)  PDF {statistics.median(pdf):5.1f} s "
              f"(best {min(pdf):4.1f} s; of which content {statistics.median(content):4.1f} s)   "
              f"HTML {statistics.median(html):4.1f} s")


if __name__ == "__main__":
    main()
