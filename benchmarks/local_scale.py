"""Time the local store at national scale: 153 LAs x 120 months x 60 measures x 10 teams (11 million monthly
figures), plus establishment figures and a target table for every LA.

Each LA's figures are imported as that council would: one long-layout CSV file through read_table, plan_import
(local/rules.py) and LocalStore.apply. Then the Workforce Board and Improvement plan queries are timed for
LAs in turn, from the store to the DataFrames the pages show.

Run by hand: `.venv/bin/python benchmarks/local_scale.py [--las 153]`. Prints figures; asserts nothing.
Target (issue 4): Workforce Board and Improvement plan p50 <= 200 ms.
"""

import argparse
import dataclasses
import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from analytics.local.catalogue import Catalogue
from analytics.local.files import read_table
from analytics.local.importer import ImportContext, plan_import
from analytics.local.keys import hasher
from analytics.local.series import whole_service
from analytics.local.store import LocalStore
from analytics.local.targets import plan_status
from analytics.local.workforce import latest_by_team, monthly_rates
from analytics.published.store import Store

MONTHS = pd.date_range("2014-01-01", periods=120, freq="MS").strftime("%Y-%m").tolist()
TEAMS = [f"Team {i}" for i in range(1, 11)]
N_MEASURES = 60


def percentiles(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms   (n={len(ordered)})"


def monthly_csv(rng: np.random.Generator, measures: list[str]) -> bytes:
    grid = pd.MultiIndex.from_product([measures, TEAMS, MONTHS], names=["measure", "team", "month"]).to_frame(
        index=False)
    grid["value"] = np.round(rng.uniform(5, 95, len(grid)), 1)
    return grid[["month", "measure", "team", "value"]].to_csv(index=False).encode()


def establishment_csv(rng: np.random.Generator) -> bytes:
    grid = pd.MultiIndex.from_product([TEAMS, MONTHS], names=["team", "month"]).to_frame(index=False)
    n = len(grid)
    posts = rng.uniform(10, 30, n).round(1)
    permanent = (posts * rng.uniform(0.7, 0.95, n)).round(1)
    grid = grid.assign(posts_fte=posts, permanent_fte=permanent, agency_fte=((posts - permanent) * 0.7).round(1),
                       vacant_fte=(posts - permanent).round(1), starters_fte=rng.poisson(0.3, n),
                       leavers_fte=rng.poisson(0.3, n), case_holders_fte=(posts * 0.8).round(1),
                       cases=rng.poisson(300, n))
    return grid.to_csv(index=False).encode()


def targets_csv(measures: list[str]) -> bytes:
    rows = [{"measure": m, "target_date": month, "value": value, "tolerance": 2}
            for m in measures[:10] for month, value in (("2023-03", 70), ("2023-09", 80), ("2024-03", 90))]
    return pd.DataFrame(rows).to_csv(index=False).encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--las", type=int, default=153, help="how many LAs (153 in England)")
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}")
    store = Store()
    catalogue = Catalogue.build(store.measures())
    percent = catalogue.measures[(catalogue.measures.unit == "percent")].index.tolist()
    local_ids = catalogue.measures[catalogue.measures.origin == "local"].index.tolist()
    measures = (local_ids + [m for m in percent if m not in local_ids])[:N_MEASURES]
    las = store.areas().query("level == 'la'").area_code.tolist()[: args.las]
    base = ImportContext(catalogue, las[0], date.today(), None, hasher(b"benchmark key" * 3))
    rng = np.random.default_rng(4)
    with tempfile.TemporaryDirectory() as tmp:
        local = LocalStore(Path(tmp) / "local.duckdb")
        read_ms, plan_ms, apply_ms, sizes = [], [], [], []
        started_all = time.perf_counter()
        for la in las:
            context = dataclasses.replace(base, area_code=la)
            data = monthly_csv(rng, measures)
            sizes.append(len(data))
            t0 = time.perf_counter()
            raw = read_table(data, f"{la}_monthly.csv")
            t1 = time.perf_counter()
            plan = plan_import(raw, context)
            t2 = time.perf_counter()
            assert plan.ok, plan.problems[:3]
            local.apply(plan, who="benchmark")
            t3 = time.perf_counter()
            read_ms.append((t1 - t0) * 1000)
            plan_ms.append((t2 - t1) * 1000)
            apply_ms.append((t3 - t2) * 1000)
            for name, payload in (("establishment", establishment_csv(rng)), ("targets", targets_csv(measures))):
                # every LA gets the same target table: the same bytes, so a confirmed re-import
                local.apply(plan_import(read_table(payload, f"{la}_{name}.csv"), context), who="benchmark",
                            confirm_reimport=True)
        total = time.perf_counter() - started_all
        batches = local.batches()
        rows = batches[batches.kind == "monthly"].rows.sum()
        print(f"imported {rows:,} monthly figures for {len(las)} LAs in {total:.0f} s "
              f"(with 1,200 establishment rows and 30 targets per LA; file {statistics.median(sizes) / 1e6:.1f} MB)")
        print(f"one LA's file of {len(measures) * len(TEAMS) * len(MONTHS):,} rows: read  {percentiles(read_ms)}")
        print(f"                                   plan+validate  {percentiles(plan_ms)}")
        print(f"                                   apply (1 txn)  {percentiles(apply_ms)}")
        total_ms = [r + p + a for r, p, a in zip(read_ms, plan_ms, apply_ms)]
        print(f"                                   whole import   {percentiles(total_ms)}")
        print(f"store file: {(Path(tmp) / 'local.duckdb').stat().st_size / 1e6:.0f} MB")

        board, improvement, series = [], [], []
        units = catalogue.measures.unit
        for la in las:
            t0 = time.perf_counter()
            latest_by_team(monthly_rates(local.establishment(la)))
            t1 = time.perf_counter()
            targets = local.targets(la)
            plan_status(targets, local.observations(la, list(targets.measure_id.unique())), catalogue.measures)
            t2 = time.perf_counter()
            whole_service(local.observations(la, measures[:1]), local.observations(la, measures[:1], by_team=True),
                          units)
            t3 = time.perf_counter()
            board.append((t1 - t0) * 1000)
            improvement.append((t2 - t1) * 1000)
            series.append((t3 - t2) * 1000)
        print(f"Workforce Board (establishment -> rates -> latest by team): {percentiles(board)}")
        print(f"Improvement plan (targets + figures -> RAG and forecast):   {percentiles(improvement)}")
        print(f"one measure's series, by team and whole service:            {percentiles(series)}")
        local.close()


if __name__ == "__main__":
    main()
