"""Observations from the DfE Explore Education Statistics files: every edition found, read in DuckDB SQL.

Each file is read once by DuckDB as text; its measure columns become rows
(UNPIVOT) and each cell a value or a special code (suppression.sql_reading), so
no cell passes through Python. Which file is which is editions.py's job; here the
editions are read and reconciled, also in SQL: for each measure and year the
newest edition covering it wins, and every figure it changed from the edition
before is a revision.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

import duckdb

from analytics.periods import financial_year_label
from analytics.published.catalogue import DERIVED_MEASURES, release_specs
from analytics.published.ingest import IngestError
from analytics.published.ingest.areas import CIN_TABLE, ENGLAND, WORKFORCE_TABLE, joint_code
from analytics.published.ingest.editions import ReleaseFile, discover, newest_first, tables
from analytics.published.store import stage
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


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


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
    observations: str  # staged table, OBSERVATION_COLUMNS: the winning edition's figure for each measure and year
    files: list[dict]  # one per file: which table, edition, years it has and gives, unused columns
    revisions: str  # staged table: one row per figure a newer edition changed
    areas: dict[str, tuple[list[tuple], Path]]  # table -> AREA_COLUMNS rows of its editions (oldest first), newest file


def _read(con: duckdb.DuckDBPyConnection, file: ReleaseFile, specs: list[dict], table: str) -> None:
    """One file's measures as rows in the temporary table `table`: measure_id, area_code, year, value, status."""
    path = file.path
    specs = [s for s in specs if s["column"] in file.columns]
    slots = {column: f"m{n}" for n, column in enumerate(sorted({s["column"] for s in specs}))}
    filters = "concat_ws('|', " + ", ".join(f"coalesce({_quoted(f)}, '')" for f in file.table.filters) + ")" \
        if file.table.filters else "''"
    stage(con, "release_wanted", {"measure_id": [s["id"] for s in specs], "slot": [slots[s["column"]] for s in specs],
                                  "filter_key": ["|".join(v for _, v in s["filters"]) for s in specs]})
    numbers = [row[0] for row in con.execute(
        "SELECT DISTINCT old_la_code FROM release_raw WHERE old_la_code IS NOT NULL").fetchall()]
    stage(con, "release_la_codes", {"old_la_code": numbers, "la_code": [joint_code(n) for n in numbers]})
    picked = ", ".join(f"{_quoted(file.columns[c])} AS {slot}" for c, slot in slots.items())
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {table} AS
        WITH picked AS (SELECT {', '.join(KEYS)}, {filters} AS filter_key, {picked} FROM release_raw),
        long AS (SELECT * FROM picked UNPIVOT INCLUDE NULLS (cell FOR slot IN ({', '.join(slots.values())}))),
        read AS (SELECT w.measure_id, l.*, {VALUE} AS value FROM long l JOIN release_wanted w USING (slot, filter_key))
        SELECT measure_id,
               CASE geographic_level WHEN 'National' THEN '{ENGLAND}' WHEN 'Regional' THEN region_code
                    ELSE c.la_code END AS area_code,
               CAST(time_period AS INTEGER) AS year, time_period, slot, cell, value, {STATUS} AS status
        FROM read LEFT JOIN release_la_codes c USING (old_la_code)""")
    # both checks in one statement; repeats grouped for only when two rows share a hash (counting distinct hashes
    # costs half what grouping by the three texts does)
    bad, shared_hash = con.execute(f"""
        SELECT (SELECT [slot, cell] FROM {table} WHERE NOT list_contains($codes, status) LIMIT 1),
               (SELECT count(*) > count(DISTINCT hash(area_code, time_period, measure_id)) FROM {table})""",
                                   {"codes": list(CODES)}).fetchone()
    twice = shared_hash and con.execute(f"""SELECT area_code, time_period, measure_id FROM {table}
                                            GROUP BY ALL HAVING count(*) > 1 LIMIT 1""").fetchone()
    if bad:
        column = file.columns[next(c for c, s in slots.items() if s == bad[0])]
        raise IngestError(path, f"line {_line_of(path, column, bad[1])}, column '{column}': '{bad[1].strip()}' "
                                "is neither a number nor a known special code")
    if twice:
        raise IngestError(path, f"two rows for area {twice[0]} in {twice[1]} (measure {twice[2]}); "
                                "each area and year should appear once")


def _years_and_levels(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[int, ...]:
    """The file's years, checking each is a year and every geographic level is one we place (one scan)."""
    periods, levels = con.execute(
        "SELECT list(DISTINCT time_period), list(DISTINCT geographic_level) FROM release_raw").fetchone()
    bad = [p for p in periods if p is None or not p.strip().isdigit() or len(p.strip()) != 4]
    if bad:
        text = bad[0] or ""
        raise IngestError(path, f"line {_line_of(path, 'time_period', text)}, column 'time_period': "
                                f"'{text}' is not a year")
    unexpected = sorted(set(levels) - LEVELS, key=str)
    if unexpected:
        raise IngestError(path, f"unexpected geographic_level {unexpected}")
    return tuple(sorted(int(p) for p in periods))


