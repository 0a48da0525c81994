"""Time a full store build from the raw files, and the benchmark engine's latency.

Run by hand: `.venv/bin/python benchmarks/build_and_benchmark.py`. Prints figures; asserts nothing.
Targets (issue 2): build <= 5 s on 2 cores; benchmark p50 <= 20 ms for one measure over all LAs and years.
"""

import os
import statistics
import tempfile
import time
from pathlib import Path

from analytics.published.benchmarks import prepare_measure
from analytics.published.build import build
from analytics.published.geography import Geography
from analytics.published.store import Store

MEASURE = "sw_turnover_rate"


def percentiles(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):6.2f} ms   p95 {p95:6.2f} ms   (n={len(ordered)})"


def main() -> None:
    print(f"cores: {os.cpu_count()}")
    with tempfile.TemporaryDirectory() as tmp:
        builds = []
        for _ in range(3):
            started = time.perf_counter()
            report = build(out=Path(tmp) / "store.duckdb")
            builds.append(time.perf_counter() - started)
        print(f"full build from raw files: best {min(builds):.2f} s, median {statistics.median(builds):.2f} s "
              f"({report.observations:,} observations, {report.measures} measures)")

        store = Store(Path(tmp) / "store.duckdb")
        geo = Geography.from_store(store)
        measure = store.measures().set_index("id").loc[MEASURE]
        las = geo.areas.index[geo.areas.level == "la"].tolist()

        cold = []
        for la in las:
            started = time.perf_counter()
            prepare_measure(store.observations(MEASURE), geo, measure).for_la(la, "2021")
            cold.append((time.perf_counter() - started) * 1000)
        print(f"benchmark, one LA all years, from the store (query + rank all LAs + read LA): {percentiles(cold)}")

        started = time.perf_counter()
        prepared = prepare_measure(store.observations(MEASURE), geo, measure)
        prepare_ms = (time.perf_counter() - started) * 1000
        warm = []
        for la in las:
            started = time.perf_counter()
            prepared.for_la(la, "2021")
            warm.append((time.perf_counter() - started) * 1000)
        print(f"benchmark, every LA in turn once the measure is ranked ({prepare_ms:.1f} ms): {percentiles(warm)}")
        store.close()


if __name__ == "__main__":
    main()
