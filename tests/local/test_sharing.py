"""Many processes on one local store, on both backends: the command line imports and makes packs while another
process (a dashboard) reads, and a write that cannot have the store in time says so and stores nothing."""

import os
import subprocess
import sys
import threading

import pytest

from analytics.local.store import LocalStore, LocalStoreBusy
from tests.conftest import another_writer, seeded_demo

FIGURES = "month,measure,value\n2024-01,mash_decisions_1wd_pct,81.5\n2024-02,mash_decisions_1wd_pct,84\n"


def cli(location, tmp_path, *args, timeout: float | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "ANALYTICS_LOCAL_STORE": location, "ANALYTICS_LOCAL_KEY": str(tmp_path / "local.key")}
    if timeout is not None:
        env["ANALYTICS_LOCK_TIMEOUT"] = str(timeout)
    return subprocess.run([sys.executable, "-m", "analytics", *args], capture_output=True, text=True, timeout=120,
                          env=env)


def test_the_command_line_imports_and_makes_a_pack_while_another_process_reads(store, local_location, tmp_path):
    seeded_demo(local_location, store)
    figures = tmp_path / "mash.csv"
    figures.write_text(FIGURES)
    dashboard = LocalStore(local_location)
    before = dashboard.version()
    reads, failures, stop = [], [], threading.Event()

    def read_all_the_time():  # as a dashboard's sessions do, a short read at a time
        while not stop.is_set():
            try:
                with dashboard.reading():
                    reads.append(len(dashboard.observations("332", ["mash_decisions_1wd_pct"])))
            except Exception as exc:  # noqa: BLE001 - any failure is the test's finding
                failures.append(exc)

    reader = threading.Thread(target=read_all_the_time)
    reader.start()
    try:
        made = cli(local_location, tmp_path, "pack", "--la", "Dudley", "--meeting", "workforce-board",
                   "--period", "2021-01", "--out", str(tmp_path / "pack.html"))
        imported = cli(local_location, tmp_path, "import", str(figures))
    finally:
        stop.set()
        reader.join()
    assert made.returncode == 0, made.stderr
    assert "2 from the council's own figures" in made.stdout
    assert imported.returncode == 0, imported.stderr
    assert not failures and len(reads) > 10
    # the dashboard sees the new batch on its next read
    assert dashboard.version().latest_batch == before.latest_batch + 1
    assert dashboard.observations("332", ["mash_decisions_1wd_pct"]).month.dt.year.max() == 2024
    dashboard.close()


def test_a_write_that_cannot_have_the_store_in_time_stores_nothing(local_location, tmp_path):
    figures = tmp_path / "mash.csv"
    figures.write_text(FIGURES)
    holder = LocalStore(local_location)
    try:
        with holder.writing():  # another import, still under way
            result = cli(local_location, tmp_path, "import", str(figures), timeout=0.5)
        assert result.returncode == 1
        assert "Nothing was changed" in result.stderr and "not free in time" in result.stderr
        assert "Traceback" not in result.stderr
        assert holder.batches().empty
    finally:
        holder.close()


def test_writers_in_one_process_take_turns(local_location):
    """Two threads of one server (two browser sessions) writing at once: the second waits for the first, or is
    told the store is busy, never both half done."""
    second = LocalStore(local_location, timeout=0.3)
    with another_writer(local_location), pytest.raises(LocalStoreBusy, match="not free in time"), second.writing():
        pass
    with second.writing():  # free again
        pass
    second.close()