# CP plans at 31 March lasting 1 year or more, from table D5's duration bands: the two long bands added when both
# are published; otherwise the whole less the three short bands, which DfE publishes when it suppresses both long
# ones (their total is then already public). Missing, with the first long band's reason, when neither route is
# open. measure -> (long bands, short bands, the whole: a measure id, the total count, or 100).
DERIVATIONS = {
    "cpp_1yr_plus_pct": (["cpp_dur_1_2y_pct", "cpp_2yr_plus_pct"],
                         ["cpp_dur_0_3m_pct", "cpp_dur_3_6m_pct", "cpp_dur_6_12m_pct"], 100.0),
    "cpp_1yr_plus_count": (["cpp_dur_1_2y_count", "cpp_2yr_plus_count"],
                           ["cpp_dur_0_3m_count", "cpp_dur_3_6m_count", "cpp_dur_6_12m_count"], "cpp_at31_count"),
}
assert {m["id"] for m in DERIVED_MEASURES} == set(DERIVATIONS)


def _derive(con: duckdb.DuckDBPyConnection, file: ReleaseFile, table: str) -> None:
    """Add to `table` the derived measures of its file's table, when the file has every band they need."""
    derived = [m["id"] for m in DERIVED_MEASURES if m["table"] == file.table.key]
    if not derived:
        return
    present = {row[0] for row in con.execute(f"SELECT DISTINCT measure_id FROM {table}").fetchall()}
    for measure_id in derived:
        long_bands, short_bands, whole = DERIVATIONS[measure_id]
        bands = long_bands + short_bands + ([whole] if isinstance(whole, str) else [])
        if not set(bands) <= present:
            continue
        pick = {f"b{n}": band for n, band in enumerate(bands)}
        value = lambda name: f"max(value) FILTER (WHERE measure_id = ${name})"  # noqa: E731
        column = {band: value(name) for name, band in pick.items()}
        whole_sql = column[whole] if isinstance(whole, str) else f"{whole}"
        con.execute(f"""
            INSERT INTO {table} (measure_id, area_code, year, time_period, value, status)
            SELECT $measure, area_code, year, any_value(time_period),
                   round(coalesce({' + '.join(column[b] for b in long_bands)},
                                  {whole_sql} - ({' + '.join(column[b] for b in short_bands)})), 6) AS v,
                   CASE WHEN v IS NULL THEN coalesce({', '.join(
                       f"max(status) FILTER (WHERE measure_id = ${name})" for name, band in pick.items()
                       if band in long_bands)}) END
            FROM {table} WHERE measure_id IN ({', '.join(f'${name}' for name in pick)})
            GROUP BY area_code, year
            HAVING count(*) FILTER (WHERE measure_id = $b0) > 0""", {**pick, "measure": measure_id})


def _span(years) -> str:
    """'2017 to 2025', or '2013, 2015 to 2017' where years are missing."""
    years, runs = sorted(set(years)), []
    for year in years:
        if runs and year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return ", ".join(str(a) if a == b else f"{a} to {b}" for a, b in runs)


# Each measure and year's editions, newest first (place 1 gives the figure; place 2 is the edition it replaces).
RANK_EDITIONS = """
    CREATE TEMP TABLE release_ranked AS
    SELECT measure_id, year, source, row_number() OVER (PARTITION BY measure_id, year ORDER BY r.rank DESC) AS place
    FROM (SELECT DISTINCT measure_id, year, source FROM release_cells) JOIN release_ranks r USING (source)"""
WINNERS = """
    CREATE TEMP VIEW release_observations AS
    SELECT o.measure_id, o.area_code, p.period, o.year, o.value, o.status, o.source
    FROM release_cells o JOIN release_ranked k USING (measure_id, year, source)
    JOIN release_labels p USING (source, year)
    WHERE k.place = 1"""
# Every figure the winning edition changed from the one it replaces (a value moved, or its code changed).
REVISIONS = """
    CREATE TEMP TABLE release_revisions AS
    WITH new AS (SELECT o.* FROM release_cells o JOIN release_ranked k USING (measure_id, year, source)
                 WHERE k.place = 1),
         old AS (SELECT o.* FROM release_cells o JOIN release_ranked k USING (measure_id, year, source)
                 WHERE k.place = 2)
    SELECT n.measure_id, n.area_code, n.year,
           CASE WHEN n.value IS NOT NULL AND o.value IS NOT NULL THEN 'revised'
                WHEN o.value IS NOT NULL THEN 'newly suppressed'
                WHEN n.value IS NOT NULL THEN 'now published' ELSE 'code changed' END AS change,
           o.value AS old_value, o.status AS old_status, n.value AS new_value, n.status AS new_status,
           o.source AS old_source, n.source AS new_source
    FROM new n JOIN old o USING (measure_id, area_code, year)
    WHERE (n.value IS NOT NULL AND o.value IS NOT NULL AND abs(n.value - o.value) > 1e-9)
       OR coalesce(n.status, '') <> coalesce(o.status, '')
    ORDER BY n.measure_id, n.area_code, n.year"""


