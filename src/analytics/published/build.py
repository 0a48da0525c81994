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

from analytics.paths import data_dir, store_path
from analytics.published import catalogue, columns
from analytics.published.ingest import areas as areas_source
from analytics.published.ingest import lait, neighbours, ofsted, releases
from analytics.published.sources import PUBLICATIONS
from analytics.published.store import Store, new_store, publish, stage, stage_order

INPUT_FOLDERS = ("dfe", "lait")
CATALOGUE_FILES = (catalogue.RELEASE_MEASURES, columns.COLUMN_VARIANTS)


@dataclass
class BuildReport:
    path: Path
    seconds: float
    measures: int
    observations: int
    areas: int
    release_files: list[dict]  # one per release file: its table, edition, years it has and gives
    revisions: list[dict]  # per newer file and measure: how many figures it revised, by kind of change


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


def _publications(files: list[dict]) -> dict:
    """The publications carried, the releases among them as the files found give them."""
    found = {}
    for key, p in PUBLICATIONS.items():
        rows = [f for f in files if f["publication"] == key]
        if rows:
            years = [int(y) for f in rows for y in f["years"].replace(",", " ").split() if y.isdigit()]
            p = p.found_in(tuple(f["file"] for f in rows), min(years), max(years))
        found[key] = p
    return found


def _stage_rows(con, name: str, rows: list[dict], columns: tuple[str, ...], types: dict[str, str]) -> None:
    stage(con, name, {c: [r[c] for r in rows] for c in columns}, types)


def build(root: Path | None = None, out: Path | None = None) -> BuildReport:
    root, out = Path(root or data_dir()), Path(out or store_path())
    started = time.perf_counter()
    # one connection, to the new store: every reader stages its rows there, so no figure leaves DuckDB
    with new_store(out) as con:
        found = releases.load(con, root)
        areas = areas_source.load(con, root, found.areas)
        lait_measures = lait.load_catalogue(root)
        carried = _publications(found.files)
        measures = catalogue.release_catalogue(carried) + lait_measures
        missing_core = set(catalogue.CORE_MEASURES) - {m["id"] for m in measures}
        if missing_core:
            raise ValueError(f"core measures missing from the catalogue: {sorted(missing_core)}")
        _stage_rows(con, "staged_measures", measures, catalogue.MEASURE_COLUMNS,
                    {"quartiles": "BOOLEAN", "decimals": "INTEGER"})
        stage_order(con, "staged_measures")
        lait_observations = lait.load(con, root, lait_measures, areas)
        neighbours.load(con, root, areas.la_codes)
        ofsted.load(con, root, areas.by_ons_code)
        _stage_rows(con, "staged_publications", [{
            "key": p.key, "title": p.title, "publisher": p.publisher, "edition": p.edition,
            "files": "; ".join(p.files), "url": p.url, "period": p.period, "attribution": p.attribution,
        } for p in carried.values()], ("key", "title", "publisher", "edition", "files", "url", "period",
                                       "attribution"), {})
        _stage_rows(con, "staged_release_files", found.files, tuple(found.files[0]),
                    {"edition": "INTEGER", "file_date": "DATE", "measures": "INTEGER"})
        info = {
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "fingerprint": fingerprint(root),
            "measures": str(len(measures)),
        }
        stage(con, "staged_build_info", {"key": list(info), "value": list(info.values())})
        observation_count = publish(con, {
            "areas": "staged_areas",
            "joint_members": "staged_joint_members",
            "boundary_changes": "staged_boundary_changes",
            "neighbours": "staged_neighbours",
            "measures": "staged_measures",
            # the releases' figures and LAIT's, stored one after the other
            "observations": (found.observations, lait_observations),
            "inspections": "staged_inspections",
            "publications": "staged_publications",
            "release_files": "staged_release_files",
            "revisions": found.revisions,
            "build_info": "staged_build_info",
        }, keyed=(lait_observations,))
        lait.check_cells(con, root, areas.codes)
        revisions = releases.revision_counts(con, found.revisions)
    return BuildReport(out, time.perf_counter() - started, len(measures), observation_count, len(areas.codes),
                       found.files, revisions)


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
