"""Special codes used in the published files, and how a raw cell becomes a value.

A code is never turned into a number: the cell becomes a missing value and the
code is kept as its `status`, so the reason can reach the user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only read_cells (the importer's) needs pandas; the store build reads cells in SQL without it
    import pandas as pd

# Meanings as the Explore Education Statistics and LAIT footnotes give them.
CODES: dict[str, str] = {
    "c": "suppressed to protect confidentiality",
    "x": "not available",
    "z": "not applicable",
    "u": "low reliability, not published",
    "k": "rounds to zero, not published",
    "low": "a small number that rounds to zero, not published",
    "-": "not published in the source (no figure for this year)",
    ":": "not available",
    "..": "not available",
    "blank": "no figure in the source file",
}


# Reasons the product adds for years an LA did not exist; they are not gaps in a publication.
OUTSIDE_LIFETIME = {
    "not_yet": "the LA did not exist yet",
    "abolished": "the LA had been abolished",
}


def describe(status: str | None) -> str:
    """The user-facing text for a status code, e.g. 'c — suppressed to protect confidentiality'."""
    if status is None or (isinstance(status, float) and status != status):  # None or NaN
        return ""
    if status in OUTSIDE_LIFETIME:
        return OUTSIDE_LIFETIME[status]
    return f"{status} — {CODES.get(status, 'not available')}"


def read_cells(raw: pd.Series, decimals: int = 6) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Read raw text cells as (value, status, unknown).

    `value` is a float with NaN where the cell held a code; `status` is the code
    ('c', 'x', ..., 'blank') or None where there is a number; `unknown` is True
    where the cell is neither (its status then holds the text). Rounding to a few
    decimals removes binary noise such as '9.3699999999999992' in the LAIT file.
    """
    import pandas as pd

    values = pd.to_numeric(raw, errors="coerce").astype("float64")
    # Only the cells that did not parse need the slower look: padded or
    # comma-grouped numbers, then codes.
    rest = raw[values.isna()].astype("string").str.strip()
    retried = pd.to_numeric(rest.str.replace(",", "", regex=False), errors="coerce").astype("float64")
    values.loc[rest.index] = retried.to_numpy(na_value=float("nan"))
    values = values.round(decimals)
    codes = rest[values.loc[rest.index].isna()].str.lower().fillna("blank").replace("", "blank")
    unknown = pd.Series(False, index=raw.index)
    unknown.loc[codes.index] = ~codes.isin(list(CODES)).to_numpy()
    status = pd.Series(None, index=raw.index, dtype="object")
    status.loc[codes.index] = codes.astype("object")
    return values, status, unknown


# A published number: optional sign, digits with an optional point, optional exponent (commas are removed first).
NUMBER_PATTERN = r"[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?"


def sql_reading(cell: str, decimals: int = 6) -> tuple[str, str]:
    """DuckDB SQL expressions (value, status) for a text column `cell`, read as read_cells reads a cell.

    The status expression refers to the value by the name `value`, so it goes in
    an outer SELECT; a status outside CODES is an unknown code for the caller to report.
    """
    text = f"replace(trim({cell}), ',', '')"
    # a cell that is a number as it stands (most are) skips the trim and the comma removal: a third less time
    value = (f"CASE WHEN regexp_full_match({cell}, '{NUMBER_PATTERN}') THEN round(CAST({cell} AS DOUBLE), {decimals}) "
             f"WHEN regexp_full_match({text}, '{NUMBER_PATTERN}') THEN round(CAST({text} AS DOUBLE), {decimals}) END")
    status = f"CASE WHEN value IS NULL THEN coalesce(nullif(lower(trim({cell})), ''), 'blank') END"
    return value, status
