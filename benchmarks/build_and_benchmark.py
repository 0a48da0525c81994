"""Time the store build and the command line against their floors, and the benchmark engine's latency.

Run by hand: `.venv/bin/python benchmarks/build_and_benchmark.py [--runs 3] [--baseline SRC]`. Prints figures;
asserts nothing. `--baseline` names another checkout's `src` folder (e.g. a `git worktree` of main): its build is
timed in the same alternation, so a speed-up is claimed against old code measured at the same load.
Targets (issue 10), each a ratio to a floor measured in the same run, alternating, median of the runs:
- `python -m analytics build` <= 1.5x a process in which DuckDB reads the same raw files (every CSV as text and
  the LAIT Parquet file into tables; the three small spreadsheets, which DuckDB cannot read, are left out);
- `python -m analytics benchmark --la Dudley --measure sw_turnover_rate --json` <= 1.5x
  `python -c "import duckdb, pandas"`, both as whole processes.
Issue 2's latency targets are printed too: benchmark p50 <= 20 ms for one measure over all LAs and years.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analytics.paths import data_dir
from analytics.published.benchmarks import prepare_measure
from analytics.published.geography import Geography
from analytics.published.store import Store

MEASURE = "sw_turnover_rate"
# A process that only has DuckDB read the raw files the build reads: the build's floor.
READ_FLOOR = """
import sys
from pathlib import Path
import duckdb
root = Path(sys.argv[1])
con = duckdb.connect()
for n, path in enumerate(sorted(p for folder in ("dfe", "lait") for p in (root / folder).rglob("*.csv"))):
    con.execute(f"CREATE TABLE t{n} AS SELECT * FROM read_csv(?, all_varchar = true, header = true)", [str(path)])
con.execute("CREATE TABLE lait AS SELECT * FROM read_parquet(?)", [str(root / "lait" / "bds_long_0.parquet")])
"""


def percentiles(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):6.2f} ms   p95 {p95:6.2f} ms   (n={len(ordered)})"


def timed(command: list[str], env: dict) -> tuple[float, float]:
    """Wall-clock seconds and the CPU seconds (user + system) the process used: on a shared machine the wall clock
    counts the time other work held the cores, the CPU time does not."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def side_by_side(label: str, command: list[str], floor: list[str], floor_label: str, runs: int, env: dict,
                 baseline_env: dict | None = None) -> None:
    """Alternate the command and its floor `runs` times (and the command under `baseline_env`, old code, if given);
    print the medians and the ratios, wall clock and CPU."""
    mine, base, old = [], [], []
    for _ in range(runs):
        base.append(timed(floor, env))
        mine.append(timed(command, env))
        if baseline_env:
            old.append(timed(command, baseline_env))
    print(f"{label} (load average {os.getloadavg()[0]:.1f})")
    for n, kind in enumerate(("wall clock", "CPU time")):
        m, b = statistics.median(t[n] for t in mine), statistics.median(t[n] for t in base)
        print(f"  {kind}: median {m:.2f} s ({', '.join(f'{t[n]:.2f}' for t in mine)}); floor, {floor_label}: "
              f"median {b:.2f} s ({', '.join(f'{t[n]:.2f}' for t in base)}); ratio {m / b:.2f}x (target <= 1.5x)")
        if old:
            o = statistics.median(t[n] for t in old)
            print(f"    baseline code: median {o:.2f} s ({', '.join(f'{t[n]:.2f}' for t in old)}); ratio {o / b:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="another checkout's src folder, timed alternately")
    args = parser.parse_args()
    runs = args.runs
    print(f"cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}")
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store.duckdb"
        env = {**os.environ, "ANALYTICS_STORE": str(store)}
        # the old code's store apart, so each command reads the store its own build wrote
        baseline = args.baseline and {**env, "PYTHONPATH": str(args.baseline.resolve()), "ANALYTICS_DATA_DIR": str(
            data_dir()), "ANALYTICS_STORE": str(Path(tmp) / "baseline.duckdb")}
        side_by_side("python -m analytics build", [python, "-m", "analytics", "build"],
                     [python, "-c", READ_FLOOR, str(data_dir())], "DuckDB reading the same raw files", runs, env,
                     baseline)
        side_by_side("python -m analytics benchmark --la Dudley --measure sw_turnover_rate --json",
                     [python, "-m", "analytics", "benchmark", "--la", "Dudley", "--measure", MEASURE, "--json"],
                     [python, "-c", "import duckdb, pandas"], 'python -c "import duckdb, pandas"', max(runs, 5), env,
                     baseline)

        published = Store(store)
        geo = Geography.from_store(published)
        measure = published.measures().set_index("id").loc[MEASURE]
        las = geo.areas.index[geo.areas.level == "la"].tolist()
        cold = []
        for la in las:
            started = time.perf_counter()
            prepare_measure(published.observations(MEASURE), geo, measure).for_la(la, "2021")
            cold.append((time.perf_counter() - started) * 1000)
        print(f"benchmark, one LA all years, from the store (query + rank all LAs + read LA): {percentiles(cold)}")
        started = time.perf_counter()
        prepared = prepare_measure(published.observations(MEASURE), geo, measure)
        prepare_ms = (time.perf_counter() - started) * 1000
        warm = []
        for la in las:
            started = time.perf_counter()
            prepared.for_la(la, "2021")
            warm.append((time.perf_counter() - started) * 1000)
        print(f"benchmark, every LA in turn once the measure is ranked ({prepare_ms:.1f} ms): {percentiles(warm)}")
        published.close()


if __name__ == "__main__":
    main()
