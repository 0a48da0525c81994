"""Readers for the published files. Each module turns one kind of file into tidy rows.

Every problem with an input file is raised as IngestError naming the file, so a
build stops with a message a user can act on and the previous store is kept.
"""

from pathlib import Path

import pandas as pd


class IngestError(Exception):
    def __init__(self, path: Path | str, problem: str):
        super().__init__(f"{Path(path).name}: {problem}")
        self.path = Path(path)
        self.problem = problem


def require_file(path: Path) -> Path:
    if not path.is_file():
        raise IngestError(path, f"file is missing (expected at {path})")
    if path.stat().st_size == 0:
        raise IngestError(path, "file is empty")
    return path


def require_columns(path: Path, frame: pd.DataFrame, columns: list[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise IngestError(path, f"expected column(s) {', '.join(missing)} not found; "
                                f"the file has {', '.join(map(str, frame.columns[:12]))}")


def read_published_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    """Read a published CSV (the neighbour groupings) as text, checking the columns we use are there."""
    require_file(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise IngestError(path, f"cannot be read as CSV: {exc}") from exc
    require_columns(path, frame, columns)
    if frame.empty:
        raise IngestError(path, "has a header but no rows")
    return frame
