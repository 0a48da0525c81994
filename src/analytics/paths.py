"""Where the bundled data and the built store live.

`ANALYTICS_DATA_DIR` and `ANALYTICS_STORE` let tests and benchmarks point the
product at a copy without touching the user's files. The council's own figures
live apart from the published store, which every build replaces:
`ANALYTICS_LOCAL_STORE` moves that read-write store (a file path, or a
postgresql:// URL) and `ANALYTICS_LOCAL_KEY` the key that hashes child
identifiers (kept outside the store on purpose).
"""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    return Path(os.environ.get("ANALYTICS_DATA_DIR", PROJECT_ROOT / "data"))


def store_path() -> Path:
    return Path(os.environ.get("ANALYTICS_STORE", data_dir() / "dashboard.duckdb"))


def local_store_location() -> str:
    """A DuckDB file's path, or a PostgreSQL database's URL."""
    return os.environ.get("ANALYTICS_LOCAL_STORE", str(data_dir() / "local.duckdb"))


def local_key_path() -> Path:
    return Path(os.environ.get("ANALYTICS_LOCAL_KEY", data_dir() / "local.key"))


def chromium_path() -> Path:
    """Debian's Chromium, which prints the PDF packs; `BROWSER_PATH` (choreographer's own setting) points
    elsewhere."""
    return Path(os.environ.get("BROWSER_PATH", "/usr/bin/chromium"))
