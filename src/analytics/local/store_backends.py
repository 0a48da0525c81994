"""Where the local store keeps its tables: a DuckDB file on this machine, or a PostgreSQL database that many
servers share. LocalStore (store.py) writes its SQL once, with `?` parameters; a backend opens short sessions
(one connection and one transaction each), runs statements and makes data frames available to SQL.

DuckDB lets one process write a file, or any number read it, never both at once. So
no process keeps the file open: a session takes a lock first (shared to read,
exclusive to write), opens the file, and closes it again; the lock lives in files
beside the store, so every dashboard process and the command line take turns. A
writer first closes a gate that new readers wait at, so a steady stream of
readers cannot keep it waiting for ever. PostgreSQL runs readers and a writer
together; writers queue on one advisory lock, because an import checks what is
stored before adding to it.
"""

import csv
import fcntl
import io
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

# held only while a session runs; the number is the store's own (any constant shared by its writers)
WRITERS_LOCK = 7_140_203
NULLABLE_TYPES = {pa.bool_(): pd.BooleanDtype(), pa.int32(): pd.Int32Dtype(), pa.int64(): pd.Int64Dtype()}


class LocalStoreBusy(Exception):
    """The store could not be had in time (another write is under way); nothing was changed."""


class DuckDBFile:
    dialect = "duckdb"

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._gate = self.path.with_name(self.path.name + ".gate")
        self._lock = self.path.with_name(self.path.name + ".lock")

    def __str__(self) -> str:
        return str(self.path)

    def exists(self) -> bool:
        return self.path.exists()

    def stamp(self) -> tuple | None:
        """What the file looks like from outside: it changes with every committed write, and reading it costs a
        stat, not a connection."""
        parts = []
        for path in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                s = path.stat()
            except FileNotFoundError:
                parts.append(None)
            else:
                parts.append((s.st_ino, s.st_size, s.st_mtime_ns))
        return tuple(parts)

    @contextmanager
    def session(self, write: bool, timeout: float) -> Iterator[duckdb.DuckDBPyConnection]:
        deadline = time.monotonic() + timeout
        gate = _flock(self._gate, fcntl.LOCK_EX if write else fcntl.LOCK_SH, deadline, self)
        try:
            lock = _flock(self._lock, fcntl.LOCK_EX if write else fcntl.LOCK_SH, deadline, self)
        finally:
            if not write:  # a reader only passes the gate
                os.close(gate)
        try:
            try:
                # a write checkpoints at its commit (its session's close would anyway), so its rows go to the file
                # once, not to the write-ahead log first
                con = duckdb.connect(str(self.path), read_only=not write,
                                     config={"checkpoint_threshold": "0b"} if write else {})
            except duckdb.IOException as exc:  # a program that does not take the lock (an older version) has it
                raise LocalStoreBusy(f"{self.path} is open in another program: {exc}") from exc
            try:
                if write:
                    con.begin()
                    try:
                        yield con
                        con.commit()
                    except BaseException:
                        con.rollback()
                        raise
                else:
                    yield con
            finally:
                con.close()  # the last connection closing checkpoints the write into the file
        finally:
            os.close(lock)
            if write:
                os.close(gate)

    def run(self, con, sql: str, params: list) -> list[tuple]:
        return con.execute(sql, params).fetchall()

    def frame(self, con, sql: str, params: list) -> pd.DataFrame:
        return con.execute(sql, params).df()

    def bulk_frame(self, con, sql: str, params: list, sort_by: str) -> pd.DataFrame:
        """`frame` for a read of many rows, in the order of column `sort_by` (ties in any order): by way of
        Arrow, which makes each distinct text one Python string (about a third of the time for an area's 120,000
        Annex A rows) and sorts them before they are copied into pandas (the Annex A measures' read 0.115 s ->
        0.063 s, against pandas taking every column in order after); dates as datetime64, Yes/No and whole
        numbers with blanks as pandas' nullable types, as `frame` gives them."""
        return con.sql(sql, params=params).to_arrow_table().sort_by(sort_by).to_pandas(
            date_as_object=False, types_mapper=NULLABLE_TYPES.get)

    @staticmethod
    def stageable(frame: pd.DataFrame) -> pa.Table:
        """`frame` as `staged` takes it, for rows staged more than once: Arrow, so text is scanned without Python."""
        return pa.Table.from_pandas(frame, preserve_index=False)

    @contextmanager
    def staged(self, con, name: str, frame: pd.DataFrame | pa.Table):
        """`frame` (or its `stageable` form) readable by SQL as the table `name` for the duration (after a failure
        the session ends, and the name with it)."""
        con.register(name, frame if isinstance(frame, pa.Table) else self.stageable(frame))
        yield
        con.unregister(name)

    def close(self) -> None:
        """Nothing is held between sessions."""


