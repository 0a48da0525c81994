"""How figures read on screen and in papers: '34.9%', '19.5', '1,181', 'c — suppressed ...'."""

import math
from collections.abc import Callable

from analytics.suppression import describe

UNIT_SUFFIX = {"percent": "%"}
# Decimal places and y-axis titles by unit, for measures whose catalogue row does not give its own.
UNIT_DECIMALS = {"percent": 1, "fte": 1, "cases_per_fte": 1, "count": 0, "per_10k": 0}
UNIT_AXIS_TITLES = {"percent": "Per cent (%)", "count": "Number", "fte": "Full-time equivalent", "days": "Days",
                    "cases_per_fte": "Cases per case-holding FTE", "per_10k": "Rate per 10,000 children"}


def unit_decimals(unit: str) -> int:
    return UNIT_DECIMALS.get(unit, 1)


def axis_title(unit: str) -> str:
    return UNIT_AXIS_TITLES.get(unit, "Value")


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) in ("<NA>", "nan")


def format_value(value, unit: str, decimals: int = 1) -> str:
    """A figure as users read it; '–' when there is none."""
    if is_missing(value):
        return "–"
    if unit == "gbp":
        return f"£{value:,.0f}"
    places = 0 if unit == "count" and float(value).is_integer() else decimals
    return f"{value:,.{places}f}{UNIT_SUFFIX.get(unit, '')}"


def measure_formatter(measure) -> Callable[[object], str]:
    """How one measure's figures read: by its unit and decimals (`measure`: a catalogue row)."""
    unit, decimals = measure["unit"], int(measure["decimals"])
    return lambda value: format_value(value, unit, decimals)


def format_change(change, unit: str, decimals: int = 1) -> str:
    """A change on the previous year: '+10.3 pts' for percentages, '+1.2' otherwise."""
    if is_missing(change):
        return ""
    suffix = " pts" if unit == "percent" else ""
    return f"{change:+,.{decimals}f}{suffix}"


def missing_text(reason: str | None) -> str:
    """'c — suppressed to protect confidentiality'; 'no figure published' for a blank."""
    if not reason or reason == "blank":
        return "no figure published"
    return describe(reason)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def ordinal_rank(rank, rank_of, tied: bool = False) -> str:
    """The one way a rank reads, on pages and in papers: '147th of 148', 'joint 147th of 148', 'not ranked'."""
    if is_missing(rank):
        return "not ranked"
    return f"{'joint ' if tied else ''}{ordinal(int(rank))} of {int(rank_of)}"


BAND_TEXT = {"A": "A (best quarter)", "B": "B", "C": "C", "D": "D (worst quarter)"}
