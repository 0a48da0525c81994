"""The pages' reads of the council's figures with the PostgreSQL store, as a ratio to the DuckDB store holding the
same data, in one run.

Both stores get the same LAs' figures (local_scale.py's synthetic files: 120 months x 60 measures x 10 teams of
monthly figures, establishment figures and a target table per LA), imported the same way. Then, LA by LA and
alternating between the backends, each page's reads are timed from the store to the DataFrames the page shows:
the Workforce Board (establishment, targets), the Improvement plan (targets and their figures, local_figures),
the Import figures page (batches, coverage) and the per-run version check.

PostgreSQL: a throwaway server on a localhost port (Debian's binaries, as the tests start it), or `--postgres URL`
for an existing empty database. Run by hand: `.venv/bin/python benchmarks/local_backends.py [--las 20]`. Prints
figures; asserts nothing. Target (issue 9): every page's reads <= 1.5x DuckDB's.
"""

import argparse
import dataclasses
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.postgres starts the throwaway server

from analytics.local.catalogue import Catalogue  # noqa: E402
from analytics.local.figures import local_figures, measure_catalogue  # noqa: E402
from analytics.local.files import read_table  # noqa: E402
from analytics.local.importer import ImportContext, plan_import  # noqa: E402
from analytics.local.keys import hasher  # noqa: E402
from analytics.local.store import LocalStore  # noqa: E402
from analytics.local.workforce import latest_by_team, monthly_rates  # noqa: E402
from analytics.published.store import Store  # noqa: E402
from benchmarks.local_scale import N_MEASURES, establishment_csv, monthly_csv, targets_csv  # noqa: E402

ROUNDS = 3


def pages(local: LocalStore, store: Store, catalogue, la: str) -> dict[str, float]:
    """Seconds each page's reads take for one LA."""
    timings = {}
    started = time.perf_counter()
    local.version()
    timings["version check (every run)"] = time.perf_counter() - started
    started = time.perf_counter()
    with local.reading():
        establishment, targets = local.establishment(la), local.targets(la)
    latest_by_team(monthly_rates(establishment))
    timings["Workforce Board"] = time.perf_counter() - started
    started = time.perf_counter()
    targets = local.targets(la)
    local_figures(local, store, la, catalogue, sorted(targets.measure_id.unique()))
    timings["Improvement plan"] = time.perf_counter() - started
    started = time.perf_counter()
    with local.reading():
        local.batches(), local.coverage(la)
    timings["Import figures"] = time.perf_counter() - started
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--las", type=int, default=20)
    parser.add_argument("--postgres", help="an empty PostgreSQL database's URL (default: start a throwaway server)")
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}; load average {os.getloadavg()[0]:.1f}")
    store = Store()
    catalogue = Catalogue.build(store.measures())
    percent = catalogue.measures[catalogue.measures.unit == "percent"].index.tolist()
    local_ids = catalogue.measures[catalogue.measures.origin == "local"].index.tolist()
    measures = (local_ids + [m for m in percent if m not in local_ids])[:N_MEASURES]
    las = store.areas().query("level == 'la'").area_code.tolist()[: args.las]
    base = ImportContext(catalogue, las[0], date.today(), None, hasher(b"benchmark key" * 3))
    server = None
    if args.postgres is None:
        from tests.postgres import Server

        server = Server()
        args.postgres = server.new_database()
    with tempfile.TemporaryDirectory() as tmp:
        stores = {"DuckDB": LocalStore(Path(tmp) / "local.duckdb"), "PostgreSQL": LocalStore(args.postgres)}
        try:
            imports = {name: [] for name in stores}
            rng = np.random.default_rng(4)
            for la in las:
                context = dataclasses.replace(base, area_code=la)
                files = [(monthly_csv(rng, measures), "monthly"), (establishment_csv(rng), "establishment"),
                         (targets_csv(measures), "targets")]
                for data, name in files:
                    plan = plan_import(read_table(data, f"{la}_{name}.csv"), context)
                    for backend, local in stores.items():
                        started = time.perf_counter()
                        local.apply(plan, who="benchmark", confirm_reimport=True)
                        if name == "monthly":
                            imports[backend].append(time.perf_counter() - started)
            rows = stores["DuckDB"].batches().rows.sum()
            print(f"{len(las)} LAs, {rows:,} rows in each store; storing one LA's 72,000 monthly figures (one "
                  "transaction): " + ", ".join(f"{b} p50 {statistics.median(t) * 1000:.0f} ms"
                                               for b, t in imports.items()))
            local_catalogue = measure_catalogue(store.measures(), stores["DuckDB"].declared_measures())
            samples = {b: {} for b in stores}
            for _ in range(ROUNDS):
                for la in las:
                    for backend, local in stores.items():  # alternating, so load on the machine hits both
                        for page, seconds in pages(local, store, local_catalogue, la).items():
                            samples[backend].setdefault(page, []).append(seconds * 1000)
            print(f"{'page reads (median of ' + str(ROUNDS * len(las)) + ')':<34}{'DuckDB':>10}{'PostgreSQL':>12}"
                  f"{'ratio':>8}  target <= 1.5x")
            for page in samples["DuckDB"]:
                duck, pg = (statistics.median(samples[b][page]) for b in ("DuckDB", "PostgreSQL"))
                print(f"{page:<34}{duck:>8.1f} ms{pg:>9.1f} ms{pg / duck:>7.2f}x")
        finally:
            for local in stores.values():
                local.close()
            if server is not None:
                server.stop()


if __name__ == "__main__":
    main()
