"""Disclosure control for public papers: the council's own child-level and team-level counts.

Published DfE figures are already disclosure-controlled by the DfE and are shown
as published. Counts worked out from the council's own data follow these rules
whenever a paper is public (the scrutiny committee's, or any pack marked public):

- Primary suppression: a count of 1 to 5 is shown as 'c'. Zero is shown.
- Secondary suppression: in a table with totals, any row or column (its total
  counted as one of its cells) holding a 'c' holds at least two, so no suppressed
  cell is a total less the cells shown. The next cell hidden is the smallest
  non-zero one left in that row or column (so as little as possible is lost),
  then a zero, then the total.
- Small teams: a team with fewer than `MIN_TEAM_STAFF` staff, or whose staff
  number is not known, is not shown on its own. Such teams are combined as "Other
  teams", which takes in the next smallest teams until it holds at least two teams
  and that many staff; when that would take every team, no team is shown.
"""

import pandas as pd

SUPPRESSED = "c"
SMALL_COUNTS = (1, 5)
MIN_TEAM_STAFF = 5
OTHER_TEAMS = "Other teams (combined)"


def rules_text(min_staff: int = MIN_TEAM_STAFF) -> list[str]:
    """The rules as the annex of a public paper states them."""
    low, high = SMALL_COUNTS
    return [
        "Figures published by the Department for Education are shown as published (the DfE applies its own "
        "suppression; its 'c' and other codes are kept with their meaning).",
        f"Counts worked out from the council's own child-level or team-level records that are between {low} and "
        f"{high} are shown as '{SUPPRESSED}'. Zero is shown. A percentage is shown as '{SUPPRESSED}' when the "
        "count it is worked out from, or the count it leaves out, is suppressed.",
        f"Where a table has totals, further cells are shown as '{SUPPRESSED}' so that no suppressed figure can be "
        "worked out by taking the others from a total: any row or column holding one suppressed cell holds at "
        "least two.",
        f"No team with fewer than {min_staff} staff (or whose staff number is not known) is shown on its own; such "
        f"teams are combined as '{OTHER_TEAMS}', with further teams added until the combination has at least two "
        f"teams and {min_staff} staff.",
    ]


def is_small(value) -> bool:
    low, high = SMALL_COUNTS
    return pd.notna(value) and low <= value <= high


def _lines(frame: pd.DataFrame, total_row, total_column) -> list[tuple[list[tuple], tuple]]:
    """(cells, total cell) for each group of cells a total ties together: each row if there is a total column,
    each column if there is a total row."""
    lines = []
    if total_column is not None:
        parts = [c for c in frame.columns if c != total_column]
        lines += [([(r, c) for c in parts], (r, total_column)) for r in frame.index]
    if total_row is not None:
        parts = [r for r in frame.index if r != total_row]
        lines += [([(r, c) for r in parts], (total_row, c)) for c in frame.columns]
    return lines


def suppression_mask(counts: pd.DataFrame, total_row=None, total_column=None) -> pd.DataFrame:
    """True for each cell to show as 'c': primary suppression of counts 1 to 5, then secondary suppression.

    `counts`: whole numbers; `total_row` / `total_column`: the index label and column name of the totals, when
    the table has them.
    """
    mask = counts.map(is_small).astype(bool)
    lines = _lines(counts, total_row, total_column)
    changed = True
    while changed:
        changed = False
        for cells, total in lines:
            if sum(mask.at[cell] for cell in [*cells, total]) != 1:
                continue
            shown = [cell for cell in cells if not mask.at[cell]]
            # the smallest non-zero cell first, then zeros, and the total only when nothing else is left
            order = sorted(shown, key=lambda cell: (counts.at[cell] == 0, counts.at[cell]))
            mask.at[order[0] if order else total] = True
            changed = True
    return mask


def suppress(counts: pd.DataFrame, total_row=None, total_column=None) -> pd.DataFrame:
    """The table as a public paper shows it: whole numbers, and 'c' where suppressed."""
    mask = suppression_mask(counts, total_row, total_column)
    return counts.astype("Int64").astype(object).mask(mask, SUPPRESSED)


def recoverable_cells(shown: pd.DataFrame, total_row=None, total_column=None) -> list[tuple]:
    """The suppressed cells someone could work out from a shown table by taking cells from totals, over and
    over (each cell found helps find the next). An empty list means none can be recovered that way."""
    known = {(r, c): shown.at[r, c] for r in shown.index for c in shown.columns if shown.at[r, c] != SUPPRESSED}
    lines = _lines(shown, total_row, total_column)
    found = []
    solving = True
    while solving:
        solving = False
        for cells, total in lines:
            unknown = [cell for cell in [*cells, total] if cell not in known]
            if len(unknown) != 1:
                continue
            cell = unknown[0]
            others = sum(known[c] for c in cells if c != cell)
            known[cell] = others if cell == total else known[total] - others
            found.append(cell)
            solving = True
    return found


def team_groups(staff: pd.Series, teams: list[str], min_staff: int = MIN_TEAM_STAFF) -> dict[str, str] | None:
    """Each team -> the row a public paper shows it in: itself, or OTHER_TEAMS. None when no team can be shown.

    `staff`: staff by team (headcount or FTE); a team missing from it counts as small.
    """
    size = {team: float(staff.get(team, 0) or 0) for team in teams}
    small = [t for t in teams if size[t] < min_staff]
    if not small:
        return {t: t for t in teams}
    shown = sorted((t for t in teams if t not in small), key=lambda t: (size[t], t))
    combined = list(small)
    while shown and (len(combined) < 2 or sum(size[t] for t in combined) < min_staff):
        combined.append(shown.pop(0))
    if not shown:
        return None
    return {t: (OTHER_TEAMS if t in combined else t) for t in teams}
