"""The local store: the council's own figures, batches and targets, shared by every process that uses them.

The published store is rebuilt and replaced wholesale by `python -m analytics
build`, so local figures live apart: in data/local.duckdb, or wherever
ANALYTICS_LOCAL_STORE says (a file path, or a postgresql:// URL for a database
that several servers share; store_backends.py). This module owns every SQL
statement the council's figures are read and written with, written once for both
backends; store_schema.py holds the tables and their migrations.

Nothing is held open between uses. Each read opens a short session (one
connection, one snapshot) and each write one transaction under the writers' lock:
if the store is not free within the timeout (ANALYTICS_LOCK_TIMEOUT seconds,
default 10), the call raises LocalStoreBusy having stored nothing. `reading()` and
`writing()` group several calls into one session, so a page's figures come from
one snapshot and a multi-step write (the demo's batches) is one transaction.

Each imported file is a batch. Monthly figures and establishment figures add up
across batches, and a file that would repeat a month already stored by another
batch is refused (undo that batch first). A CP plan list and a target table are
snapshots: the latest batch for an area is the one used, so importing or editing
one replaces the previous for reading, and undoing it brings the previous back. An Annex A
workbook replaces, row by row, what earlier extracts said about the same child and
event (store_annex.py).
Undoing marks the batch undone; its rows stay, unread, so nothing is lost.
"""

import os
import threading
import weakref
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analytics.local.importer import ImportPlan
from analytics.local.rules import Problem
from analytics.local.store_access import AccessRecords, utc_now
from analytics.local.store_annex import ANNEX_DATES, AnnexRecords
from analytics.local.store_backends import LocalStoreBusy, backend_for
from analytics.local.store_schema import LATEST, MIGRATIONS, VERSIONS
from analytics.paths import local_store_location

__all__ = ["AlreadyImported", "ImportRefused", "LocalStore", "LocalStoreBusy", "StoreVersion"]

TABLES = {"monthly": "local_observations", "cp_plans": "cp_plans", "establishment": "establishment",
          "targets": "targets", "annex_a": "annex_a"}
# Inserted in this order so DuckDB's zone maps skip to one area and measure. An Annex A plan's rows come in it
# already (one area, list by list: annex_a._plan), and sorting a large extract's 54,000 again cost a third of
# the insert.
ORDER = {"monthly": "ORDER BY area_code, measure_id, team, month", "cp_plans": "ORDER BY area_code, plan_start",
         "establishment": "ORDER BY area_code, team, month", "targets": "ORDER BY area_code, measure_id, target_date",
         "annex_a": ""}
# The columns that say two rows are the same figure, for the kinds that add up across batches.
OVERLAP = {"monthly": ["area_code", "measure_id", "month", "team"], "establishment": ["area_code", "month", "team"]}
NULLABLE = {"team"}
ACTIVE = "batch_id IN (SELECT batch_id FROM batches WHERE undone_at IS NULL)"
DEFAULT_TIMEOUT = 10.0


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


class StoreTooNew(Exception):
    """The store has had migrations this program does not know: it is older than the store."""


@dataclass(frozen=True)
class StoreVersion:
    """The store's state: the latest batch and how many batches are undone (an undo adds no batch), which is
    what the figures depend on, and the latest audit row (every change adds one: role changes too)."""

    latest_batch: int
    undone: int
    latest_audit: int

    @property
    def figures(self) -> tuple[int, int]:
        """Anything read from the figures can be cached under this."""
        return self.latest_batch, self.undone


