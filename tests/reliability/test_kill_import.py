"""`kill -9` of an import at random moments, on both backends: every batch is whole or absent afterwards, and the
store takes the next import."""

import os
import pickle
import random
import signal
import subprocess
import sys
from datetime import date

import pandas as pd

from analytics import services
from analytics.access import command_line_user
from tests.browser.conftest import ROOT as ROOT_DIR

TRIES = 10
TEAMS = 400  # 4,800 rows a file: a write of a few tenths of a second, long enough to be killed inside


def planned(store, local, year: int, tmp_path):
    """A checked import of a year of one measure for many teams, pickled for the child process."""
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    rows = [{"month": m, "measure": "case_supervision_pct", "team": f"T{t:04d}", "value": 50 + t % 40}
            for m in months for t in range(TEAMS)]
    data = pd.DataFrame(rows).to_csv(index=False).encode()
    check = services.check_upload(store, local, command_line_user(), data, f"teams_{year}.csv", "332",
                                  today=date(2024, 6, 15))
    assert check.ok, check.problems[:3]
    path = tmp_path / f"plan_{year}.pickle"
    path.write_bytes(pickle.dumps(check))
    return path


def start(location, plan) -> subprocess.Popen:
    child = subprocess.Popen([sys.executable, "-m", "tests.reliability.import_child", location, str(plan)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT_DIR,
                             env={**os.environ, "ANALYTICS_LOCK_TIMEOUT": "30"})
    assert child.stdout.readline().strip() == "ready"
    return child


def whole(local) -> pd.DataFrame:
    """Batches whose rows are not all there, and rows with no batch: none, in a store that lost no write."""
    rows = local.rows_by_batch()
    return rows[rows.declared.isna() | (rows.declared != rows.stored)]


def test_killing_an_import_at_random_moments_leaves_no_half_batch(store, local, tmp_path):
    rng = random.Random(9)
    # how long a write takes here, uncontested: the kills land in that window
    child = start(local.location, planned(store, local, 1990, tmp_path))
    child.stdin.write("go\n")
    child.stdin.flush()
    seconds = float(child.stdout.readline().split()[1])
    child.wait(timeout=60)
    outcomes = []
    for year in range(1991, 1991 + TRIES):
        child = start(local.location, planned(store, local, year, tmp_path))
        child.stdin.write("go\n")
        child.stdin.flush()
        try:
            child.wait(timeout=rng.uniform(0, seconds * 1.2))
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        outcomes.append(child.returncode)
        assert whole(local).empty, whole(local)
        files = set(local.batches().file_name)
        audited = set(local.audit(actions=["import"]).detail.str.split(":").str[0])
        assert files == audited  # an import is there exactly when its audit row is
    assert -signal.SIGKILL in outcomes  # (at least one kill landed before the end)
    # and the store takes the next import
    after = planned(store, local, 2001, tmp_path)
    services.import_file(local, pickle.loads(after.read_bytes()), command_line_user())
    assert whole(local).empty