def load(con: duckdb.DuckDBPyConnection, data_dir: Path) -> Releases:
    """Every release file found under data/dfe, each measure and year from the newest edition covering it, staged
    in `con`."""
    specs = release_specs()
    files = discover(data_dir, tables(specs))
    areas = {}
    for n, file in enumerate(files):
        try:
            con.execute(f"CREATE OR REPLACE TEMP TABLE release_raw AS SELECT * FROM read_csv(?, {READ_OPTIONS})",
                        [str(file.path)])
        except duckdb.Error as exc:
            raise IngestError(file.path, f"cannot be read as CSV: {str(exc).splitlines()[0]}") from exc
        # DuckDB's reader gives a short file whose last row has a cell too many no rows and no error
        if not con.execute("SELECT count(*) FROM release_raw").fetchone()[0]:
            raise IngestError(file.path, "holds no rows of figures (or a row has more cells than the header)")
        present = {column for column, *_ in con.execute("DESCRIBE release_raw").fetchall()}
        missing = [c for c in KEYS if c not in present]
        if missing:
            raise IngestError(file.path, f"expected column(s) {', '.join(missing)} not found")
        file.years = _years_and_levels(con, file.path)
        _read(con, file, [s for s in specs if s["table"] == file.table.key], f"release_obs{n}")
        _derive(con, file, f"release_obs{n}")
        if file.table.key in (CIN_TABLE, WORKFORCE_TABLE):
            picked = ", ".join(f"coalesce({_quoted(c)}, '') AS {c}" if c in present else f"'' AS {c}"
                               for c in AREA_COLUMNS)
            areas.setdefault(file.table.key, []).append(
                (file, con.execute(f"SELECT {picked} FROM release_raw").fetchall()))
    con.execute("DROP TABLE release_raw")
    # a view: read four times, each a scan, cheaper than a copy (a view takes no parameters, so the file names are
    # quoted into it)
    con.execute("CREATE TEMP VIEW release_cells AS " + " UNION ALL ".join(
        f"SELECT measure_id, area_code, year, value, status, {_literal(f.name)} AS source FROM release_obs{n}"
        for n, f in enumerate(files)))
    files = newest_first(files)
    publication = {f.name: f.table.publication for f in files}
    stage(con, "release_ranks", {"source": [f.name for f in files], "rank": list(range(len(files), 0, -1))},
          {"rank": "INTEGER"})  # higher is newer
    con.execute(RANK_EDITIONS)
    pairs = con.execute("SELECT DISTINCT source, year FROM release_cells").fetchall()
    stage(con, "release_labels", {"source": [s for s, _ in pairs], "year": [y for _, y in pairs],
                                  "period": [PERIOD_LABELS[publication[s]](y) for s, y in pairs]},
          {"year": "INTEGER"})
    con.execute(WINNERS)
    con.execute(REVISIONS)
    given = dict(con.execute("SELECT source, list(DISTINCT year) FROM release_ranked WHERE place = 1 GROUP BY source"
                             ).fetchall())
    listing = sorted(({
        "publication": f.table.publication, "table_key": f.table.key, "file": f.name,
        "edition": 1 + sum(g.table.key == f.table.key for g in files[:n]),
        "file_date": f.modified.date(), "years": _span(f.years),
        "years_used": _span(given.get(f.name, [])) or "none (a newer edition covers them all)",
        "measures": len(f.columns), "unused_columns": "; ".join(f.unused),
    } for n, f in enumerate(files)), key=lambda f: (f["publication"], f["table_key"], f["edition"]))
    geography = {}
    for key, found in areas.items():
        found.sort(key=lambda pair: pair[0].order)  # oldest first, so the newest edition's rows come last
        geography[key] = ([row for _, rows in found for row in rows], found[-1][0].path)
    return Releases("release_observations", listing, "release_revisions", geography)


REVISION_KINDS = ("revised", "newly suppressed", "now published", "code changed")


def revision_counts(con: duckdb.DuckDBPyConnection, revisions: str) -> list[dict]:
    """How many figures each newer file revised, per measure and kind of change (kinds keyed with underscores)."""
    kinds = ", ".join(f"count(*) FILTER (WHERE change = '{k}') AS {k.replace(' ', '_')}" for k in REVISION_KINDS)
    cursor = con.execute(f"""SELECT new_source, old_source, measure_id, {kinds} FROM {revisions}
                             GROUP BY ALL ORDER BY ALL""")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
