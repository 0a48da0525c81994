"""Which Explore Education Statistics files are in data/dfe, which table of the catalogue each holds, and which
edition gives which years.

A CSV anywhere under data/dfe is a release when its header has the EES
geography columns (time_period, time_identifier, geographic_level). It is matched
to the catalogue's table (release_measures.csv's `table`) whose measure columns
it has most of, spelled as columns.column_key reads them, and whose filter
columns it has; its name does not matter. A release that matches no table, or
two equally, stops the build: a file the product cannot place is never silently
dropped. Columns no measure uses are kept on the file, so a new indicator is seen.

Editions: the newer edition of a table (later last year, then later file date)
gives every year it covers; an older one only the years no newer one has.
"""

import csv
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from analytics.published.columns import column_key
from analytics.published.ingest import IngestError, require_file
from analytics.published.sources import PUBLICATIONS

RELEASE_FOLDER = "dfe"
MARKERS = ("time_period", "time_identifier", "geographic_level")
# EES's standard time and geography columns: what the rows are about, not measures.
GEOGRAPHY_COLUMNS = frozenset(MARKERS + ("country_code", "country_name", "region_code", "region_name",
                                         "old_la_code", "new_la_code", "la_name"))


@dataclass(frozen=True)
class Table:
    key: str
    publication: str
    columns: frozenset[str]  # the measure columns as the catalogue spells them
    filters: tuple[str, ...]  # columns whose values pick a measure's rows (the same for every measure)


@dataclass
class ReleaseFile:
    path: Path
    name: str  # relative to data/, as users see it: 'dfe/csww_indicators_2017_to_2025.csv'
    table: Table
    columns: dict[str, str]  # catalogue spelling -> the file's own
    unused: tuple[str, ...]
    modified: datetime
    years: tuple[int, ...] = field(default=())

    @property
    def order(self) -> tuple:
        """Newer editions sort later: the later last year, then the later file date, then the name."""
        return (max(self.years, default=0), self.modified, self.name)


def tables(specs: list[dict]) -> dict[str, Table]:
    """The catalogue's tables, from the release specs (one dict per measure: table, column, filters)."""
    grouped: dict[str, list[dict]] = {}
    for spec in specs:
        grouped.setdefault(spec["table"], []).append(spec)
    found = {}
    for key, rows in grouped.items():
        filters = {tuple(c for c, _ in r["filters"]) for r in rows}
        if len(filters) != 1 or len({r["publication"] for r in rows}) != 1:
            raise ValueError(f"release table {key}: every measure must name the same publication and filter columns")
        found[key] = Table(key, rows[0]["publication"], frozenset(r["column"] for r in rows), filters.pop())
    return found


def header(path: Path) -> list[str]:
    require_file(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [name.strip() for name in next(csv.reader(handle), [])]
    except UnicodeDecodeError as exc:
        raise IngestError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except csv.Error as exc:
        raise IngestError(path, f"cannot be read as CSV: {exc}") from exc


def _match(path: Path, names: list[str], known: dict[str, Table]) -> ReleaseFile:
    keys: dict[str, str] = {}
    for name in names:
        if name in GEOGRAPHY_COLUMNS:
            continue
        key = column_key(name)
        if key in keys:
            raise IngestError(path, f"columns '{keys[key]}' and '{name}' both stand for '{key}'")
        keys[key] = name
    scores = {}
    for table in known.values():
        wanted = {column_key(c): c for c in table.columns}
        if all(f in names for f in table.filters):
            scores[table.key] = {wanted[k]: keys[k] for k in wanted.keys() & keys.keys()}
    best = max((len(m) for m in scores.values()), default=0)
    if best == 0:
        raise IngestError(path, "looks like an Explore Education Statistics release (it has time_period and "
                                "geographic_level) but no table in release_measures.csv has its columns: "
                                f"{', '.join(n for n in names if n not in GEOGRAPHY_COLUMNS)[:400]}; add its "
                                "spellings to column_variants.csv or its measures to release_measures.csv")
    winners = [key for key, m in scores.items() if len(m) == best]
    if len(winners) > 1:
        raise IngestError(path, f"its columns fit the tables {' and '.join(winners)} equally well")
    table = known[winners[0]]
    columns = scores[table.key]
    used = set(columns.values()) | set(table.filters) | GEOGRAPHY_COLUMNS
    modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return ReleaseFile(path, "", table, columns, tuple(n for n in names if n not in used), modified)


def discover(data_dir: Path, known: dict[str, Table]) -> list[ReleaseFile]:
    """Every release under data/dfe, matched to its table; a table with no file stops the build."""
    folder = data_dir / RELEASE_FOLDER
    found = []
    for path in sorted(folder.rglob("*.csv")):
        names = header(path)
        if not set(MARKERS) <= set(names):
            continue  # not an EES tidy file (the neighbour groupings are read by name)
        file = _match(path, names, known)
        file.name = path.relative_to(data_dir).as_posix()
        found.append(file)
    for key, table in known.items():
        if not any(f.table.key == key for f in found):
            example = ", ".join(sorted(table.columns)[:4])
            raise IngestError(folder, f"no file holds the {PUBLICATIONS[table.publication].title} table '{key}' "
                                      f"(a CSV with "
                                      f"time_period, geographic_level and columns such as {example}); "
                                      "is its file missing?")
    return found


def newest_first(files: list[ReleaseFile]) -> list[ReleaseFile]:
    return sorted(files, key=lambda f: f.order, reverse=True)
