"""Each import rule on a frame of a few rows, worked out by hand; and the bounded report of many failures."""

from datetime import date

import numpy as np
import pandas as pd

from analytics.local import rules


def failing(rule: rules.Rule, frame: pd.DataFrame) -> list[int]:
    """The Excel rows `rule` refuses."""
    return frame.row[~rule.ok(frame).fillna(True).astype(bool)].tolist()


def frame(**columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    return pd.DataFrame({"row": range(2, n + 2), **columns})


def test_month_not_future():
    f = frame(month=[date(2024, 5, 1), date(2024, 6, 1), None])
    assert failing(rules.month_not_future(date(2024, 5, 1)), f) == [3]


def test_value_in_unit_range():
    f = frame(value=[101.0, 50.0, -1.0, -2.0], unit=["percent", "percent", "count", "unknown"])
    rule = rules.value_in_unit_range()
    assert failing(rule, f) == [2, 4]
    assert rule.message(f.iloc[0]) == "101 is outside 0 to 100 for a percentage"


def test_not_negative_and_numerator_within_denominator():
    f = frame(numerator=[-1.0, 5.0, 3.0], denominator=[2.0, 4.0, np.nan])
    assert failing(rules.not_negative("numerator"), f) == [2]
    assert rules.not_negative("numerator").message(f.iloc[0]) == "numerator -1 is negative"
    assert rules.not_negative("cases", "cases").message(frame(cases=[-3.0]).iloc[0]) == "-3 cases is negative"
    assert failing(rules.numerator_within_denominator(), f) == [3]


def test_percent_matches_parts():
    # 1/3 is 33.3%: 33 is within half a point, 34 is not
    f = frame(value=[33.0, 34.0, 34.0], numerator=[1.0, 1.0, 1.0], denominator=[3.0, 3.0, 3.0],
              unit=["percent", "percent", "count"])
    assert failing(rules.percent_matches_parts(), f) == [3]


def test_within_posts():
    f = frame(permanent_fte=[10.0, 10.5], posts_fte=[10.0, 10.0])
    assert failing(rules.within_posts("permanent_fte"), f) == [3]


def test_date_not_after_and_not_before():
    f = frame(start=[date(2024, 1, 10), date(2024, 1, 10), date(2024, 2, 1)],
              end=[date(2024, 1, 9), None, date(2024, 2, 2)])
    assert failing(rules.date_not_after("start", date(2024, 1, 31), "starts"), f) == [4]
    rule = rules.not_before("end", "start", "the plan ends", "it starts")
    assert failing(rule, f) == [2]
    assert rule.message(f.iloc[0]) == "the plan ends (09/01/2024) before it starts (10/01/2024)"


def test_whole_number():
    f = frame(previous=[0.0, 1.5, -1.0, np.nan])
    assert failing(rules.whole_number("previous", "plans"), f) == [3, 4]


def test_overlapping_rows():
    # child a: plan from Jan to Mar, then one from Feb (overlaps row 2); child b: open plan, then another (overlaps)
    f = frame(child=["a", "a", "b", "b", "c"],
              start=[date(2024, 1, 1), date(2024, 2, 1), date(2023, 1, 1), date(2024, 1, 1), date(2024, 1, 1)],
              end=[date(2024, 3, 1), None, None, None, None])
    overlaps = rules.overlapping_rows(f, "child", "start", "end")
    assert overlaps.isna().tolist() == [True, False, True, False, True]
    assert overlaps[1] == 2 and overlaps[3] == 4


def test_a_plan_starting_when_the_last_ended_does_not_overlap():
    f = frame(child=["a", "a"], start=[date(2024, 1, 1), date(2024, 3, 1)], end=[date(2024, 3, 1), None])
    assert rules.overlapping_rows(f, "child", "start", "end").isna().all()


def test_duplicates_with_a_blank_team_as_a_key_value():
    key = rules.Key(["month", "team"], "month and team", "month")
    f = frame(month=["2024-01"] * 4, team=[None, None, "A", "B"])
    duplicates = rules.duplicate_of(f, key)
    assert duplicates.notna().tolist() == [False, True, False, False] and duplicates[1] == 2


def test_many_failures_are_counted_after_the_first_few():
    f = frame(numerator=[-1.0] * 1000)
    problems = rules.check(f, [rules.not_negative("numerator")], None, lambda row, rule: "Numerator")
    assert len(problems) == rules.FIRST_ROWS + 1
    assert [p.row for p in problems[:rules.FIRST_ROWS]] == [2, 3, 4, 5, 6]
    assert problems[-1].row is None and problems[-1].column == "Numerator"
    assert problems[-1].message.startswith("1,000 rows in all: negative numerator")
    # the file's 1,000 failures and a second rule's 2, not the 8 lines listed
    problems += rules.check(frame(denominator=[-1.0, -2.0]), [rules.not_negative("denominator")], None,
                            lambda row, rule: "Denominator")
    assert len(problems) == 8
    assert rules.in_all(problems) == "1,002 problems, the first 5 of each kind listed"
    assert rules.in_all(problems[-2:]) == "2 problems" and rules.in_all(problems[-1:]) == "1 problem"


def test_a_problem_names_its_sheet():
    assert str(rules.Problem(7, "CIN Start Date", "is not a date", "List 6")) == (
        "sheet 'List 6', row 7, column 'CIN Start Date': is not a date")
