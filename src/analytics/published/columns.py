"""How a published column's name is matched to the one the catalogue names, whatever the edition's spelling.

Editions spell the same column differently: a percentage may end in `_%`, `_pc`
or `_percent`, and older workforce editions use other stems (`leaver_fte` for
`leavers_fte`). The known spellings are data, in column_variants.csv beside
release_measures.csv, so a new one is a row there, not code: an `ending` row
says an ending means the same as another, a `column` row that a whole name
means the catalogue's.
"""

import csv
from functools import cache
from pathlib import Path

COLUMN_VARIANTS = Path(__file__).with_name("column_variants.csv")


@cache
def _variants() -> tuple[dict[str, str], dict[str, str]]:
    with COLUMN_VARIANTS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    endings = {r["spelling"].lower(): r["standard"].lower() for r in rows if r["kind"] == "ending"}
    unknown = {r["kind"] for r in rows} - {"ending", "column"}
    if unknown:
        raise ValueError(f"{COLUMN_VARIANTS.name}: unknown kind(s) {sorted(unknown)}")
    names = {_with_standard_ending(r["spelling"], endings): _with_standard_ending(r["standard"], endings)
             for r in rows if r["kind"] == "column"}
    return endings, names


def _with_standard_ending(name: str, endings: dict[str, str]) -> str:
    name = name.strip().lower()
    # longest first, so '_percent' is not read as ending in '_pc'... or in '%'
    for ending in sorted(endings, key=len, reverse=True):
        if name.endswith(ending):
            return name[: -len(ending)] + endings[ending]
    return name


def column_key(name: str) -> str:
    """The catalogue's spelling of a column, lower-cased: 'turnover_rate_fte_%' -> 'turnover_rate_fte'."""
    endings, names = _variants()
    key = _with_standard_ending(name, endings)
    return names.get(key, key)
