"""Observations from the DfE Explore Education Statistics files: every edition found, read in DuckDB SQL.

Each file is read once by DuckDB as text; its measure columns become rows
(UNPIVOT) and each cell a value or a special code (suppression.sql_reading), so
no cell passes through Python. Which file is which, and which edition gives
which years, is editions.py's job; here the editions are read and reconciled:
for each measure and year the newest edition covering it wins, and every figure
it changed from the edition before is a revision.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from analytics.periods import financial_year_label
from analytics.published.catalogue import DERIVED_MEASURES, release_specs
from analytics.published.ingest import IngestError
from analytics.published.ingest.areas import ENGLAND, joint_code
from analytics.published.ingest.editions import ReleaseFile, discover, newest_first, tables
from analytics.suppression import CODES, sql_reading

# How each publication labels its periods for users.
PERIOD_LABELS = {
    "csww": str,  # reporting year: workforce at 30 September of that year
    "cin": lambda y: financial_year_label(int(y)),
    "cla": lambda y: financial_year_label(int(y)),
    "ons": str,
}
KEYS = ["time_period", "geographic_level", "region_code", "old_la_code"]
AREA_COLUMNS = KEYS + ["region_name", "new_la_code", "la_name"]
LEVELS = {"National", "Regional", "Local authority"}
OBSERVATION_COLUMNS = ["measure_id", "area_code", "period", "year", "value", "status", "source"]
READ_OPTIONS = "all_varchar = true, header = true, delim = ',', quote = '\"', escape = '\"'"
VALUE, STATUS = sql_reading("cell")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _line_of(path: Path, column: str, text: str) -> int:
    """The line of the first row whose `column` holds `text` (only called to word an error)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            if (row.get(column) or "").strip() == text.strip():
                return reader.line_num
    return 0


@dataclass
class Releases:
    observations: pd.DataFrame  # OBSERVATION_COLUMNS: the winning edition's figure for each measure and year
    files: pd.DataFrame  # one row per file: which table, edition, years it has and gives, unused columns
    revisions: pd.DataFrame  # one row per figure a newer edition changed
    areas: dict[str, tuple[pd.DataFrame, Path]]  # table -> AREA_COLUMNS of its editions (oldest first), newest file


def _read(con: duckdb.DuckDBPyConnection, file: ReleaseFile, specs: pd.DataFrame) -> pd.DataFrame:
    """One file's measures as rows: measure_id, area_code, year, value, status (and the keys)."""
    path = file.path
    specs = specs[specs.column.isin(file.columns)]
    slots = {column: f"m{n}" for n, column in enumerate(sorted(set(specs.column)))}
    filters = "concat_ws('|', " + ", ".join(f"coalesce({_quoted(f)}, '')" for f in file.table.filters) + ")" \
        if file.table.filters else "''"
    wanted = pd.DataFrame({
        "measure_id": specs.id.to_numpy(),
        "slot": specs.column.map(slots).to_numpy(),
        "filter_key": ["|".join(v for _, v in f) for f in specs.filters],
    })
    con.register("wanted", wanted)
    picked = ", ".join(f"{_quoted(file.columns[c])} AS {slot}" for c, slot in slots.items())
    rows = con.execute(f"""
        WITH picked AS (SELECT {', '.join(KEYS)}, {filters} AS filter_key, {picked} FROM raw),
        long AS (SELECT * FROM picked UNPIVOT INCLUDE NULLS (cell FOR slot IN ({', '.join(slots.values())}))),
        read AS (SELECT w.measure_id, l.*, {VALUE} AS value FROM long l JOIN wanted w USING (slot, filter_key))
        SELECT measure_id, {', '.join(KEYS)}, slot, cell, value, {STATUS} AS status FROM read""").df()
    con.unregister("wanted")
    unknown = rows.status.notna() & ~rows.status.isin(list(CODES))
    if unknown.any():
        bad = rows[unknown].iloc[0]
        column = file.columns[next(c for c, s in slots.items() if s == bad.slot)]
        raise IngestError(path, f"line {_line_of(path, column, bad.cell)}, column '{column}': '{bad.cell.strip()}' "
                                "is neither a number nor a known special code")
    levels = sorted(set(rows.geographic_level.dropna()) - LEVELS)
    if levels:
        raise IngestError(path, f"unexpected geographic_level {levels}")
    la = rows.old_la_code.map({c: joint_code(c) for c in rows.old_la_code.dropna().unique()})
    rows["area_code"] = la.where(rows.geographic_level == "Local authority", rows.region_code).where(
        rows.geographic_level != "National", ENGLAND)
    rows["year"] = rows.time_period.map({t: int(t) for t in rows.time_period.unique()})
    twice = rows.duplicated(["measure_id", "area_code", "year"])
    if twice.any():
        dup = rows[twice].iloc[0]
        raise IngestError(path, f"two rows for area {dup.area_code} in {dup.time_period} "
                                f"(measure {dup.measure_id}); each area and year should appear once")
    return rows[["measure_id", "area_code", "year", "value", "status"]]


