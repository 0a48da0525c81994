"""Period labels as users know them, and the year each one ends in (for ordering and ranges)."""

import re


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
