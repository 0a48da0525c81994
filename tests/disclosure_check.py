"""An attacker's check on a suppressed table, independent of analytics.disclosure: every whole-number value each
suppressed cell could take in some table that adds up to the totals shown (brute force with the sums each
row and column must make, so it stays quick on the small tables papers show)."""

import pandas as pd

from analytics.disclosure import SUPPRESSED


def feasible_values(shown: pd.DataFrame, total_row=None, total_column=None) -> dict[tuple, set[int]]:
    """{(row, column): every value the suppressed cell can take}; a set of one means the cell can be worked out."""
    cells = {(r, c): shown.at[r, c] for r in shown.index for c in shown.columns}
    hidden = [cell for cell, value in cells.items() if value == SUPPRESSED]
    lines = []  # (parts, total): the cells a total adds up
    if total_column is not None:
        lines += [([(r, c) for c in shown.columns if c != total_column], (r, total_column)) for r in shown.index]
    if total_row is not None:
        lines += [([(r, c) for r in shown.index if r != total_row], (total_row, c)) for c in shown.columns]
    known = [int(v) for v in cells.values() if v != SUPPRESSED]
    ceiling = max(known, default=0) + 5  # no cell exceeds the largest total; +5 covers a suppressed total
    possible = {cell: set() for cell in hidden}

    def consistent(values: dict) -> bool:
        for parts, total in lines:
            if all(cell in values for cell in [*parts, total]):
                if sum(values[p] for p in parts) != values[total]:
                    return False
            elif total in values and sum(values[p] for p in parts if p in values) > values[total]:
                return False
        return True

    def solve(values: dict, todo: list) -> None:
        if not todo:
            for cell in hidden:
                possible[cell].add(values[cell])
            return
        cell, rest = todo[0], todo[1:]
        for value in range(ceiling + 1):
            values[cell] = value
            if consistent(values):
                solve(values, rest)
            del values[cell]

    solve({cell: int(v) for cell, v in cells.items() if v != SUPPRESSED}, hidden)
    return possible
