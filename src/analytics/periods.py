"""Period labels as users know them, and the year each one ends in (for ordering and ranges)."""

import re
from datetime import date


def end_year(label: str) -> int | None:
    """The calendar year a published period ends in.

    '2025' -> 2025, '2024-25' -> 2025, '2015/16' -> 2016, '2014-16' -> 2016,
    '2013/14-15/16' -> 2016, '2020 (Final)' -> 2020, '2016-17 (OT)' -> 2017.
    Returns None for labels with no year (LAIT has a stray '0').
    """
    numbers = re.findall(r"\d+", str(label))
    if not numbers or len(numbers[0]) != 4:
        return None
    last = numbers[-1]
    if len(last) == 4:
        return int(last)
    return int(numbers[0][: 4 - len(last)] + last)


def financial_year_label(year: int) -> str:
    """Year ending 31 March `year` as users write it: 2025 -> '2024-25'."""
    return f"{year - 1}-{year % 100:02d}"


# When a published period ends, by the catalogue's year type (its text, lower case); anything else is a calendar year.
PERIOD_ENDS = [("30 september", (9, 30)), ("end of sept", (9, 30)), ("31 march", (3, 31)), ("financial", (3, 31)),
               ("academic", (8, 31)), ("30 june", (6, 30)), ("january", (1, 31))]


def period_end(year: int, year_type: str | None) -> date:
    """The last day of the period a published figure covers: the workforce year 2025 ends on 30 September 2025,
    the financial year 2024-25 (year 2025) on 31 March 2025."""
    text = str(year_type or "").lower()
    month, day = next((end for key, end in PERIOD_ENDS if key in text), (12, 31))
    return date(year, month, day)
