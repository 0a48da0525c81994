"""Build the store from the files in data/: read every source, check they fit together, write atomically.

`ensure_store` rebuilds only when the store is missing or the input files have
changed since it was built, so starting the dashboard stays fast.
"""

import hashlib
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from analytics.paths import data_dir, store_path
from analytics.published import catalogue
from analytics.published.ingest import areas as areas_source
from analytics.published.ingest import lait, neighbours, ofsted, releases
from analytics.published.sources import PUBLICATIONS
from analytics.published.store import Store, write_store

INPUT_FILES = sorted({file for p in PUBLICATIONS.values() for file in p.files})


@dataclass
class BuildReport:
    path: Path
    seconds: float
    measures: int
    observations: int
    areas: int


def fingerprint(root: Path) -> str:
    """A digest of every input file's bytes (and of the release catalogue), so a changed file forces a rebuild."""
    digest = hashlib.sha256()
    for name in INPUT_FILES:
        path = root / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    digest.update(catalogue.RELEASE_MEASURES.read_bytes())
    return digest.hexdigest()


def build(root: Path | None = None, out: Path | None = None) -> BuildReport:
    root, out = Path(root or data_dir()), Path(out or store_path())
    started = time.perf_counter()
    areas, joint_members, changes = areas_source.load(root)
    la_codes = set(areas.loc[areas.level == "la", "area_code"])
    lait_measures = lait.load_catalogue(root)
    measures = pd.concat([catalogue.release_catalogue(), lait_measures], ignore_index=True)
    missing_core = set(catalogue.CORE_MEASURES) - set(measures.id)
    if missing_core:
        raise ValueError(f"core measures missing from the catalogue: {sorted(missing_core)}")
    observations = pd.concat([
        releases.load(root),
        lait.load(root, lait_measures, set(areas.area_code), joint_members),
    ], ignore_index=True)
    publications = pd.DataFrame([{
        "key": p.key, "title": p.title, "publisher": p.publisher, "edition": p.edition,
        "files": "; ".join(p.files), "url": p.url, "period": p.period, "attribution": p.attribution,
    } for p in PUBLICATIONS.values()])
    info = {
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "fingerprint": fingerprint(root),
        "measures": str(len(measures)),
        "observations": str(len(observations)),
    }
    write_store({
        "areas": areas,
        "joint_members": joint_members,
        "boundary_changes": changes,
        "neighbours": neighbours.load(root, la_codes),
        "measures": measures,
        "observations": observations,
        "inspections": ofsted.load(root, areas),
        "publications": publications,
        "build_info": pd.DataFrame(info.items(), columns=["key", "value"]),
    }, out)
    return BuildReport(out, time.perf_counter() - started, len(measures), len(observations), len(areas))


def is_current(root: Path | None = None, out: Path | None = None) -> bool:
    root, out = Path(root or data_dir()), Path(out or store_path())
    if not out.is_file():
        return False
    try:
        store = Store(out)
        try:
            return store.build_info().get("fingerprint") == fingerprint(root)
        finally:
            store.close()
    except Exception:  # an unreadable store is rebuilt
        return False


def ensure_store(root: Path | None = None, out: Path | None = None) -> BuildReport | None:
    """Build the store unless an up-to-date one is already there; returns the report if it built."""
    return None if is_current(root, out) else build(root, out)
