"""Time building each board pack for Dudley, as `python -m analytics pack` does it (a fresh Chromium per PDF).

Run by hand: `.venv/bin/python benchmarks/pack_build.py`. Prints figures; asserts nothing.
Target (issue 5): a Workforce Board PDF in <= 10 s on 2 cores, from an open store to the written file.
"""

import os
import statistics
import time
from datetime import date

from analytics.build import ensure_store
from analytics.pack_content import MEETINGS, PackRequest, build_pack, measure_loader
from analytics.pack_render import pack_html, pack_pdf
from analytics.store import Store

LA, PERIOD, RUNS = "332", date(2025, 9, 1), 3


def main() -> None:
    ensure_store()
    store = Store()
    print(f"cores: {os.cpu_count()}; {RUNS} runs each, Dudley, September 2025")
    for meeting in MEETINGS:
        content, pdf, html = [], [], []
        for _ in range(RUNS):
            started = time.perf_counter()
            geo, measures, prepared = measure_loader(store)
            pack = build_pack(PackRequest(LA, meeting, PERIOD), geo, measures, prepared, store.publications(),
                              store.build_info().get("built_at", ""))
            built = time.perf_counter()
            pack_pdf(pack)
            content.append(built - started)
            pdf.append(time.perf_counter() - started)
            started = time.perf_counter()
            pack_html(pack)
            html.append(time.perf_counter() - started + content[-1])
        print(f"{meeting:<16} {len(pack.sections):>2} measures  PDF {statistics.median(pdf):5.1f} s "
              f"(best {min(pdf):4.1f} s; of which content {statistics.median(content):4.1f} s)   "
              f"HTML {statistics.median(html):4.1f} s")


if __name__ == "__main__":
    main()
