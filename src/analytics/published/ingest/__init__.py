"""Readers for the published files. Each module turns one kind of file into tidy rows.

Every problem with an input file is raised as IngestError naming the file, so a
build stops with a message a user can act on and the previous store is kept.
"""

import csv
from pathlib import Path

# What a blank cell may say: the texts pandas' readers, which read these files before, take as missing (LAIT's
# code list says 'NA' in the Type of its England and regional rows).
MISSING = frozenset({"", "NA", "N/A", "n/a", "#N/A", "#N/A N/A", "#NA", "<NA>", "NULL", "null", "NaN", "-NaN", "nan",
                     "-nan", "None", "1.#IND", "-1.#IND", "1.#QNAN", "-1.#QNAN"})


def given(text: str | None) -> str | None:
    """The cell's text, or None where it is blank or says it is missing."""
    return None if text is None or text in MISSING else text


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


def require_columns(path: Path, names: list[str], columns: list[str]) -> None:
    missing = [c for c in columns if c not in names]
    if missing:
        raise IngestError(path, f"expected column(s) {', '.join(missing)} not found; "
                                f"the file has {', '.join(map(str, names[:12]))}")


def read_published_csv(path: Path, columns: list[str]) -> tuple[list[str], list[list[str]]]:
    """Read a small published CSV (the neighbour groupings, the LAIT dictionary) as text: its header and its
    non-blank rows, each as long as the header; checks the columns we use are there."""
    require_file(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [row for row in csv.reader(handle) if row]
    except UnicodeDecodeError as exc:
        raise IngestError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except csv.Error as exc:
        raise IngestError(path, f"cannot be read as CSV: {exc}") from exc
    if not rows:
        raise IngestError(path, "cannot be read as CSV: no columns to parse from file")
    names = rows[0]
    require_columns(path, names, columns)
    if len(rows) == 1:
        raise IngestError(path, "has a header but no rows")
    return names, [(row + [""] * len(names))[:len(names)] for row in rows[1:]]
