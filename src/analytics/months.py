"""Months: as people type them in council spreadsheets, and the calendar arithmetic the product does on them.

A month is stored as its first day; month-end calculations use its last day.
Numeric dates are read day first, as written in England (01/02/2023 is
1 February 2023); two-digit years are 20YY. Excel date cells arrive as ISO text.
"""

import calendar
import re
from datetime import date

import pandas as pd

MONTH_NAMES = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTH_NAMES |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
MONTH_NAMES["sept"] = 9

_NAME = r"([A-Za-z]{3,9})\.?"
_YEAR = r"(\d{4}|\d{2})"
PATTERNS = [
    # 2023-01, 2023/01, 2023-01-31, 2023-01-31T00:00:00 (Excel date cells)
    (re.compile(r"(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"), "ymd"),
    # 31/01/2023, 31-01-23, 31.01.2023
    (re.compile(rf"(\d{{1,2}})[-/.](\d{{1,2}})[-/.]{_YEAR}"), "dmy"),
    # 01/2023
    (re.compile(r"(\d{1,2})[-/.](\d{4})"), "my"),
    # 31 Jan 2023, 31-Jan-23, 1 January 2023
    (re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?[- ]{_NAME}[-, ]*{_YEAR}"), "d_name_y"),
    # Jan-23, Jan 23, January 2023, Jan2023
    (re.compile(rf"{_NAME}[-, ]*{_YEAR}"), "name_y"),
]


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def date_parts(text) -> tuple[int, int, int | None] | None:
    """(year, month, day or None) from a typed month or date; None when it is neither."""
    text = str(text).strip()
    for pattern, order in PATTERNS:
        match = pattern.fullmatch(text)
        if not match:
            continue
        groups = match.groups()
        if order == "ymd":
            year, month, day = int(groups[0]), int(groups[1]), groups[2] and int(groups[2])
        elif order == "dmy":
            day, month, year = int(groups[0]), int(groups[1]), _year(groups[2])
        elif order == "my":
            day, month, year = None, int(groups[0]), int(groups[1])
        else:
            name = groups[-2].lower()
            if name not in MONTH_NAMES:
                return None
            day = int(groups[0]) if order == "d_name_y" else None
            month, year = MONTH_NAMES[name], _year(groups[-1])
        if not 1 <= month <= 12 or (day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]):
            return None
        return year, month, day
    return None


def parse_month(text) -> date | None:
    """The first day of the month `text` names ('2023-01', 'Jan-23', 'January 2023', '31/01/2023')."""
    parts = date_parts(text)
    return None if parts is None else date(parts[0], parts[1], 1)


def parse_date(text) -> date | None:
    """A full date ('31/01/2023', '2023-01-31', '31 Jan 2023'); a month without a day is not a date."""
    parts = date_parts(text)
    return None if parts is None or parts[2] is None else date(*parts)


def parse_column(texts: pd.Series, parser) -> pd.Series:
    """Apply `parser` to each distinct text once: columns of months repeat the same few values."""
    unique = pd.unique(texts.dropna())
    lookup = {text: parser(text) for text in unique}
    return texts.map(lookup).astype("object")


def month_label(month: date) -> str:
    """As users write it: 'Jan 2023'."""
    return f"{calendar.month_abbr[month.month]} {month.year}"


def parse_year_month(text: str) -> date:
    """'2025-09' -> 1 September 2025, strictly (a paper's month on the command line); ValueError otherwise."""
    found = re.fullmatch(r"(\d{4})-(\d{2})", str(text).strip())
    if not found or not 1 <= int(found[2]) <= 12:
        raise ValueError(f"'{text}' is not a month written as YYYY-MM (for example 2025-09)")
    return date(int(found[1]), int(found[2]), 1)


def month_end(month: date) -> date:
    return date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])


def month_index(month) -> int:
    """Months since year 0, so months can be subtracted and fitted to a line."""
    month = pd.Timestamp(month)
    return month.year * 12 + month.month - 1


def from_index(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


STALE_AFTER = 3  # months behind the latest complete month after which the council's own figures are out of date


def latest_complete(today: date) -> date:
    """The first day of the last month that has ended by `today`."""
    return from_index(month_index(today) - 1)


def out_of_date(month, latest: date) -> str | None:
    """'out of date: 34 months behind November 2026' when a month's figure is more than STALE_AFTER months behind
    `latest` (the latest complete month on a page, the paper's month in a pack); None when it is current."""
    behind = month_index(latest) - month_index(month)
    return f"out of date: {behind} months behind {latest:%B %Y}" if behind > STALE_AFTER else None


def months_back(latest: date, count: int) -> list[date]:
    """The first days of `count` months, `latest`'s month first, going back."""
    return [from_index(month_index(latest) - n) for n in range(count)]


def month_range(first: date, last: date) -> list[date]:
    """First days of every month from `first`'s to `last`'s."""
    return [d.date() for d in pd.date_range(pd.Timestamp(first).to_period("M").start_time,
                                            pd.Timestamp(last), freq="MS")]
