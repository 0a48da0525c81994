"""The checks an imported file's rows must pass, each a named Rule, by the kind of file; and how their failures are
reported.

A Rule says which rows of a frame pass (`ok`) and, for a row that does not, why
(`message`). `check` runs a kind's rules and the duplicate-key rule all at once,
with plain vectorised pandas (no validation library: importing one cost every
command a second). Failures are reported in bounded space, so a file with a bad
value on each of a million rows gets a summary, not a million lines: for each
rule and column, the first FIRST_ROWS failing rows named by their Excel row, then
one line counting the rest.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analytics.local.catalogue import UNIT_RANGES
from analytics.months import month_label

# failing rows named one by one for each rule and column; the rest are counted
FIRST_ROWS = 5
# A percentage that disagrees with its own numerator and denominator by more than this (points) is refused;
# half a point lets through figures rounded to whole percentages, as papers often print them.
PERCENT_TOLERANCE = 0.5
# key columns where a missing value is itself a key value (the whole service; a standing target)
NULLABLE_KEYS = {"team", "target_date"}


@dataclass(frozen=True)
class Problem:
    row: int | None  # as in Excel: the header is row 1
    column: str | None  # the header as in the file
    message: str
    sheet: str | None = None  # for a workbook of several sheets (Annex A)
    count: int = 1  # the failures it stands for: a line summing up a rule's unlisted rows counts them

    def __str__(self) -> str:
        where = ", ".join(p for p in (f"sheet '{self.sheet}'" if self.sheet else "",
                                      f"row {self.row}" if self.row else "",
                                      f"column '{self.column}'" if self.column else "") if p)
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True)
class Rule:
    """One check on normalised rows: `ok(frame)` is True where a row passes; `message(row)` says why not."""

    name: str
    column: str  # the field whose header the problem names
    ok: Callable[[pd.DataFrame], pd.Series]
    message: Callable[[pd.Series], str]


@dataclass(frozen=True)
class Key:
    """The columns that identify a row: two rows with the same values are duplicates."""

    columns: list[str]
    what: str  # in words, for the message
    names: str  # the field whose header a duplicate's problem names


def bounded(rows: Iterable[int], column: str | None, message: Callable[[int], str], what: str,
            sheet: str | None = None) -> list[Problem]:
    """Problems for failing rows (their Excel numbers, in order): the first FIRST_ROWS each with `message(i)` (i
    the position among the failures), then one line counting the rest."""
    rows = list(rows) if not isinstance(rows, list) else rows
    problems = [Problem(int(row), column, message(i), sheet) for i, row in enumerate(rows[:FIRST_ROWS])]
    if len(rows) > FIRST_ROWS:
        problems.append(Problem(None, column, f"{len(rows):,} rows in all: {what} (the first {FIRST_ROWS} are "
                                              "listed; the others are like them)", sheet, len(rows) - FIRST_ROWS))
    return problems


def in_all(problems: list[Problem]) -> str:
    """How many failures `problems` stand for, in words: '3 problems', or '479,988 problems, the first 5 of each
    kind listed' when some are only counted."""
    total = sum(p.count for p in problems)
    words = f"{total:,} problem{'s' if total != 1 else ''}"
    return words if total == len(problems) else f"{words}, the first {FIRST_ROWS} of each kind listed"


def check(frame: pd.DataFrame, rules: list[Rule], key: Key | None, header: Callable[[pd.Series, Rule], str],
          sheet: str | None = None) -> list[Problem]:
    """Every failure of `rules` and of the duplicate rule for `key`, bounded per rule (see `bounded`).
    `header(row, rule)` is the column name a problem gives; `frame` has the Excel row in 'row'."""
    if key is not None:
        repeats = duplicate_of(frame, key)
        if repeats.notna().any():  # else the rule passes every row: the rows are not copied to say so
            frame = frame.assign(duplicate_of=repeats)
            rules = [*rules, no_duplicates(key)]
    problems = []
    for rule in rules:
        fails = ~rule.ok(frame).fillna(True).astype(bool)
        if not fails.any():  # as for almost every rule: no copy of the rows
            continue
        failing = frame[fails]
        problems += bounded(failing.row.tolist(), header(failing.iloc[0], rule),
                            lambda i, f=failing, r=rule: r.message(f.iloc[i]), rule.name.replace("_", " "), sheet)
    return problems


def duplicate_of(frame: pd.DataFrame, key: Key) -> pd.Series:
    """For each row repeating an earlier row's key, that row's Excel number (else NaN)."""
    required = [c for c in key.columns if c not in NULLABLE_KEYS]
    # column by column, and the keys not copied when all are complete: this was half a large extract's checks
    complete = np.logical_and.reduce([frame[c].notna().to_numpy() for c in required], initial=True)
    keyed = frame[key.columns] if complete.all() else frame.loc[complete, key.columns]
    # a missing team or date is a key value of its own (only optional columns can be missing here)
    keyed = keyed.assign(**{c: keyed[c].astype("object").where(keyed[c].notna(), "")
                            for c in key.columns if c not in required})
    if not keyed.duplicated(key.columns).any():  # as in almost every file: no repeat to name
        return pd.Series(np.nan, index=frame.index)
    rows = frame.row[complete]
    first = keyed.assign(row=rows).groupby(key.columns, sort=False).row.transform("first")
    return first.where(first != rows).reindex(frame.index)


def no_duplicates(key: Key) -> Rule:
    return Rule("duplicate", key.names, lambda f: f.duplicate_of.isna(),
                lambda r: f"repeats row {int(r.duplicate_of)} (same {key.what})")


