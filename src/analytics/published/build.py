"""Build the store from the files in data/: read every source, check they fit together, write atomically.

The DfE releases are found by what they hold (ingest/editions.py), so a new
edition dropped into data/dfe is read on the next build; the report says which
file gave which years and how many figures each newer edition revised.

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
from analytics.published import catalogue, columns
from analytics.published.ingest import areas as areas_source
from analytics.published.ingest import lait, neighbours, ofsted, releases
from analytics.published.sources import PUBLICATIONS
from analytics.published.store import Store, write_store

INPUT_FOLDERS = ("dfe", "lait")
CATALOGUE_FILES = (catalogue.RELEASE_MEASURES, columns.COLUMN_VARIANTS)


@dataclass
class BuildReport:
    path: Path
    seconds: float
    measures: int
    observations: int
    areas: int
    release_files: pd.DataFrame  # one row per release file: its table, edition, years it has and gives
    revisions: pd.DataFrame  # per measure and newer file: how many figures it revised


def fingerprint(root: Path) -> str:
    """A digest of every input file's name and bytes (and of the release catalogue), so a new, removed or changed
    file forces a rebuild."""
    digest = hashlib.sha256()
    for path in sorted(p for folder in INPUT_FOLDERS for p in (root / folder).rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    for path in CATALOGUE_FILES:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def revision_counts(revisions: pd.DataFrame) -> pd.DataFrame:
    """How many figures each newer file revised, per measure and kind of change."""
    counts = revisions.groupby(["new_source", "old_source", "measure_id", "change"]).size()
    return counts.unstack("change", fill_value=0).reset_index().rename_axis(columns=None)


def _publications(files: pd.DataFrame) -> dict:
    """The publications carried, the releases among them as the files found give them."""
    found = {}
    for key, p in PUBLICATIONS.items():
        rows = files[files.publication == key]
        if not rows.empty:
            years = [int(y) for spans in rows.years for y in spans.replace(",", " ").split() if y.isdigit()]
            p = p.found_in(tuple(rows.file), min(years), max(years))
        found[key] = p
    return found


def build(root: Path | None = None, out: Path | None = None) -> BuildReport:
    root, out = Path(root or data_dir()), Path(out or store_path())
    started = time.perf_counter()
    found = releases.load(root)
    areas, joint_members, changes = areas_source.load(root, found.areas)
    la_codes = set(areas.loc[areas.level == "la", "area_code"])
    lait_measures = lait.load_catalogue(root)
    carried = _publications(found.files)
    measures = pd.concat([catalogue.release_catalogue(carried), lait_measures], ignore_index=True)
    missing_core = set(catalogue.CORE_MEASURES) - set(measures.id)
    if missing_core:
        raise ValueError(f"core measures missing from the catalogue: {sorted(missing_core)}")
    # the releases' figures and LAIT's (an Arrow table, never converted to pandas), stored one after the other
    observations = [found.observations, lait.load(root, lait_measures, set(areas.area_code), joint_members)]
    observation_count = sum(len(part) for part in observations)
    publications = pd.DataFrame([{
        "key": p.key, "title": p.title, "publisher": p.publisher, "edition": p.edition,
        "files": "; ".join(p.files), "url": p.url, "period": p.period, "attribution": p.attribution,
    } for p in carried.values()])
    info = {
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "fingerprint": fingerprint(root),
        "measures": str(len(measures)),
        "observations": str(observation_count),
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
        "release_files": found.files,
        "revisions": found.revisions,
        "build_info": pd.DataFrame(info.items(), columns=["key", "value"]),
    }, out)
    return BuildReport(out, time.perf_counter() - started, len(measures), observation_count, len(areas),
                       found.files, revision_counts(found.revisions))


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
