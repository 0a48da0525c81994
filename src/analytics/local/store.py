"""The local store: the council's own figures, in a read-write DuckDB file of their own.

The published store is rebuilt and replaced wholesale by `python -m analytics
build`, so local figures live apart, in data/local.duckdb (ANALYTICS_LOCAL_STORE
moves it). This module owns its schema, its one connection per process and every
SQL statement; each statement takes its own cursor, so Streamlit's threads can
share a LocalStore, and every write is one explicit transaction.

Each imported file is a batch. Monthly figures and establishment figures add up
across batches, and a file that would repeat a month already stored by another
batch is refused (undo that batch first). A CP plan list and a target table are
snapshots: the latest batch for an area is the one used, so importing or editing
one replaces the previous for reading, and undoing it brings the previous back.
Undoing marks the batch undone; its rows stay, unread, so nothing is lost.
"""

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from analytics.local.importer import ImportPlan, Problem
from analytics.paths import local_store_path

SCHEMA = """
CREATE SEQUENCE IF NOT EXISTS batch_ids START 1;
CREATE TABLE IF NOT EXISTS batches (
    batch_id INTEGER PRIMARY KEY DEFAULT nextval('batch_ids'), kind VARCHAR NOT NULL, file_name VARCHAR,
    sha256 VARCHAR, rows INTEGER NOT NULL, imported_at TIMESTAMP NOT NULL, imported_by VARCHAR,
    demo BOOLEAN NOT NULL DEFAULT false, note VARCHAR, undone_at TIMESTAMP, undone_by VARCHAR);
CREATE TABLE IF NOT EXISTS local_measures (
    id VARCHAR NOT NULL, label VARCHAR NOT NULL, unit VARCHAR NOT NULL,
    polarity VARCHAR NOT NULL CHECK (polarity IN ('high', 'low', 'neither')), definition VARCHAR,
    source VARCHAR, batch_id INTEGER NOT NULL);
-- value is NULL exactly when status holds the reason (a suppression code or 'blank')
CREATE TABLE IF NOT EXISTS local_observations (
    batch_id INTEGER NOT NULL, measure_id VARCHAR NOT NULL, area_code VARCHAR NOT NULL, month DATE NOT NULL,
    team VARCHAR, value DOUBLE, numerator DOUBLE, denominator DOUBLE, status VARCHAR, source VARCHAR, note VARCHAR,
    CHECK ((value IS NULL) = (status IS NOT NULL)));
CREATE TABLE IF NOT EXISTS cp_plans (
    batch_id INTEGER NOT NULL, area_code VARCHAR NOT NULL, child_key VARCHAR NOT NULL, plan_start DATE NOT NULL,
    plan_end DATE, category VARCHAR, previous_plans INTEGER);
CREATE TABLE IF NOT EXISTS establishment (
    batch_id INTEGER NOT NULL, area_code VARCHAR NOT NULL, month DATE NOT NULL, team VARCHAR,
    posts_fte DOUBLE, permanent_fte DOUBLE, agency_fte DOUBLE, vacant_fte DOUBLE, starters_fte DOUBLE,
    leavers_fte DOUBLE, case_holders_fte DOUBLE, cases DOUBLE);
CREATE TABLE IF NOT EXISTS targets (
    batch_id INTEGER NOT NULL, area_code VARCHAR NOT NULL, measure_id VARCHAR NOT NULL, target_date DATE,
    value DOUBLE NOT NULL, tolerance DOUBLE, source VARCHAR, owner VARCHAR, priority_area VARCHAR);
"""
TABLES = {"monthly": "local_observations", "cp_plans": "cp_plans", "establishment": "establishment",
          "targets": "targets"}
# Inserted in this order so DuckDB's zone maps skip to one area and measure.
ORDER = {"monthly": "area_code, measure_id, team, month", "cp_plans": "area_code, plan_start",
         "establishment": "area_code, team, month", "targets": "area_code, measure_id, target_date"}
# The columns that say two rows are the same figure, for the kinds that add up across batches.
OVERLAP = {"monthly": ["area_code", "measure_id", "month", "team"], "establishment": ["area_code", "month", "team"]}
ACTIVE = "batch_id IN (SELECT batch_id FROM batches WHERE undone_at IS NULL)"