# monthly figures, establishment
def month_not_future(current: date) -> Rule:
    return Rule("future_month", "month", lambda f: f.month.isna() | (f.month <= current),
                lambda r: f"{month_label(r.month)} is in the future")


def value_in_unit_range() -> Rule:
    def ok(f: pd.DataFrame) -> pd.Series:
        low = f.unit.map(lambda u: UNIT_RANGES.get(u, (None, None))[0]).astype("float64")
        high = f.unit.map(lambda u: UNIT_RANGES.get(u, (None, None))[1]).astype("float64")
        return ~((f.value < low) | (f.value > high))

    def message(r: pd.Series) -> str:
        low, high = UNIT_RANGES[r.unit]
        if high is not None:
            return f"{r.value:g} is outside {low:g} to {high:g} for a percentage"
        return f"{r.value:g} is negative, which a {r.unit.replace('_', ' ')} figure cannot be"
    return Rule("range", "value", ok, message)


def not_negative(column: str, what: str | None = None) -> Rule:
    """`what` names the unit in the message ('FTE', 'cases'); without it the column's name leads."""
    return Rule(f"negative_{column}", column, lambda f: ~(f[column] < 0),
                lambda r: f"{r[column]:g} {what} is negative" if what else f"{column} {r[column]:g} is negative")


def numerator_within_denominator() -> Rule:
    return Rule("numerator_above_denominator", "numerator", lambda f: ~(f.numerator > f.denominator),
                lambda r: f"numerator {r.numerator:g} is above the denominator {r.denominator:g}")


def percent_matches_parts() -> Rule:
    def ratio(f):
        return 100 * f.numerator / f.denominator.where(f.denominator > 0)
    return Rule("value_matches_parts", "value",
                lambda f: ~((f.unit == "percent") & ((f.value - ratio(f)).abs() > PERCENT_TOLERANCE)),
                lambda r: f"{r.value:g}% does not match numerator/denominator "
                          f"({r.numerator:g}/{r.denominator:g} = {100 * r.numerator / r.denominator:.1f}%)")


def within_posts(column: str) -> Rule:
    return Rule(f"{column}_above_posts", column, lambda f: ~(f[column] > f.posts_fte),
                lambda r: f"{r[column]:g} FTE is more than the {r.posts_fte:g} FTE posts")


# child-level dates (CP plan lists, Annex A)
def date_not_after(column: str, limit: date, what: str, after: str = "in the future") -> Rule:
    """The date in `column` is not after `limit` (today, or an extract's as-at date, named by `after`)."""
    return Rule(f"{column}_after_{'as_at' if after != 'in the future' else 'today'}", column,
                lambda f: ~(pd.to_datetime(f[column]) > pd.Timestamp(limit)),
                lambda r: f"{what} {after} ({r[column]:%d/%m/%Y})")


def not_before(column: str, start: str, what: str, start_what: str) -> Rule:
    """The date in `column` (when given) is not before the date in `start`: an end before its start."""
    return Rule(f"{column}_before_{start}", column,
                lambda f: ~(pd.to_datetime(f[column]) < pd.to_datetime(f[start])),
                lambda r: f"{what} ({r[column]:%d/%m/%Y}) before {start_what} ({r[start]:%d/%m/%Y})")


def whole_number(column: str, what: str) -> Rule:
    return Rule(f"whole_{column}", column,
                lambda f: f[column].isna() | ((f[column] >= 0) & (f[column] % 1 == 0)),
                lambda r: f"{r[column]:g} is not a whole number of {what}")


def overlapping_rows(frame: pd.DataFrame, child: str, start: str, end: str) -> pd.Series:
    """For each row whose period (start to end, open when end is missing) overlaps the child's previous one, the
    previous row's Excel number (else NaN): a child has one CP plan at a time."""
    order = frame.assign(_s=pd.to_datetime(frame[start])).sort_values([child, "_s"])
    previous_end = pd.to_datetime(order.groupby(child)[end].shift())
    previous_row = order.groupby(child).row.shift()
    overlap = previous_row.notna() & (previous_end.isna() | (previous_end > order._s))
    return previous_row.where(overlap).reindex(frame.index)


def no_overlap(column: str) -> Rule:
    """Needs an 'overlaps_row' column (overlapping_rows)."""
    return Rule("overlap", column, lambda f: f.overlaps_row.isna(),
                lambda r: f"overlaps the plan on row {int(r.overlaps_row)} for the same child")


# the rules of each kind of file
def monthly_rules(today: date) -> list[Rule]:
    return [month_not_future(today.replace(day=1)), value_in_unit_range(),
            not_negative("numerator"), not_negative("denominator"), numerator_within_denominator(),
            percent_matches_parts()]


def cp_plan_rules(today: date) -> list[Rule]:
    return [date_not_after("plan_start", today, "the plan starts"), date_not_after("plan_end", today, "the plan ends"),
            not_before("plan_end", "plan_start", "the plan ends", "it starts"),
            whole_number("previous_plans", "plans"), no_overlap("plan_start")]


def establishment_rules(today: date, numbers: list[str]) -> list[Rule]:
    return [month_not_future(today.replace(day=1)),
            *(not_negative(n, "cases" if n == "cases" else "FTE") for n in numbers),
            within_posts("permanent_fte"), within_posts("vacant_fte")]


def target_rules() -> list[Rule]:
    return [value_in_unit_range(), not_negative("tolerance")]
