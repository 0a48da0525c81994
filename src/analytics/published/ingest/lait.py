"""Observations and catalogue rows for the 434 indicators of the DfE Local Authority Interactive Tool.

The LAIT file is long (one row per indicator, area and year) and keys areas by
LA number, which we join on; LAIT's own screens join on names. Two things are
put right here rather than carried into ranks and averages:
- LAIT repeats a joint workforce return's figure under both LAs (Kingston upon
  Thames and Richmond upon Thames; North and West Northamptonshire). Where both
  show the same workforce figure for a year it is stored once, for the joint area.
- Rows with no year (a block of '-' under '0') are dropped; a number there
  would stop the build, because it could not be placed in time.
"""

from pathlib import Path

import duckdb

from analytics.periods import end_year
from analytics.published.catalogue import lait_catalogue
from analytics.published.ingest import IngestError, given, read_published_csv, require_file
from analytics.published.ingest.areas import LAIT_REGION_NUMBERS, Areas
from analytics.published.store import ORDER_TABLE, SORT_KEY, stage
from analytics.suppression import CODES, sql_reading

DATA_FILE = "lait/bds_long_0.parquet"
DICTIONARY_FILE = "lait/lait_data_dictionary.csv"
COLUMNS = ["Short Desc", "Years", "Values", "LA Number"]
WORKFORCE_TOPIC = "Children's Services Workforce"


def load_catalogue(data_dir: Path) -> list[dict]:
    names, rows = read_published_csv(data_dir / DICTIONARY_FILE, [
        "Measure_short", "Measure", "Topic", "Polarity", "y_axis_name", "Year_Type", "No_Quartile", "Description",
        "dps"])
    return lait_catalogue([{name: given(cell) for name, cell in zip(names, row, strict=True)} for row in rows])


SOURCE = DATA_FILE.split("/")[1]
# Each LA number in the file once, and the area it stands for (the file stores numbers as floats: 301.0)
LAIT_AREAS = """
    CREATE TEMP TABLE lait_areas AS
    WITH numbers AS (SELECT DISTINCT TRY_CAST("LA Number" AS DOUBLE) AS number FROM lait_raw)
    SELECT n.number, coalesce(g.code, CAST(CAST(n.number AS BIGINT) AS VARCHAR)) AS area_code
    FROM numbers n LEFT JOIN lait_regions g ON g.number = CAST(CAST(n.number AS BIGINT) AS VARCHAR)"""
# The only cells the store does not receive: those of rows with no year, checked here (a figure or an unknown code).
UNDATED_PROBLEMS = """SELECT count(*) FROM lait_cells
                      WHERE year IS NULL AND (value IS NOT NULL OR NOT list_contains(?, status))"""
# LAIT repeats a joint return under both members: where both show the same figure for a workforce measure and
# period, it becomes one row for the joint area; where they differ, each member keeps its own. The figures are a
# view, so the 640,000 rows are copied once, into the store.
COLLAPSE_JOINT_RETURNS = (f"""
    CREATE TEMP TABLE lait_joint AS
        SELECT j.joint_code, o.measure_id, any_value(o.{SORT_KEY}) AS {SORT_KEY}, o.period, any_value(o.year) AS year,
               any_value(o.value) AS value
        FROM lait_cells o JOIN staged_joint_members j ON j.member_code = o.area_code
        -- the members named as values too, so the filter reaches the file's scan and only their cells are read
        WHERE list_contains($members, o.area_code) AND o.measure_id IN (SELECT id FROM lait_workforce)
          AND o.year IS NOT NULL
        GROUP BY j.joint_code, o.measure_id, o.period
        HAVING count(o.value) = 2 AND count(DISTINCT o.value) = 1""", f"""
    CREATE TEMP VIEW lait_observations AS
    WITH replaced AS (SELECT j.member_code, s.measure_id, s.period
                      FROM lait_joint s JOIN staged_joint_members j USING (joint_code))
    SELECT o.measure_id, o.{SORT_KEY}, o.area_code, o.period, o.year, o.value, o.status, '{SOURCE}' AS source
    FROM lait_cells o
    ANTI JOIN replaced r ON r.member_code = o.area_code AND r.measure_id = o.measure_id AND r.period = o.period
    WHERE o.year IS NOT NULL
    UNION ALL
    SELECT measure_id, {SORT_KEY}, joint_code, period, year, value, NULL, '{SOURCE}' FROM lait_joint""")