class ImportRefused(Exception):
    """Nothing was written: the plan has problems, or conflicts with what is stored."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems[:5]) + (" ..." if len(problems) > 5 else ""))
        self.problems = problems


class AlreadyImported(Exception):
    """The same file (by SHA-256) is already stored; importing it again needs confirm_reimport."""

    def __init__(self, previous: pd.DataFrame):
        first = previous.iloc[0]
        super().__init__(f"this file was already imported as batch {first.batch_id} "
                         f"({first.file_name}, {first.imported_at:%d %b %Y %H:%M}); confirm to import it again")
        self.previous = previous


class LocalStoreBusy(Exception):
    """Another program (usually the running dashboard) has the local store open for writing."""


class LocalStore:
    def __init__(self, path: Path | str | None = None):
        self.path = Path(path or local_store_path())
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(str(self.path))
        except duckdb.IOException as exc:
            # DuckDB lets one process write a file at a time
            raise LocalStoreBusy(f"{self.path} is open in another program (the dashboard, if it is running): "
                                 "import on its Import figures page, or stop it and try again") from exc
        with self._con.cursor() as cur:
            cur.execute(SCHEMA)

    def close(self) -> None:
        self._con.close()

    def _df(self, sql: str, params: list | None = None) -> pd.DataFrame:
        with self._con.cursor() as cur:
            return cur.execute(sql, params or []).df()

    # writing
    def check(self, plan: ImportPlan) -> tuple[list[Problem], pd.DataFrame]:
        """What applying `plan` now would run into: rows clashing with stored batches, and earlier imports
        of the same file. Writes nothing (for --dry-run and the Data page's preview)."""
        with self._con.cursor() as cur:
            return self._conflicts(cur, plan), self._same_file(cur, plan.sha256)

    def apply(self, plan: ImportPlan, who: str | None = None, confirm_reimport: bool = False, demo: bool = False,
              note: str | None = None) -> int:
        """Store the plan's rows as one batch, in one transaction; returns the batch id.

        Raises ImportRefused (plan problems, or clashes with stored figures) or
        AlreadyImported (same SHA-256, not confirmed); either way nothing changes.
        """
        if not plan.ok:
            raise ImportRefused(plan.problems)
        with self._con.cursor() as cur:
            cur.begin()
            try:
                previous = self._same_file(cur, plan.sha256)
                if len(previous) and not confirm_reimport:
                    raise AlreadyImported(previous)
                conflicts = self._conflicts(cur, plan)
                if conflicts:
                    raise ImportRefused(conflicts)
                batch_id = cur.execute(
                    """INSERT INTO batches (kind, file_name, sha256, rows, imported_at, imported_by, demo, note)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING batch_id""",
                    [plan.kind, plan.file_name, plan.sha256, len(plan.rows), _now(), who, demo, note]).fetchone()[0]
                for d in plan.declarations:
                    cur.execute("INSERT INTO local_measures VALUES (?, ?, ?, ?, ?, ?, ?)",
                                [d.id, d.label, d.unit, d.polarity, d.definition,
                                 f"declared on importing {plan.file_name}", batch_id])
                incoming = _for_duckdb(plan.rows.drop(columns=["row"]))
                cur.register("incoming", incoming)
                names = ", ".join(incoming.columns)
                cur.execute(f"INSERT INTO {TABLES[plan.kind]} (batch_id, {names}) "
                            f"SELECT ?, {names} FROM incoming ORDER BY {ORDER[plan.kind]}", [batch_id])
                cur.unregister("incoming")
                cur.commit()
            except BaseException:
                cur.rollback()
                raise
        return batch_id

    def undo(self, batch_id: int, who: str | None = None) -> None:
        """Take a batch out of every figure and page; its rows are kept, unread."""
        with self._con.cursor() as cur:
            cur.begin()
            found = cur.execute("SELECT undone_at FROM batches WHERE batch_id = ?", [batch_id]).fetchone()
            if found is None or found[0] is not None:
                cur.rollback()
                raise KeyError(f"no batch {batch_id} to undo" if found is None else f"batch {batch_id} is undone")
            cur.execute("UPDATE batches SET undone_at = ?, undone_by = ? WHERE batch_id = ?", [_now(), who, batch_id])
            cur.commit()

    def _same_file(self, cur, sha256: str) -> pd.DataFrame:
        return cur.execute("""SELECT batch_id, file_name, imported_at, imported_by FROM batches
                              WHERE sha256 = ? AND undone_at IS NULL ORDER BY batch_id""", [sha256]).df()

    def _conflicts(self, cur, plan: ImportPlan) -> list[Problem]:
        problems = []
        if plan.kind not in OVERLAP or plan.rows.empty:
            return problems
        keys = OVERLAP[plan.kind]
        incoming = _for_duckdb(plan.rows[["row", *keys]])
        cur.register("incoming", incoming)
        on = " AND ".join(f"i.{k} IS NOT DISTINCT FROM s.{k}" for k in keys)
        clashes = cur.execute(f"""
            SELECT s.batch_id, b.file_name, min(i.row) AS first_row, count(DISTINCT i.row) AS rows
            FROM incoming i JOIN {TABLES[plan.kind]} s ON {on} JOIN batches b USING (batch_id)
            WHERE b.undone_at IS NULL GROUP BY s.batch_id, b.file_name ORDER BY first_row""").fetchall()
        cur.unregister("incoming")
        column = plan.columns.get("month")
        for batch_id, file_name, first_row, rows in clashes:
            more = f" (and {rows - 1} more rows)" if rows > 1 else ""
            problems.append(Problem(int(first_row), column, (
                f"already stored by batch {batch_id} ({file_name}){more}; undo that batch first to replace "
                "these figures")))
        return problems

    # reading
    def batches(self) -> pd.DataFrame:
        return self._df("SELECT * FROM batches ORDER BY batch_id DESC")

    def is_empty(self) -> bool:
        return self._df("SELECT count(*) AS n FROM batches").n.iloc[0] == 0

    def declared_measures(self) -> pd.DataFrame:
        """Measures councils declared on import, as catalogue rows (for Catalogue.build)."""
        return self._df(f"""SELECT DISTINCT ON (id) id, label, unit, polarity, 'Local (declared)' AS topic, definition
                            FROM local_measures WHERE {ACTIVE} ORDER BY id, batch_id DESC""")

    def observations(self, area_code: str, measure_ids: list[str], by_team: bool = False) -> pd.DataFrame:
        """Monthly figures for an area: the whole-service rows, or every team's rows (`by_team`)."""
        team = "team IS NOT NULL" if by_team else "team IS NULL"
        return self._df(f"""
            SELECT o.measure_id, o.month, o.team, o.value, o.numerator, o.denominator, o.status, o.source, o.note,
                   o.batch_id, b.demo
            FROM local_observations o JOIN batches b USING (batch_id)
            WHERE o.area_code = ? AND o.measure_id IN (SELECT unnest(?)) AND {team} AND b.undone_at IS NULL
            ORDER BY o.measure_id, o.team, o.month""", [area_code, measure_ids])

    def coverage(self, area_code: str) -> pd.DataFrame:
        """For each measure with local figures: how many, the first and latest month, and whether any is demo data."""
        return self._df("""
            SELECT o.measure_id, count(o.value) AS figures, min(o.month) AS first_month, max(o.month) AS latest_month,
                   count(DISTINCT o.team) AS teams, bool_or(b.demo) AS demo
            FROM local_observations o JOIN batches b USING (batch_id)
            WHERE o.area_code = ? AND b.undone_at IS NULL GROUP BY o.measure_id ORDER BY o.measure_id""", [area_code])

    def establishment(self, area_code: str) -> pd.DataFrame:
        return self._df(f"""SELECT month, team, posts_fte, permanent_fte, agency_fte, vacant_fte, starters_fte,
                                   leavers_fte, case_holders_fte, cases, batch_id
                            FROM establishment WHERE area_code = ? AND {ACTIVE} ORDER BY team, month""", [area_code])

    def _latest_snapshot(self, table: str, columns: str, area_code: str) -> pd.DataFrame:
        return self._df(f"""SELECT {columns}, batch_id FROM {table}
                            WHERE area_code = ? AND batch_id = (SELECT max(batch_id) FROM {table}
                                                                WHERE area_code = ? AND {ACTIVE})""",
                        [area_code, area_code])

    def cp_plans(self, area_code: str) -> pd.DataFrame:
        """The latest CP plan list for an area, one row per plan with the child's keyed hash: for cp_plans.py to
        count, never to show."""
        return self._latest_snapshot("cp_plans", "child_key, plan_start, plan_end, category, previous_plans",
                                     area_code)

    def targets(self, area_code: str) -> pd.DataFrame:
        """The area's current target table (its latest targets batch)."""
        return self._latest_snapshot(
            "targets", "measure_id, target_date, value, tolerance, source, owner, priority_area", area_code
        ).sort_values(["measure_id", "target_date"], na_position="first", ignore_index=True)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _for_duckdb(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates held as Python objects become datetime64 so DuckDB reads them as dates, not text."""
    frame = frame.copy()
    for name in ("month", "plan_start", "plan_end", "target_date"):
        if name in frame:
            frame[name] = pd.to_datetime(frame[name])
    for name in ("team", "area_code", "measure_id", "status", "source", "note", "category", "child_key", "owner",
                 "priority_area"):
        if name in frame:
            frame[name] = frame[name].astype("object").where(frame[name].notna(), None)
    return frame
