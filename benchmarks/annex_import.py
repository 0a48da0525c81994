"""Twelve monthly Annex A extracts of a large council imported one after another, and the pages' reads of the
result.

The council (scripts/make_demo_extracts.py's generator, seeded) has about 40,000 contacts, 12,000 referrals and
assessments, 1,500 CP plans and 2,000 children looked after a year; each extract covers the six months before
its month end, so each overlaps the one before by five months. Every extract is imported through
services.check_upload and services.import_file into a fresh DuckDB store, as the command line does. Printed:

- each extract's rows and import time;
- the last extract imported again ROUNDS times into the store as it was before it, alternating with reading the
  same workbook with python-calamine alone (every sheet to Python values): the medians, and the import's as a
  ratio to the read (target <= 3x), by wall clock and by CPU time (the process's, DuckDB's and calamine's threads
  included);
- the pages' reads over the twelve extracts (annex_a_figures: every measure, month and team, as the Improvement
  plan and the packs read them; the like-for-like table of the Import figures page), p50 of ROUNDS (target <= 200
  ms).

Run by hand: `.venv/bin/python benchmarks/annex_import.py`. Prints figures; asserts nothing.
"""

import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import python_calamine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from make_demo_extracts import Council, events, extract  # noqa: E402

from analytics import services  # noqa: E402
from analytics.access import command_line_user  # noqa: E402
from analytics.local.figures import annex_a_comparison, annex_a_figures  # noqa: E402
from analytics.local.store import LocalStore  # noqa: E402
from analytics.published.store import Store  # noqa: E402

LARGE = Council(contacts=40_000, referrals=12_000, cp_plans=1_500, looked_after=2_000, care_leavers=1_000)
ROUNDS = 7  # reads of the pages, and imports of the last extract again
AREA = "332"


def calamine_read(data: bytes) -> tuple[float, float]:
    """(wall, CPU) seconds."""
    started, cpu = time.perf_counter(), time.process_time()
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return time.perf_counter() - started, time.process_time() - cpu


def import_one(store, local, user, data: bytes, as_at: date):
    """services.check_upload then services.import_file, as the command line does: (check, wall s, CPU s)."""
    started, cpu = time.perf_counter(), time.process_time()
    check = services.check_upload(store, local, user, data, f"annex_a_{as_at:%Y_%m}.xlsx", AREA, as_at=as_at)
    if not check.ok:
        raise SystemExit(f"extract {as_at} refused: {check.problems[:3]}")
    services.import_file(local, check, user)
    return check, time.perf_counter() - started, time.process_time() - cpu


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="annex_bench_"))
    os.environ["ANALYTICS_LOCAL_STORE"] = str(folder / "local.duckdb")
    os.environ["ANALYTICS_LOCAL_KEY"] = str(folder / "local.key")
    rng = np.random.default_rng(20240101)
    lists = events(rng, LARGE, date(2022, 1, 1), date(2023, 12, 31))
    ends = [(pd.Timestamp(2023, m, 1) + pd.offsets.MonthEnd(0)).date() for m in range(1, 13)]
    started = time.perf_counter()
    books = []
    for as_at in ends:
        out = io.BytesIO()
        extract(lists, as_at, variants=as_at.month % 2 == 0).save(out)
        books.append(out.getvalue())
    del lists  # the council's events, as Python objects, would slow Python's garbage collection in both below
    print(f"Wrote 12 extracts in {time.perf_counter() - started:.0f} s "
          f"({sum(len(b) for b in books) / 1e6:.1f} MB)")
    store, local, user = Store(), LocalStore(), command_line_user()
    path = Path(os.environ["ANALYTICS_LOCAL_STORE"])
    for as_at, data in zip(ends, books):
        if as_at == ends[-1]:
            shutil.copy(path, folder / "before_last.duckdb")  # to import the last extract again below
        check, seconds, _ = import_one(store, local, user, data, as_at)
        changes = check.changes[["new", "changed", "unchanged"]].sum()
        print(f"  {as_at}: {len(check.plan.rows):>7,} rows ({changes.new:,} new, {changes.changed:,} changed, "
              f"{changes.unchanged:,} unchanged) imported in {seconds:.2f} s")
    # the last extract again, each time into the store as it was before it, alternating with calamine's read
    runs = []
    for _ in range(ROUNDS):
        shutil.copy(folder / "before_last.duckdb", path)
        _, seconds, cpu = import_one(store, local, user, books[-1], ends[-1])
        runs.append((seconds, cpu, *calamine_read(books[-1])))
    seconds, cpu, floor, floor_cpu = (statistics.median(r[i] for r in runs) for i in range(4))
    print(f"Last extract, median of {ROUNDS} imports alternated with {ROUNDS} reads: import {seconds:.2f} s; "
          f"calamine alone reads it in {floor:.2f} s: {seconds / floor:.1f}x (target <= 3x; per pair "
          f"{', '.join(f'{r[0] / r[2]:.1f}' for r in runs)}); CPU time {cpu:.2f} s against {floor_cpu:.2f} s: "
          f"{cpu / floor_cpu:.1f}x")
    for name, read in (("Annex A figures (every measure, month, team)", annex_a_figures),
                       ("like-for-like at 31 March", annex_a_comparison)):
        timings = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            read(local, store, AREA)
            timings.append(time.perf_counter() - started)
        print(f"{name}: p50 {1000 * statistics.median(timings):.0f} ms over {ROUNDS} reads (target <= 200 ms)")
    local.close()


if __name__ == "__main__":
    main()