def _flock(path: Path, mode: int, deadline: float, store) -> int:
    """An open descriptor holding `mode` on `path` (closing it releases the lock), waiting until `deadline`."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise LocalStoreBusy(f"{store} is being written by another program and was not free in time; "
                                     "try again in a moment") from None
            time.sleep(0.02)


class PostgreSQL:
    dialect = "postgresql"
    # a connection per concurrent session: Streamlit runs each browser session's script on a thread of its own
    POOL_SIZE = int(os.environ.get("ANALYTICS_LOCAL_POOL", "8"))

    def __init__(self, url: str):
        self.url = url
        self._pool = None

    def __str__(self) -> str:
        # never print a password from the URL
        from psycopg.conninfo import conninfo_to_dict

        info = conninfo_to_dict(self.url)
        return f"PostgreSQL database {info.get('dbname', '')} on {info.get('host', 'localhost')}"

    def exists(self) -> bool:
        return True

    def stamp(self) -> None:
        """No cheap outside look: the version is asked of the database each time."""
        return None

    def _connections(self):
        if self._pool is None:
            from psycopg_pool import ConnectionPool

            self._pool = ConnectionPool(self.url, min_size=1, max_size=self.POOL_SIZE, open=True,
                                        kwargs={"autocommit": True}, check=ConnectionPool.check_connection)
        return self._pool

    @contextmanager
    def session(self, write: bool, timeout: float):
        import psycopg
        from psycopg_pool import PoolTimeout

        pool = self._connections()
        try:
            conn = pool.getconn(timeout=timeout)
        except PoolTimeout as exc:
            raise LocalStoreBusy(f"{self}: no connection was free in time; try again in a moment") from exc
        try:
            with conn.cursor() as cur:
                # reads see one snapshot; a writer waits its turn on the writers' lock, for `timeout` at most
                cur.execute("BEGIN" if write else "BEGIN ISOLATION LEVEL REPEATABLE READ")
                try:
                    if write:
                        cur.execute(f"SET LOCAL lock_timeout = {int(timeout * 1000)}")
                        cur.execute("SELECT pg_advisory_xact_lock(%s)", [WRITERS_LOCK])
                    yield cur
                    cur.execute("COMMIT" if write else "ROLLBACK")
                except BaseException as exc:
                    if not conn.broken:
                        conn.rollback()
                    if isinstance(exc, psycopg.errors.LockNotAvailable):
                        raise LocalStoreBusy(f"{self} is being written by another program and was not free in "
                                             "time; try again in a moment") from exc
                    raise
        finally:
            pool.putconn(conn)

    def run(self, cur, sql: str, params: list) -> list[tuple]:
        cur.execute(_placeholders(sql), params)
        return cur.fetchall() if cur.description else []

    def frame(self, cur, sql: str, params: list) -> pd.DataFrame:
        cur.execute(_placeholders(sql), params)
        columns = [c.name for c in cur.description]
        frame = pd.DataFrame(cur.fetchall(), columns=columns)
        # as DuckDB gives them: dates and times as datetime64, not Python objects
        for c in cur.description:
            if c.type_code in (1082, 1114):  # date, timestamp
                frame[c.name] = pd.to_datetime(frame[c.name]).astype("datetime64[us]")
            elif c.type_code == 701:  # double precision: None is NaN
                frame[c.name] = frame[c.name].astype("float64")
        return frame

    def bulk_frame(self, cur, sql: str, params: list, sort_by: str) -> pd.DataFrame:
        return self.frame(cur, sql, params).sort_values(sort_by, kind="stable", ignore_index=True)

    @staticmethod
    def stageable(frame: pd.DataFrame) -> pd.DataFrame:
        """`staged` copies a frame's rows as CSV each time."""
        return frame

    @contextmanager
    def staged(self, cur, name: str, frame: pd.DataFrame):
        """`frame` readable by SQL as the table `name` for the duration: a temporary table filled by COPY."""
        types = ", ".join(f"{c} {_sql_type(frame[c])}" for c in frame.columns)
        cur.execute(f"CREATE TEMPORARY TABLE {name} ({types})")
        text = io.StringIO()
        frame.to_csv(text, index=False, header=False, na_rep="", date_format="%Y-%m-%d", quoting=csv.QUOTE_MINIMAL)
        with cur.copy(f"COPY {name} ({', '.join(frame.columns)}) FROM STDIN (FORMAT csv)") as copy:
            copy.write(text.getvalue())
        yield
        cur.execute(f"DROP TABLE {name}")  # after a failure the rollback takes it away

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None


def _placeholders(sql: str) -> str:
    """The store's statements are written with `?` (DuckDB's style); psycopg takes `%s`. No statement has a `?`
    or `%` of its own: values always travel as parameters."""
    return sql.replace("?", "%s")


def _sql_type(column: pd.Series) -> str:
    if pd.api.types.is_datetime64_any_dtype(column):
        return "DATE"
    if pd.api.types.is_bool_dtype(column):
        return "BOOLEAN"
    if pd.api.types.is_integer_dtype(column):
        return "BIGINT"
    if pd.api.types.is_float_dtype(column):
        return "DOUBLE PRECISION"
    return "VARCHAR"


def backend_for(location: str):
    if location.startswith(("postgresql://", "postgres://")):
        return PostgreSQL(location)
    return DuckDBFile(Path(location))
