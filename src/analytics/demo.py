"""The demo: Dudley's own figures and targets transcribed from the council's documents, and clearly labelled
synthetic series, imported as batches flagged demo when the local store is empty (the app's first run).

Pages label every figure from a demo batch; a synthetic batch's note starts with "SYNTHETIC".
"""

from pathlib import Path

from analytics.local_files import read_table
from analytics.local_import import ImportContext, plan_import
from analytics.local_store import ImportRefused, LocalStore
from analytics.paths import data_dir

DUDLEY = "332"
TRANSCRIBED = ("Demo: transcribed from Dudley's Children's Services Improvement Plan (early 2021) and scrutiny "
               "papers of 17 March 2021 and 13 March 2023; each row cites its document and section")
SYNTHETIC = "SYNTHETIC demo data made by scripts/make_demo_data.py (seeded): not Dudley's figures"
# file in data/local -> (kind, note)
FILES = {
    "dudley_figures.csv": ("monthly", TRANSCRIBED),
    "dudley_targets.csv": ("targets", TRANSCRIBED),
    "synthetic_monthly_series.csv": ("monthly", SYNTHETIC),
    "synthetic_establishment.csv": ("establishment", SYNTHETIC),
    "synthetic_cp_plans.csv": ("cp_plans", SYNTHETIC),
}


def demo_dir() -> Path:
    return data_dir() / "local"


def seed_demo(local: LocalStore, context: ImportContext, who: str = "demo") -> list[int]:
    """Import the demo files as demo batches if the local store is empty; returns the new batch ids.

    Every file is read and checked before any is stored, so a damaged demo file adds nothing.
    """
    if not local.is_empty():
        return []
    plans = []
    for name, (kind, note) in FILES.items():
        path = demo_dir() / name
        plan = plan_import(read_table(path.read_bytes(), name), context, kind)
        if not plan.ok:
            raise ImportRefused(plan.problems)
        plans.append((plan, note))
    return [local.apply(plan, who=who, demo=True, note=note) for plan, note in plans]
