"""The demo: Dudley's own figures and targets transcribed from the council's documents, and clearly labelled
synthetic series, imported as batches flagged demo when the local store is empty (the app's first run;
services.seed_demo does it).

Pages label every figure from a demo batch; a synthetic batch's note starts with "SYNTHETIC".
"""

from datetime import date
from pathlib import Path

from analytics.paths import data_dir

DUDLEY = "332"
TRANSCRIBED = ("Demo: transcribed from Dudley's Children's Services Improvement Plan (early 2021) and scrutiny "
               "papers of 17 March 2021 and 13 March 2023; each row cites its document and section")
SYNTHETIC = "SYNTHETIC demo data made by scripts/make_demo_data.py (seeded): not Dudley's figures"
SYNTHETIC_EXTRACTS = ("SYNTHETIC demo data made by scripts/make_demo_extracts.py (seeded): children and workers of a "
                      "made-up council, not Dudley's")
# file in data/local -> (kind, note)
FILES = {
    "dudley_figures.csv": ("monthly", TRANSCRIBED),
    "dudley_targets.csv": ("targets", TRANSCRIBED),
    "synthetic_monthly_series.csv": ("monthly", SYNTHETIC),
    "synthetic_establishment.csv": ("establishment", SYNTHETIC),
    "synthetic_cp_plans.csv": ("cp_plans", SYNTHETIC),
    "synthetic_annex_a_2023_09.xlsx": ("annex_a", SYNTHETIC_EXTRACTS),
    "synthetic_annex_a_2023_12.xlsx": ("annex_a", SYNTHETIC_EXTRACTS),
    # its rates are a series of their own (origin "census"), never on one line with Dudley's transcribed figures
    "synthetic_census_2023_09.csv": ("census", SYNTHETIC_EXTRACTS),
}
# the extract and census dates of the files that have one
AS_AT = {"synthetic_annex_a_2023_09.xlsx": date(2023, 9, 30), "synthetic_annex_a_2023_12.xlsx": date(2023, 12, 31),
         "synthetic_census_2023_09.csv": date(2023, 9, 30)}


def demo_dir() -> Path:
    return data_dir() / "local"