def _header_of(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [row[0] for row in con.execute("SELECT column_name FROM (DESCRIBE raw)").fetchall()]


def _years(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[int, ...]:
    periods = [row[0] for row in con.execute("SELECT DISTINCT time_period FROM raw").fetchall()]
    bad = [p for p in periods if p is None or not p.strip().isdigit() or len(p.strip()) != 4]
    if bad:
        text = bad[0] or ""
        raise IngestError(path, f"line {_line_of(path, 'time_period', text)}, column 'time_period': "
                                f"'{text}' is not a year")
    return tuple(sorted(int(p) for p in periods))


def _one_year_or_more(by_id: dict[str, pd.DataFrame], measure_id: str, long_bands: list[str],
                      short_bands: list[str], whole: str | float) -> pd.DataFrame:
    """CP plans at 31 March lasting 1 year or more, from table D5's duration bands.

    The two long bands added when both are published; otherwise the whole less the
    three short bands, which DfE publishes when it suppresses both long ones (their
    total is then already public). Missing, with the first long band's reason,
    when neither route is open. `whole` is a measure id (the total count) or 100.
    All the bands come from one file, indexed by area and year.
    """
    value = lambda ids: pd.concat([by_id[i].value for i in ids], axis=1)  # noqa: E731
    total = by_id[whole].value if isinstance(whole, str) else whole
    derived = value(long_bands).sum(axis=1, min_count=len(long_bands)).fillna(
        total - value(short_bands).sum(axis=1, min_count=len(short_bands))).round(6)
    reason = by_id[long_bands[0]].status
    for band in long_bands[1:]:
        reason = reason.fillna(by_id[band].status)
    return by_id[long_bands[0]].assign(measure_id=measure_id, value=derived,
                                       status=reason.where(derived.isna(), None))


DERIVATIONS = {
    "cpp_1yr_plus_pct": (["cpp_dur_1_2y_pct", "cpp_2yr_plus_pct"],
                         ["cpp_dur_0_3m_pct", "cpp_dur_3_6m_pct", "cpp_dur_6_12m_pct"], 100.0),
    "cpp_1yr_plus_count": (["cpp_dur_1_2y_count", "cpp_2yr_plus_count"],
                           ["cpp_dur_0_3m_count", "cpp_dur_3_6m_count", "cpp_dur_6_12m_count"], "cpp_at31_count"),
}
assert set(DERIVED_MEASURES.id) == set(DERIVATIONS)


def _derived(file: ReleaseFile, rows: pd.DataFrame) -> list[pd.DataFrame]:
    """The derived measures a file's table carries, when the file has every band they need."""
    by_id = {m: r.set_index(["area_code", "year"], drop=False)
             for m, r in rows.groupby("measure_id", sort=False)}
    out = []
    for spec in DERIVED_MEASURES[DERIVED_MEASURES.table == file.table.key].itertuples():
        long_bands, short_bands, whole = DERIVATIONS[spec.id]
        needed = long_bands + short_bands + ([whole] if isinstance(whole, str) else [])
        if all(m in by_id for m in needed):
            out.append(_one_year_or_more(by_id, spec.id, long_bands, short_bands, whole).reset_index(drop=True))
    return out


def _span(years) -> str:
    """'2017 to 2025', or '2013, 2015 to 2017' where years are missing."""
    years, runs = sorted(set(years)), []
    for year in years:
        if runs and year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return ", ".join(str(a) if a == b else f"{a} to {b}" for a, b in runs)


def _revisions(candidates: pd.DataFrame, obs: pd.DataFrame) -> pd.DataFrame:
    """Every figure the winning edition changed from the edition it replaces for that measure and year."""
    ranked = candidates.sort_values("rank", ascending=False)
    ranked["place"] = ranked.groupby(["measure_id", "year"]).cumcount()
    keys = ["measure_id", "area_code", "year"]
    new = obs.merge(ranked[ranked.place == 0][["measure_id", "year", "source"]])
    old = obs.merge(ranked[ranked.place == 1][["measure_id", "year", "source"]])
    both = new.merge(old, on=keys, suffixes=("_new", "_old"))
    has_new, has_old = both.value_new.notna(), both.value_old.notna()
    moved = has_new & has_old & ~np.isclose(both.value_new.fillna(0), both.value_old.fillna(0), atol=1e-9, rtol=0)
    recoded = both.status_new.fillna("") != both.status_old.fillna("")
    both = both[moved | recoded].copy()
    has_new, has_old = both.value_new.notna(), both.value_old.notna()
    both["change"] = np.select([has_new & has_old, has_old, has_new], ["revised", "newly suppressed", "now published"],
                               "code changed")
    return both.rename(columns={"source_new": "new_source", "source_old": "old_source", "value_new": "new_value",
                                "value_old": "old_value", "status_new": "new_status", "status_old": "old_status"})[
        [*keys, "change", "old_value", "old_status", "new_value", "new_status", "old_source", "new_source"]]


def load(data_dir: Path) -> Releases:
    """Every release file found under data/dfe, each measure and year from the newest edition covering it."""
    specs = release_specs()
    files = discover(data_dir, tables(specs))
    parts, areas = [], {}
    with duckdb.connect() as con:
        for file in files:
            try:
                con.execute(f"CREATE OR REPLACE TEMP TABLE raw AS SELECT * FROM read_csv(?, {READ_OPTIONS})",
                            [str(file.path)])
            except duckdb.Error as exc:
                raise IngestError(file.path, f"cannot be read as CSV: {str(exc).splitlines()[0]}") from exc
            present = set(_header_of(con))
            missing = [c for c in KEYS if c not in present]
            if missing:
                raise IngestError(file.path, f"expected column(s) {', '.join(missing)} not found")
            file.years = _years(con, file.path)
            rows = _read(con, file, specs[specs.table == file.table.key])
            parts += [r.assign(source=file.name) for r in [rows, *_derived(file, rows)]]
            picked = ", ".join(f"coalesce({_quoted(c)}, '') AS {c}" if c in present else f"'' AS {c}"
                               for c in AREA_COLUMNS)
            areas.setdefault(file.table.key, []).append((file, con.execute(f"SELECT {picked} FROM raw").df()))
    files = newest_first(files)
    rank = {f.name: n for n, f in enumerate(reversed(files))}  # higher is newer
    obs = pd.concat(parts, ignore_index=True)
    candidates = obs[["measure_id", "year", "source"]].drop_duplicates().assign(rank=lambda d: d.source.map(rank))
    winners = candidates.sort_values("rank").drop_duplicates(["measure_id", "year"], keep="last")
    revisions = _revisions(candidates, obs)
    obs = obs.merge(winners[["measure_id", "year", "source"]])
    publication = {f.name: f.table.publication for f in files}
    labels = obs[["source", "year"]].drop_duplicates()
    labels["period"] = [PERIOD_LABELS[publication[s]](y) for s, y in labels.itertuples(index=False)]
    obs = obs.merge(labels)
    given = obs.groupby("source").year.unique()
    listing = pd.DataFrame([{
        "publication": f.table.publication, "table_key": f.table.key, "file": f.name,
        "edition": 1 + sum(g.table.key == f.table.key for g in files[:n]),
        "file_date": f.modified.date(), "years": _span(f.years),
        "years_used": _span(given.get(f.name, [])) or "none (a newer edition covers them all)",
        "measures": len(f.columns), "unused_columns": "; ".join(f.unused),
    } for n, f in enumerate(files)]).sort_values(["publication", "table_key", "edition"], ignore_index=True)
    geography = {}
    for key, found in areas.items():
        found.sort(key=lambda pair: pair[0].order)  # oldest first, so the newest edition's rows come last
        geography[key] = (pd.concat([frame for _, frame in found], ignore_index=True), found[-1][0].path)
    return Releases(obs[OBSERVATION_COLUMNS], listing, revisions, geography)

