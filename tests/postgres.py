"""A real PostgreSQL server for the tests: Debian's binaries (apt-get install postgresql; .ci/run does), a
throwaway cluster on a free localhost port, stopped and removed afterwards.

PostgreSQL will not run as root, so when the tests run as root (as CI does) the server runs as the `postgres`
user the Debian package creates.
"""

import glob
import os
import shutil
import subprocess
import tempfile
from itertools import count
from pathlib import Path

from tests.browser.conftest import free_port

_names = count(1)


def binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if not found:
        raise RuntimeError("PostgreSQL's server binaries are needed (apt-get install postgresql); .ci/run installs "
                           "them")
    return Path(found[-1]).parent


class Server:
    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="analytics-pg-"))
        self.port = free_port()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.folder, "postgres")
        bin_dir = binaries()
        data = self.folder / "data"
        self._run([bin_dir / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"])
        # durability settings off: the tests kill clients, never the server
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._pg_ctl = [bin_dir / "pg_ctl", "-D", data]
        self._run([*self._pg_ctl, "-o", options, "-l", self.folder / "server.log", "-w", "start"])

    def _run(self, command) -> None:
        subprocess.run([*self.as_user, *map(str, command)], check=True, capture_output=True, timeout=120)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database's URL."""
        import psycopg

        name = f"test_{os.getpid()}_{next(_names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")

    def stop(self) -> None:
        try:
            self._run([*self._pg_ctl, "-m", "immediate", "stop"])
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
