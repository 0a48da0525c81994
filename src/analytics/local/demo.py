"""The demo: Dudley's own figures and targets transcribed from the council's documents, and clearly labelled
synthetic series, imported as batches flagged demo when the local store is empty (the app's first run;
services.seed_demo does it).

Pages label every figure from a demo batch; a synthetic batch's note starts with "SYNTHETIC".
"""

from pathlib import Path

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
