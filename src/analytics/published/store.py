"""The DuckDB store: its schema, the atomic write of a new build, and every query the product runs.

Callers get pandas DataFrames. Every statement that takes a value from a caller
passes it as a parameter; no SQL is built from user text.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from analytics.paths import store_path

if TYPE_CHECKING:  # the build writes the store without pandas; the readers' .df() brings it
    import pandas as pd

SCHEMA = {
    "areas": """
        area_code VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, level VARCHAR NOT NULL,
        old_la_code VARCHAR, new_la_code VARCHAR, region_code VARCHAR, subregion_code VARCHAR,
        la_type VARCHAR, created INTEGER, abolished INTEGER""",
    "joint_members": "joint_code VARCHAR NOT NULL, member_code VARCHAR NOT NULL, PRIMARY KEY (joint_code, member_code)",
    "boundary_changes": "predecessor VARCHAR, successor VARCHAR, year INTEGER, description VARCHAR",
    "neighbours": """
        model VARCHAR NOT NULL, area_code VARCHAR NOT NULL, rank INTEGER NOT NULL,
        neighbour_code VARCHAR NOT NULL, closeness VARCHAR, PRIMARY KEY (model, area_code, rank)""",
    "measures": """
        id VARCHAR PRIMARY KEY, label VARCHAR NOT NULL, unit VARCHAR NOT NULL, axis_title VARCHAR,
        polarity VARCHAR NOT NULL CHECK (polarity IN ('high', 'low', 'neither')), topic VARCHAR, topics VARCHAR,
        definition VARCHAR, methodology VARCHAR, publication VARCHAR, source VARCHAR, year_type VARCHAR,
        quartiles BOOLEAN, decimals INTEGER, next_update VARCHAR, origin VARCHAR""",
    # value is NULL exactly when status holds the reason (a suppression or special code)
    "observations": """
        measure_id VARCHAR NOT NULL, area_code VARCHAR NOT NULL, period VARCHAR NOT NULL, year INTEGER NOT NULL,
        value DOUBLE, status VARCHAR, source VARCHAR,
        CHECK ((value IS NULL) = (status IS NOT NULL))""",
    "inspections": """
        area_code VARCHAR NOT NULL, inspection_date DATE, publication_date DATE, inspection_type VARCHAR,
        la_status VARCHAR, overall VARCHAR, leaders VARCHAR, help_and_protection VARCHAR,
        children_in_care VARCHAR, care_leavers VARCHAR, latest BOOLEAN""",
    "publications": """
        key VARCHAR PRIMARY KEY, title VARCHAR, publisher VARCHAR, edition VARCHAR, files VARCHAR,
        url VARCHAR, period VARCHAR, attribution VARCHAR""",
    # one row per release file found: its table, edition (1 = newest), the years it has and those it gave
    "release_files": """
        publication VARCHAR NOT NULL, table_key VARCHAR NOT NULL, file VARCHAR PRIMARY KEY,
        edition INTEGER NOT NULL, file_date DATE, years VARCHAR, years_used VARCHAR, measures INTEGER,
        unused_columns VARCHAR""",
    # the revision log: each figure a newer edition changed from the edition it replaced
    "revisions": """
        measure_id VARCHAR NOT NULL, area_code VARCHAR NOT NULL, year INTEGER NOT NULL, change VARCHAR NOT NULL,
        old_value DOUBLE, old_status VARCHAR, new_value DOUBLE, new_status VARCHAR, old_source VARCHAR,
        new_source VARCHAR""",
    "build_info": "key VARCHAR PRIMARY KEY, value VARCHAR",
}
# The observations are sorted by measure id so that DuckDB's zone maps skip straight to one measure's rows. By the
# measure alone: every query orders its rows itself, and within a measure an order by area and year would skip
# nothing more (each row group holds every area), while sorting by it cost a third of the store's write. The sort
# is by the id's rank (ORDER_TABLE), an integer, cheaper to sort on than the text: a part of the observations that
# carries it as SORT_KEY is sorted on its own; the others are given it by a join.
ORDER_TABLE, SORT_KEY = "observation_order", "sort_key"


class IntegrityError(Exception):
    """The tables of a build do not fit together; the store is not replaced."""


@contextmanager
def new_store(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a new store written next to `path`, swapped in with one rename when the block ends.

    The readers stage their rows in it as temporary tables and `publish` writes
    the store's tables from them, so no figure leaves DuckDB on its way in. Until
    the rename the previous store is untouched, so a failure part-way leaves users
    with the last good build.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(path.name + ".building")
    building.unlink(missing_ok=True)
    try:
        # One thread for the build's many small statements (a second costs CPU time and saves no wall clock on
        # them: the releases' 0.35 s of CPU time fell to 0.28 s); from the observations' write on, all of them.
        with duckdb.connect(str(building), config={"threads": 1}) as con:
            yield con
            con.execute("CHECKPOINT")
        os.replace(building, path)
    except BaseException:
        building.unlink(missing_ok=True)
        raise


def stage(con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, list], types: dict[str, str] | None = None
          ) -> None:
    """A temporary table `name` from Python lists of equal length, one per column (VARCHAR unless `types` says),
    in one statement: unnest zips the lists."""
    types = types or {}
    picked = ", ".join(f"unnest(CAST(${n} AS {types.get(c, 'VARCHAR')}[])) AS {c}" for n, c in enumerate(columns, 1))
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {picked}", list(columns.values()))


def stage_order(con: duckdb.DuckDBPyConnection, measures: str) -> None:
    """The temporary table ORDER_TABLE: each measure id of the staged relation `measures` and its rank in id order
    (the observations' SORT_KEY)."""
    con.execute(f"""CREATE TEMP TABLE {ORDER_TABLE} AS
                    SELECT id AS measure_id, row_number() OVER (ORDER BY id) AS {SORT_KEY} FROM {measures}""")


def publish(con: duckdb.DuckDBPyConnection, staged: dict[str, str | tuple[str, ...]], keyed: tuple[str, ...] = ()
            ) -> int:
    """Create every table of SCHEMA from the staged relation named for it, or the relations, one after the other
    (matched by column name); check they fit together, and record in build_info how many observations were
    stored; returns that count. `keyed` names the parts of the observations that carry their SORT_KEY."""
    for name, columns in SCHEMA.items():
        con.execute(f"CREATE TABLE {name} ({columns})")
        parts = (staged[name],) if isinstance(staged[name], str) else staged[name]
        if name == "observations":
            observations = _write_observations(con, parts, keyed)
        else:
            rows = " UNION ALL BY NAME ".join(f"SELECT * FROM {part}" for part in parts)
            con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM ({rows})")
    _check(con)
    con.execute("INSERT INTO build_info VALUES ('observations', ?)", [str(observations)])
    return observations


def _write_observations(con: duckdb.DuckDBPyConnection, parts: tuple[str, ...], keyed: tuple[str, ...]) -> int:
    """Insert the parts in measure id order, sorted by the id's rank; returns how many rows."""
    rows = " UNION ALL BY NAME ".join(
        f"SELECT * FROM {part}" if part in keyed else
        # LEFT, so that a measure missing from the catalogue reaches the checks
        f"SELECT p.*, o.{SORT_KEY} FROM {part} p LEFT JOIN {ORDER_TABLE} o ON o.measure_id = p.measure_id"
        for part in parts)
    # The sort moves the rank, not the id's text, which is looked up from the rank once the rows are in order (an id
    # with no rank, not in the catalogue, is carried as it is, for the checks to name).
    ids = [row[0] for row in con.execute(f"SELECT measure_id FROM {ORDER_TABLE} ORDER BY {SORT_KEY}").fetchall()]
    con.execute("RESET threads")  # DuckDB's default, a thread per core (new_store starts with one)
    return con.execute(f"""
        INSERT INTO observations BY NAME
        SELECT coalesce(list_extract(CAST($ids AS VARCHAR[]), {SORT_KEY}), unranked) AS measure_id,
               * EXCLUDE ({SORT_KEY}, unranked)
        FROM (SELECT * EXCLUDE (measure_id), CASE WHEN {SORT_KEY} IS NULL THEN measure_id END AS unranked
              FROM ({rows}) ORDER BY {SORT_KEY})""", {"ids": ids}).fetchone()[0]


def _check(con: duckdb.DuckDBPyConnection) -> None:
    # Repeats are looked for only when two rows share a hash of the three (counting distinct hashes costs less than
    # grouping by them): then grouped by the hash, and the few rows that share one compared in full.
    shared_hash = con.execute(
        "SELECT count(*) > count(DISTINCT hash(measure_id, area_code, period)) FROM observations").fetchone()[0]
    problems = {
        "observations repeat a measure, area and period": shared_hash and """
            WITH twice AS (SELECT hash(measure_id, area_code, period) AS h FROM observations
                           GROUP BY h HAVING count(*) > 1)
               SELECT measure_id || ' ' || area_code || ' ' || period FROM observations
               WHERE hash(measure_id, area_code, period) IN (SELECT h FROM twice)
               GROUP BY measure_id, area_code, period HAVING count(*) > 1 LIMIT 3""",
        "observations name an area that is not in areas":
            "SELECT DISTINCT area_code FROM observations WHERE area_code NOT IN (SELECT area_code FROM areas) LIMIT 3",
        "observations name a measure that is not in the catalogue":
            "SELECT DISTINCT measure_id FROM observations WHERE measure_id NOT IN (SELECT id FROM measures) LIMIT 3",
        "neighbours name an LA that is not in areas":
            """SELECT DISTINCT neighbour_code FROM neighbours
               WHERE neighbour_code NOT IN (SELECT area_code FROM areas WHERE level = 'la') LIMIT 3""",
    }
    for problem, sql in problems.items():
        found = [row[0] for row in con.execute(sql).fetchall()] if sql else []
        if found:
            raise IntegrityError(f"{problem}: {', '.join(map(str, found))}")


class Store:
    """Read access to a built store. One per process; each query takes its own cursor,
    so Streamlit's threads can share it."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path or store_path())
        if not self.path.is_file():
            raise FileNotFoundError(f"No store at {self.path}: run `python -m analytics build`")
        self._con = duckdb.connect(str(self.path), read_only=True)

    def close(self) -> None:
        self._con.close()

    def _df(self, sql: str, params: list | None = None) -> pd.DataFrame:
        with self._con.cursor() as cur:
            return cur.execute(sql, params or []).df()

    # areas and geography
    def areas(self) -> pd.DataFrame:
        return self._df("SELECT * FROM areas ORDER BY level, name")

    def joint_members(self) -> pd.DataFrame:
        return self._df("SELECT * FROM joint_members")

    def boundary_changes(self) -> pd.DataFrame:
        return self._df("SELECT * FROM boundary_changes ORDER BY year, predecessor")

    def neighbours(self, model: str | None = None) -> pd.DataFrame:
        if model is None:
            return self._df("SELECT * FROM neighbours ORDER BY model, area_code, rank")
        return self._df("SELECT * FROM neighbours WHERE model = ? ORDER BY area_code, rank", [model])

    # measures and observations
    def measures(self) -> pd.DataFrame:
        return self._df("SELECT * FROM measures ORDER BY topic, label")

    def observations(self, measure_id: str) -> pd.DataFrame:
        """Every published figure for one measure: all areas, all years."""
        return self._df("""SELECT o.area_code, o.period, o.year, o.value, o.status, a.level
                           FROM observations o JOIN areas a USING (area_code)
                           WHERE o.measure_id = ? ORDER BY o.year, o.area_code""", [measure_id])

    def area_observations(self, area_code: str, measure_ids: list[str]) -> pd.DataFrame:
        """One area's published figures for the given measures, all years (one query, for a page that compares
        several measures of one area)."""
        return self._df("""SELECT measure_id, period, year, value, status FROM observations
                           WHERE area_code = ? AND measure_id IN (SELECT unnest(CAST(? AS VARCHAR[])))
                           ORDER BY measure_id, year""",
                        [area_code, list(measure_ids)])

    def measures_with_data(self) -> pd.DataFrame:
        """For each measure: how many figures, and the first and latest year."""
        return self._df("""SELECT measure_id, count(value) AS figures, min(year) AS first_year,
                                  max(year) AS latest_year
                           FROM observations GROUP BY measure_id""")

    # inspections, publications, provenance
    def inspections(self, area_code: str) -> pd.DataFrame:
        return self._df("SELECT * FROM inspections WHERE area_code = ? ORDER BY inspection_date DESC", [area_code])

    def publications(self) -> pd.DataFrame:
        return self._df("SELECT * FROM publications ORDER BY key")

    def release_files(self) -> pd.DataFrame:
        """Each release file found, newest edition of each table first."""
        return self._df("SELECT * FROM release_files ORDER BY publication, table_key, edition")

    def revision_counts(self) -> pd.DataFrame:
        """For each newer file and measure: how many figures it revised, by kind of change."""
        return self._df("""SELECT r.new_source, r.old_source, r.measure_id, m.label, count(*) AS figures,
                                  count(*) FILTER (WHERE change = 'revised') AS revised,
                                  count(*) FILTER (WHERE change = 'newly suppressed') AS newly_suppressed,
                                  count(*) FILTER (WHERE change = 'now published') AS now_published,
                                  count(*) FILTER (WHERE change = 'code changed') AS code_changed
                           FROM revisions r JOIN measures m ON m.id = r.measure_id
                           GROUP BY ALL ORDER BY r.new_source, m.label""")

    def revisions(self, area_code: str | None = None) -> pd.DataFrame:
        """The revision log: every figure a newer edition changed (for one area if given)."""
        return self._df("""SELECT r.*, m.label, a.name AS area FROM revisions r
                           JOIN measures m ON m.id = r.measure_id JOIN areas a USING (area_code)
                           WHERE ? IS NULL OR r.area_code = ? ORDER BY r.new_source, m.label, a.name, r.year""",
                        [area_code, area_code])

    def build_info(self) -> dict[str, str]:
        with self._con.cursor() as cur:
            return dict(cur.execute("SELECT key, value FROM build_info").fetchall())
