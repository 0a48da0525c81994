"""Period labels as users know them, and the year each one ends in (for ordering and ranges).

Publications write the same period differently (LAIT's financial year '2025' is the DfE release's '2024-25'), so
every period shown is relabelled here, by its type, in one style: see `period_label`.
"""

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


# Each kind of period: how one period of it is written (from the year it ends in), and its last day. Financial and
# academic years cross a new year, so '2015-16' is one of them; a calendar-style '2014-16' is three years.
PERIOD_STYLES = {
    "financial": (financial_year_label, (3, 31)),
    "academic": (lambda y: f"{y - 1}/{y % 100:02d}", (8, 31)),
    "september": (lambda y: f"Sep {y}", (9, 30)),
    "january": (lambda y: f"Jan {y}", (1, 31)),
    "mid_year": (lambda y: f"mid-{y}", (6, 30)),
    "calendar": (str, (12, 31)),
}
CROSSING = {"financial", "academic"}
# The catalogue's year type (its text, lower case) -> kind of period; the first that matches; anything else is a
# calendar year. LAIT's plain 'Annual' indicators are all counts at 31 March (children in need, on CP plans,
# looked after: they equal the DfE releases' year ending 31 March figures).
PERIOD_TYPES = [("30 september", "september"), ("end of sept", "september"), ("31 march", "financial"),
                ("financial", "financial"), ("academic", "academic"), ("30 june", "mid_year"),
                ("january", "january")]
EXACT_TYPES = {"annual": "financial"}
# what a publication's note on a period means, in words
QUALIFIERS = {"rev": "revised", "prov": "provisional", "final": "final", "ot": "outturn"}


def period_kind(year_type: str | None) -> str:
    """The kind of period a catalogue year type names ('financial', 'academic', 'september', ...)."""
    text = str(year_type or "").strip().lower()
    return EXACT_TYPES.get(text) or next((kind for key, kind in PERIOD_TYPES if key in text), "calendar")


def period_label(published: str, year_type: str | None) -> str:
    """A published period in the product's one style for its kind, whatever the publication wrote.

    Financial year (to 31 March) '2024-25'; academic year '2024/25'; workforce at 30 September 'Sep 2025';
    January census 'Jan 2025'; mid-year estimate 'mid-2024'; calendar year '2025'. A span of years reads
    '2013-14 to 2015-16'; a publication's note stays, in words: '2016-17 (OT)' -> '2016-17 (outturn)'.
    A label with no year is returned as it is.
    """
    numbers, last = re.findall(r"\d+", str(published)), end_year(published)
    if last is None:
        return str(published)
    kind = period_kind(year_type)
    style = PERIOD_STYLES[kind][0]
    first = int(numbers[0])
    if kind in CROSSING:
        first = first + 1 if len(numbers) >= 4 or (len(numbers) == 2 and last - first == 1) else first
    text = style(last) if first >= last else f"{style(first)} to {style(last)}"
    note = re.search(r"\(([^)]*)\)", str(published))
    if note:
        text += f" ({QUALIFIERS.get(note.group(1).strip().lower(), note.group(1).strip())})"
    return text


def period_end(year: int, year_type: str | None) -> date:
    """The last day of the period a published figure covers: the workforce year 2025 ends on 30 September 2025,
    the financial year 2024-25 (year 2025) on 31 March 2025."""
    month, day = PERIOD_STYLES[period_kind(year_type)][1]
    return date(year, month, day)
