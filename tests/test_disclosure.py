"""Small-number suppression on hand-made tables: no count of 1 to 5 shown, no suppressed cell recoverable."""

import pandas as pd
import pytest

from analytics.disclosure import OTHER_TEAMS, SUPPRESSED, recoverable_cells, suppress, team_groups
from tests.disclosure_check import feasible_values


def table(rows: dict[str, list[int]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns)


def shown_counts(shown: pd.DataFrame) -> list:
    return [v for v in shown.to_numpy().ravel() if v != SUPPRESSED]


# Met / not met by team with row and column totals, as a public paper would show a local measure's latest month
SUPERVISION = table({"Team A": [3, 9, 12], "Team B": [10, 8, 18], "Team C": [7, 6, 13], "All teams": [20, 23, 43]},
                    ["Met", "Not met", "Total"])


def test_a_count_of_1_to_5_is_suppressed_with_partners_in_its_row_and_column():
    shown = suppress(SUPERVISION, "All teams", "Total")
    assert shown.at["Team A", "Met"] == SUPPRESSED
    assert not any(1 <= v <= 5 for v in shown_counts(shown))
    # row Team A: the smallest other cell (9) goes with it; column Met: the smallest other (7)
    assert shown.at["Team A", "Not met"] == SUPPRESSED and shown.at["Team C", "Met"] == SUPPRESSED
    # ... and then Team C's not-met (6) so that row is not left with one
    assert shown.at["Team C", "Not met"] == SUPPRESSED
    assert shown.at["All teams", "Total"] == 43 and shown.at["Team B", "Met"] == 10
    assert recoverable_cells(shown, "All teams", "Total") == []
    for cell, values in feasible_values(shown, "All teams", "Total").items():
        assert len(values) > 1, f"{cell} can only be {values}"


def test_primary_suppression_alone_is_recoverable_from_the_totals():
    naive = SUPERVISION.astype(object)
    naive.at["Team A", "Met"] = SUPPRESSED
    assert recoverable_cells(naive, "All teams", "Total") == [("Team A", "Met")]
    assert feasible_values(naive, "All teams", "Total") == {("Team A", "Met"): {3}}  # the check can fail


def test_a_one_column_table_with_a_total_hides_a_second_count():
    counts = table({"North": [2], "South": [7], "East": [9], "All teams": [18]}, ["Children"])
    shown = suppress(counts, total_row="All teams")
    assert shown.Children.tolist() == [SUPPRESSED, SUPPRESSED, 9, 18]
    assert recoverable_cells(shown, total_row="All teams") == []


def test_a_small_total_is_suppressed_and_zeros_are_shown():
    counts = table({"North": [1], "South": [0], "All teams": [1]}, ["Children"])
    shown = suppress(counts, total_row="All teams")
    assert shown.Children.tolist() == [SUPPRESSED, 0, SUPPRESSED]
    assert all(len(v) > 1 for v in feasible_values(shown, "All teams", None).values())


def test_chained_suppression_protects_every_row_and_column():
    counts = table({"A": [4, 20, 30, 54], "B": [15, 2, 25, 42], "C": [12, 14, 16, 42], "All": [31, 36, 71, 138]},
                   ["Jan", "Feb", "Mar", "Total"])
    shown = suppress(counts, "All", "Total")
    assert not any(1 <= v <= 5 for v in shown_counts(shown))
    assert recoverable_cells(shown, "All", "Total") == []
    hidden = shown == SUPPRESSED
    # every row and every column has no suppressed cell or at least two
    assert all(n != 1 for n in [*hidden.sum(axis=1), *hidden.sum(axis=0)])


def test_a_table_without_totals_needs_only_primary_suppression():
    counts = table({"A": [4, 20], "B": [15, 0]}, ["Jan", "Feb"])
    assert suppress(counts).to_numpy().tolist() == [[SUPPRESSED, 20], [15, 0]]


@pytest.mark.parametrize(("staff", "expected"), [
    # every team big enough: each shown on its own
    ({"A": 12, "B": 6, "C": 9}, {"A": "A", "B": "B", "C": "C"}),
    # two small teams combine and together reach 5
    ({"A": 12, "B": 3, "C": 2.5, "D": 9}, {"A": "A", "B": OTHER_TEAMS, "C": OTHER_TEAMS, "D": "D"}),
    # one small team cannot stand alone as 'other': the next smallest (D) joins it
    ({"A": 12, "B": 3, "D": 9}, {"A": "A", "B": OTHER_TEAMS, "D": OTHER_TEAMS}),
    # a team with no staff figure counts as small
    ({"A": 12, "D": 9, "E": 7}, {"A": "A", "D": "D", "E": OTHER_TEAMS, "X": OTHER_TEAMS}),
])
def test_small_teams_are_combined(staff, expected):
    assert team_groups(pd.Series(staff), list(expected)) == expected


def test_no_team_is_shown_when_combining_would_take_them_all():
    assert team_groups(pd.Series({"A": 3, "B": 8}), ["A", "B"]) is None
    assert team_groups(pd.Series({"A": 2, "B": 2}), ["A", "B"]) is None