class LocalStore(AccessRecords, AnnexRecords):
    def __init__(self, location: Path | str | None = None, timeout: float | None = None):
        """`location`: a DuckDB file path or a postgresql:// URL (default: ANALYTICS_LOCAL_STORE, else
        data/local.duckdb). `timeout`: seconds a session waits for the store (a DuckDB file's readers wait for a
        write under way; writers wait for each other)."""
        self.location = str(location or local_store_location())
        self._backend = backend_for(self.location)
        self.timeout = timeout if timeout is not None else float(os.environ.get("ANALYTICS_LOCK_TIMEOUT",
                                                                                 DEFAULT_TIMEOUT))
        self._session = threading.local()
        self._known = (None, None)  # (the backend's stamp, the version read under it)
        self._incoming = (None, None)  # (a plan, weakly, and its rows as staged: _staged_rows)
        self._migrate()

    def __str__(self) -> str:
        return str(self._backend)

    @property
    def dialect(self) -> str:
        return self._backend.dialect

    def close(self) -> None:
        self._backend.close()

    # sessions
    @contextmanager
    def reading(self):
        """Calls inside share one connection and see one snapshot of the store."""
        with self._use(write=False):
            yield self

    @contextmanager
    def writing(self, timeout: float | None = None):
        """Calls inside are one transaction: all of it is stored, or none (LocalStoreBusy if the writers' lock is
        not free within `timeout` seconds, default the store's)."""
        with self._use(write=True, timeout=timeout):
            yield self

    @contextmanager
    def _use(self, write: bool, timeout: float | None = None):
        current = getattr(self._session, "current", None)
        if current is not None:
            if write and not current[1]:
                raise RuntimeError("a write cannot join a read session")
            yield current[0]
            return
        with self._backend.session(write, self.timeout if timeout is None else timeout) as con:
            self._session.current = (con, write)
            try:
                yield con
            finally:
                self._session.current = None

    def _df(self, sql: str, params: list | None = None) -> pd.DataFrame:
        with self._use(write=False) as con:
            return self._backend.frame(con, sql, params or [])

    def _run(self, con, sql: str, params: list | None = None) -> list[tuple]:
        return self._backend.run(con, sql, params or [])

    def _migrate(self) -> None:
        """Bring the store's tables to this program's schema (LATEST), under the writers' lock."""
        if self._backend.exists() and self._schema_version(False) == LATEST:
            return
        with self._use(write=True) as con:
            current = self._schema_version(True)
            if current > LATEST:
                raise StoreTooNew(f"{self} has schema version {current}; this program knows up to {LATEST}: "
                                  "install the newer version of the dashboard")
            for migration in MIGRATIONS[current:]:
                for statement in migration.for_dialect(self.dialect):
                    self._run(con, statement)
                self._run(con, "INSERT INTO schema_version VALUES (?, ?, ?)",
                          [migration.version, migration.what, utc_now()])
            if current and current < 4:  # extracts imported before their measures were stored on import
                for area_code in self._annex_areas(con):
                    self._annex_derive(con, area_code)

    def _schema_version(self, write: bool) -> int:
        with self._use(write) as con:
            if write:
                self._run(con, VERSIONS)
            found = self._run(con, """SELECT count(*) FROM information_schema.tables
                                      WHERE table_name = 'schema_version' AND table_schema = current_schema()""")
            if not found[0][0]:
                return 0
            return self._run(con, "SELECT coalesce(max(version), 0) FROM schema_version")[0][0]

    def version(self) -> StoreVersion:
        """The figures' version now. A DuckDB file is asked only when its file has changed, so a page can check
        on every run for the price of a stat."""
        stamp = self._backend.stamp()
        known_stamp, known = self._known
        if stamp is not None and stamp == known_stamp:
            return known
        with self._use(write=False) as con:
            found = self._run(con, """SELECT coalesce(max(batch_id), 0), count(undone_at),
                                             (SELECT coalesce(max(audit_id), 0) FROM audit) FROM batches""")[0]
        version = StoreVersion(*map(int, found))
        self._known = (stamp, version)
        return version

    # writing
    def check(self, plan: ImportPlan) -> tuple[list[Problem], pd.DataFrame]:
        """What applying `plan` now would run into: rows clashing with stored batches, and earlier imports
        of the same file. Writes nothing (for --dry-run and the Data page's preview)."""
        with self._use(write=False) as con:
            return self._conflicts(con, plan), self._same_file(con, plan.sha256)

    def annex_changes(self, plan: ImportPlan, area_code: str) -> pd.DataFrame:
        """An Annex A plan's rows by list: new, changed and unchanged against what the store holds now."""
        return self._annex_changes(self._staged_rows(plan)[1], area_code)

    def _staged_rows(self, plan: ImportPlan) -> tuple[list[str], object]:
        """The plan's stored columns and its rows as the backend stages them (`staged`), made once for checking a
        plan and storing it (for a large Annex A extract, a tenth of the import's time when made twice)."""
        known, rows = self._incoming
        if known is None or known() is not plan:
            incoming = _for_store(plan.rows.drop(columns=["row", "sheet"], errors="ignore"))
            rows = (list(incoming.columns), self._backend.stageable(incoming))
            self._incoming = (weakref.ref(plan), rows)
        return rows

    def apply(self, plan: ImportPlan, who: str | None = None, confirm_reimport: bool = False, demo: bool = False,
              note: str | None = None) -> int:
        """Store the plan's rows as one batch, in one transaction; returns the batch id.

        Raises ImportRefused (plan problems, or clashes with stored figures),
        AlreadyImported (same SHA-256, not confirmed) or LocalStoreBusy; whichever,
        nothing changes.
        """
        if not plan.ok:
            raise ImportRefused(plan.problems)
        with self._use(write=True) as con:
            previous = self._same_file(con, plan.sha256)
            if len(previous) and not confirm_reimport:
                raise AlreadyImported(previous)
            conflicts = self._conflicts(con, plan)
            if conflicts:
                raise ImportRefused(conflicts)
            batch_id = self._run(con, """
                INSERT INTO batches (kind, file_name, sha256, rows, imported_at, imported_by, demo, note)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING batch_id""",
                [plan.kind, plan.file_name, plan.sha256, len(plan.rows), utc_now(), who, demo, note])[0][0]
            for d in plan.declarations:
                self._run(con, "INSERT INTO local_measures VALUES (?, ?, ?, ?, ?, ?, ?)",
                          [d.id, d.label, d.unit, d.polarity, d.definition, f"declared on importing {plan.file_name}",
                           batch_id])
            columns, incoming = self._staged_rows(plan)
            names = ", ".join(columns)
            with self._backend.staged(con, "incoming", incoming):
                self._run(con, f"INSERT INTO {TABLES[plan.kind]} (batch_id, {names}) "
                               f"SELECT ?, {names} FROM incoming {ORDER[plan.kind]}", [batch_id])
            if plan.kind == "annex_a":
                self._annex_refresh(con, batch_id, imported=True)
        return batch_id

    def undo(self, batch_id: int, who: str | None = None) -> None:
        """Take a batch out of every figure and page; its rows are kept, unread."""
        with self._use(write=True) as con:
            found = self._run(con, "SELECT undone_at FROM batches WHERE batch_id = ?", [batch_id])
            if not found or found[0][0] is not None:
                raise KeyError(f"no batch {batch_id} to undo" if not found else f"batch {batch_id} is undone")
            self._run(con, "UPDATE batches SET undone_at = ?, undone_by = ? WHERE batch_id = ?",
                      [utc_now(), who, batch_id])
            self._annex_refresh(con, batch_id)  # an undone extract's rows give way to the earlier ones

    def _same_file(self, con, sha256: str) -> pd.DataFrame:
        return self._backend.frame(con, """SELECT batch_id, file_name, imported_at, imported_by FROM batches
                                           WHERE sha256 = ? AND undone_at IS NULL ORDER BY batch_id""", [sha256])

    def _conflicts(self, con, plan: ImportPlan) -> list[Problem]:
        problems = []
        if plan.kind not in OVERLAP or plan.rows.empty:
            return problems
        keys = OVERLAP[plan.kind]
        incoming = _for_store(plan.rows[["row", *keys]].rename(columns={"row": "file_row"}))
        # equalities (a blank team matching a blank team), so PostgreSQL can hash the join as DuckDB does; a team
        # is never the empty string (a blank cell is no team)
        on = " AND ".join(f"coalesce(i.{k}, '') = coalesce(s.{k}, '')" if k in NULLABLE else f"i.{k} = s.{k}"
                          for k in keys)
        with self._backend.staged(con, "incoming_keys", incoming):
            clashes = self._run(con, f"""
                SELECT s.batch_id, b.file_name, min(i.file_row) AS first_row, count(DISTINCT i.file_row) AS n
                FROM incoming_keys i JOIN {TABLES[plan.kind]} s ON {on} JOIN batches b ON b.batch_id = s.batch_id
                WHERE b.undone_at IS NULL GROUP BY s.batch_id, b.file_name ORDER BY first_row""")
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

    def rows_by_batch(self) -> pd.DataFrame:
        """Each batch's rows as it recorded them (`declared`) and as its table holds them (`stored`), with rows
        whose batch is missing (`declared` empty): a whole store has the two equal on every line."""
        stored = " UNION ALL ".join(f"SELECT '{kind}' AS kind, batch_id, count(*) AS n FROM {table} GROUP BY batch_id"
                                    for kind, table in TABLES.items())
        return self._df(f"""
            SELECT coalesce(b.batch_id, s.batch_id) AS batch_id, coalesce(b.kind, s.kind) AS kind,
                   b.rows AS declared, coalesce(s.n, 0) AS stored
            FROM batches b FULL OUTER JOIN ({stored}) s ON s.batch_id = b.batch_id AND s.kind = b.kind
            ORDER BY 1, 2""")

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
            FROM local_observations o JOIN batches b ON b.batch_id = o.batch_id
            WHERE o.area_code = ? AND o.measure_id IN (SELECT unnest(CAST(? AS VARCHAR[]))) AND {team}
              AND b.undone_at IS NULL
            ORDER BY o.measure_id, o.team, o.month""", [area_code, measure_ids])

    def coverage(self, area_code: str) -> pd.DataFrame:
        """For each measure with local figures: how many, the first and latest month, and whether any is demo data."""
        return self._df("""
            SELECT o.measure_id, count(o.value) AS figures, min(o.month) AS first_month, max(o.month) AS latest_month,
                   count(DISTINCT o.team) AS teams, bool_or(b.demo) AS demo
            FROM local_observations o JOIN batches b ON b.batch_id = o.batch_id
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


def _for_store(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates held as Python objects become datetime64 so they are stored as dates, not text; missing text is
    None."""
    dates = {name: pd.to_datetime(frame[name]) for name in ("month", "plan_start", "plan_end", "target_date",
                                                            *ANNEX_DATES) if name in frame}
    texts = {name: frame[name].astype("object").where(frame[name].notna(), None)
             for name in ("team", "area_code", "measure_id", "status", "source", "note", "category", "child_key",
                          "owner", "priority_area", "worker_key", "in_touch", "accommodation", "activity")
             if name in frame}
    return frame.assign(**dates, **texts)  # the others as they are, not copied (copying a large extract took 0.015 s)