def load(con: duckdb.DuckDBPyConnection, data_dir: Path, catalogue: list[dict], areas: Areas) -> str:
    """Stage the LAIT figures in `con`, read, keyed and split into value and code in DuckDB SQL (641,000 rows);
    returns the staged view's name. The areas' joint members and the store's ORDER_TABLE must be staged already;
    `check_cells` must run once the store is written."""
    known_areas = areas.codes
    path = require_file(data_dir / DATA_FILE)
    prefix = DATA_FILE.split("/")[1] + ": "
    known_shorts = [m["origin"].removeprefix(prefix) for m in catalogue]
    stage(con, "lait_ids", {"short": known_shorts, "measure_id": [m["id"] for m in catalogue]})
    # each id's rank with it, so that the store sorts the 640,000 rows with no join of its own
    con.execute(f"""CREATE OR REPLACE TEMP TABLE lait_ids AS
                    SELECT i.*, o.{SORT_KEY} FROM lait_ids i LEFT JOIN {ORDER_TABLE} o USING (measure_id)""")
    stage(con, "lait_regions", {"number": list(LAIT_REGION_NUMBERS), "code": list(LAIT_REGION_NUMBERS.values())})
    stage(con, "lait_workforce", {"id": [m["id"] for m in catalogue if WORKFORCE_TOPIC in m["topics"]]})
    value, status = sql_reading('"Values"')
    try:
        # a view, not a table: the file is scanned once, for the four columns used (a view takes no parameters)
        con.execute("CREATE TEMP VIEW lait_raw AS SELECT * FROM read_parquet("
                    + "'" + str(path).replace("'", "''") + "', file_row_number = true)")
        present = {column for column, *_ in con.execute("DESCRIBE lait_raw").fetchall()}
    except duckdb.Error as exc:
        raise IngestError(path, f"cannot be read as Parquet: {str(exc).splitlines()[0]}") from exc
    missing = [c for c in COLUMNS if c not in present]
    if missing:
        raise IngestError(path, f"expected column(s) {', '.join(missing)} not found")
    labels, shorts = con.execute('SELECT list(DISTINCT "Years"), list(DISTINCT "Short Desc") FROM lait_raw').fetchone()
    stage(con, "lait_years", {"period": labels, "year": [end_year(label) for label in labels]}, {"year": "INTEGER"})
    con.execute(LAIT_AREAS)
    # The cells are a view: each is read once, on its way into the store, and checked there (check_cells). The
    # checks that need no cell read go first, from the file's distinct indicators and LA numbers; the full checks
    # (_check, over the view) run only to word a problem found.
    con.execute(f"""
        CREATE TEMP VIEW lait_cells AS
        WITH keyed AS (
            SELECT r.file_row_number AS row, i.measure_id, i.{SORT_KEY}, r."Short Desc" AS short, a.area_code,
                   r."Years" AS period, r."Values", {value} AS value
            FROM lait_raw r LEFT JOIN lait_ids i ON i.short = r."Short Desc"
            LEFT JOIN lait_areas a ON a.number = TRY_CAST(r."LA Number" AS DOUBLE))
        SELECT k.row, k.measure_id, k.{SORT_KEY}, k.short, k.area_code, k.period, y.year, k."Values" AS cell, k.value,
               {status} AS status
        FROM keyed k JOIN lait_years y USING (period)""")
    named = {row[0] for row in con.execute("SELECT area_code FROM lait_areas").fetchall()}
    if named - known_areas or set(shorts) - set(known_shorts) \
            or con.execute(UNDATED_PROBLEMS, [list(CODES)]).fetchone()[0]:
        _check(con, path, known_areas)
    joint, observations = COLLAPSE_JOINT_RETURNS
    con.execute(joint, {"members": sorted({member for _, member in areas.joint_members})})
    con.execute(observations)
    return "lait_observations"


def check_cells(con: duckdb.DuckDBPyConnection, data_dir: Path, known_areas: set[str]) -> None:
    """After the store's write: stop if a stored LAIT cell was neither a number nor a known code, naming its line."""
    if con.execute("SELECT count(*) FROM observations WHERE source = ? AND NOT list_contains(?, status)",
                   [SOURCE, list(CODES)]).fetchone()[0]:
        _check(con, data_dir / DATA_FILE, known_areas)


def _check(con: duckdb.DuckDBPyConnection, path: Path, known_areas: set[str]) -> None:
    """Stop at the first kind of problem, naming what and where."""
    areas = {row[0] for row in con.execute("SELECT DISTINCT area_code FROM lait_cells").fetchall()}
    unknown = sorted(areas - known_areas - {None})
    if unknown or None in areas:
        raise IngestError(path, f"LA numbers not in the LA code list: {unknown or 'blank'}")
    missing = [row[0] for row in con.execute(
        "SELECT DISTINCT short FROM lait_cells WHERE measure_id IS NULL ORDER BY short LIMIT 5").fetchall()]
    if missing:
        raise IngestError(path, f"indicators not in the data dictionary: {missing}")
    bad = con.execute("SELECT row, cell FROM lait_cells WHERE NOT list_contains(?, status) ORDER BY row LIMIT 1",
                      [list(CODES)]).fetchone()
    if bad:
        # +2 as a spreadsheet of the file would number it: the header is line 1 and rows count from 0
        raise IngestError(path, f"line {bad[0] + 2}, column 'Values': '{bad[1]}' "
                                "is neither a number nor a known special code")
    undated = [row[0] for row in con.execute(
        "SELECT DISTINCT period FROM lait_cells WHERE year IS NULL AND value IS NOT NULL LIMIT 3").fetchall()]
    if undated:
        raise IngestError(path, f"figures with no year: {undated}")
