"""Ofsted's inspection outcomes: each LA's latest ILACS judgements and its ILACS history since 2018."""

from datetime import date, datetime
from pathlib import Path

import duckdb
from python_calamine import CalamineWorkbook

from analytics.published.ingest import IngestError, given, require_columns, require_file
from analytics.published.store import stage

FILE = "dfe/LA_Inspection_Outcomes_as_at_31_March_2025.ods"
LATEST_SHEET = "Inspections_as_at_31_March"
HISTORY_SHEET = "ILACS_inspection_history"
HEADER_ROW = 2  # two lines of title and notes sit above each table

JUDGEMENTS = {
    "Overall effectiveness": "overall",
    "The impact of leaders on social work practice with children and families": "leaders",
    "The experiences and progress of children who need help and protection": "help_and_protection",
    "The experiences and progress of children in care": "children_in_care",
    "The experiences and progress of care leavers": "care_leavers",
}
JUDGEMENT_LABELS = {v: k for k, v in JUDGEMENTS.items()}
GRADES = ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"]


COLUMNS = ("area_code", "inspection_date", "publication_date", "inspection_type", "la_status", *JUDGEMENTS.values(),
           "latest")


def _cell(value):
    """A blank cell (or one saying 'NA') is None; a date-time cell its date."""
    if isinstance(value, str):
        return given(value)
    return value.date() if isinstance(value, datetime) else value


def _day(value) -> date | None:
    return value if value is None or isinstance(value, date) else datetime.fromisoformat(str(value).strip()).date()


def _sheet(path: Path, rows: list[list], columns: list[str]) -> list[dict]:
    """The sheet's table as one dict per non-blank row, keyed by the header row's names."""
    names = [str(c).strip() for c in rows[HEADER_ROW]] if len(rows) > HEADER_ROW else []
    require_columns(path, names, columns)
    cells = ([_cell(v) for v in row] for row in rows[HEADER_ROW + 1:])
    return [dict(zip(names, row, strict=False)) for row in cells if any(v is not None for v in row)]


def load(con: duckdb.DuckDBPyConnection, data_dir: Path, by_ons_code: dict[str, str]) -> None:
    """Stage one row per ILACS inspection (history) as staged_inspections, flagged `latest` where it is the LA's
    current judgement. `by_ons_code` maps an LA's ONS code to its area code."""
    path = require_file(data_dir / FILE)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        missing = [name for name in (LATEST_SHEET, HISTORY_SHEET) if name not in workbook.sheet_names]
        sheets = {name: workbook.get_sheet_by_name(name).to_python() for name in (LATEST_SHEET, HISTORY_SHEET)
                  if name not in missing}
    except Exception as exc:  # the reader raises several types for a damaged file
        raise IngestError(path, f"cannot be read as an OpenDocument spreadsheet: {exc}") from exc
    if missing:
        raise IngestError(path, f"a sheet is missing: {', '.join(missing)} (sheets: {', '.join(workbook.sheet_names)})")
    base = ["Local authority area code", "Local authority name", "Inspection date", "Publication date"]
    history = _sheet(path, sheets[HISTORY_SHEET], base + ["Inspection type", "Local authority status", *JUDGEMENTS])
    latest = _sheet(path, sheets[LATEST_SHEET], base + list(JUDGEMENTS))

    # Ofsted uses ONS codes; map them to the LA numbers the rest of the store uses.
    unmatched = list(dict.fromkeys(str(r["Local authority name"]) for r in history
                                   if r["Local authority area code"] not in by_ons_code))
    if unmatched:
        raise IngestError(path, f"LAs not matched by ONS code: {', '.join(unmatched)}")
    bad = {r[long] for r in history for long in JUDGEMENTS if r[long] is not None} - set(GRADES)
    if bad:
        raise IngestError(path, f"unknown judgement(s) {sorted(bad)}")
    current = {(by_ons_code.get(r["Local authority area code"]), _day(r["Inspection date"])) for r in latest}
    rows = []
    for r in history:
        code, day = by_ons_code[r["Local authority area code"]], _day(r["Inspection date"])
        strip = lambda v: v.strip() if isinstance(v, str) else v  # noqa: E731
        rows.append((code, day, _day(r["Publication date"]), strip(r["Inspection type"]),
                     strip(r["Local authority status"]), *(r[long] for long in JUDGEMENTS), (code, day) in current))
    stage(con, "staged_inspections", {c: [r[n] for r in rows] for n, c in enumerate(COLUMNS)},
          {"inspection_date": "DATE", "publication_date": "DATE", "latest": "BOOLEAN"})
