"""Files the product writes for users: safe against spreadsheet formula injection.

A text cell starting with '=', '+', '-', '@' (or a tab or carriage return) is
run as a formula by Excel and LibreOffice. Such cells are prefixed with an
apostrophe, which spreadsheets show as plain text. Numbers are left alone.
"""

import math

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells and column names cannot start a formula."""
    safe = frame.copy()
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark, so Excel opens it with the right encoding."""
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def json_safe(value):
    """JSON has no NaN: missing numbers are null; numpy numbers become plain ones."""
    if value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value
