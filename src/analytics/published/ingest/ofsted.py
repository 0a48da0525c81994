"""Ofsted's inspection outcomes: each LA's latest ILACS judgements and its ILACS history since 2018."""

from pathlib import Path

import pandas as pd

from analytics.published.ingest import IngestError, require_columns, require_file

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


def _sheet(path: Path, sheets: dict[str, pd.DataFrame], name: str, columns: list[str]) -> pd.DataFrame:
    if name not in sheets:
        raise IngestError(path, f"sheet '{name}' not found (sheets: {', '.join(sheets)})")
    frame = sheets[name]
    frame.columns = [str(c).strip() for c in frame.iloc[HEADER_ROW]]
    frame = frame.iloc[HEADER_ROW + 1:].dropna(how="all")
    require_columns(path, frame, columns)
    return frame


def load(data_dir: Path, areas: pd.DataFrame) -> pd.DataFrame:
    """One row per ILACS inspection (history), flagged `latest` where it is the LA's current judgement."""
    path = require_file(data_dir / FILE)
    try:
        sheets = pd.read_excel(path, sheet_name=[LATEST_SHEET, HISTORY_SHEET], engine="calamine", header=None)
    except ValueError as exc:
        raise IngestError(path, f"a sheet is missing: {exc}") from exc
    except Exception as exc:  # the reader raises several types for a damaged file
        raise IngestError(path, f"cannot be read as an OpenDocument spreadsheet: {exc}") from exc
    base = ["Local authority area code", "Local authority name", "Inspection date", "Publication date"]
    history = _sheet(path, sheets, HISTORY_SHEET, base + ["Inspection type", "Local authority status", *JUDGEMENTS])
    latest = _sheet(path, sheets, LATEST_SHEET, base + list(JUDGEMENTS))

    # Ofsted uses ONS codes; map them to the LA numbers the rest of the store uses.
    las = areas[areas.level == "la"]
    code_of = dict(zip(las.new_la_code, las.area_code, strict=True))
    history["area_code"] = history["Local authority area code"].map(code_of)
    unmatched = history[history.area_code.isna()]["Local authority name"].unique()
    if len(unmatched):
        raise IngestError(path, f"LAs not matched by ONS code: {', '.join(map(str, unmatched))}")
    bad = set(history[list(JUDGEMENTS)].stack().dropna()) - set(GRADES)
    if bad:
        raise IngestError(path, f"unknown judgement(s) {sorted(bad)}")

    result = pd.DataFrame({
        "area_code": history.area_code,
        "inspection_date": pd.to_datetime(history["Inspection date"]).dt.date,
        "publication_date": pd.to_datetime(history["Publication date"]).dt.date,
        "inspection_type": history["Inspection type"].str.strip(),
        "la_status": history["Local authority status"].str.strip(),
        **{short: history[long].where(history[long].notna(), None) for long, short in JUDGEMENTS.items()},
    })
    latest_keys = set(zip(latest["Local authority area code"].map(code_of),
                          pd.to_datetime(latest["Inspection date"]).dt.date))
    result["latest"] = [key in latest_keys for key in zip(result.area_code, result.inspection_date)]
    return result.sort_values(["area_code", "inspection_date"]).reset_index(drop=True)
