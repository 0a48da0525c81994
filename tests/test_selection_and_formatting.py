"""Links, number formats, tile directions and safe CSV exports."""

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from analytics.exports import csv_bytes, safe_frame
from analytics.formatting import format_change, format_value, missing_text
from analytics.months import months_back, parse_year_month
from analytics.periods import period_end, period_label
from analytics.published.summaries import direction_of
from analytics.selection import Selection, encode, parse

LAS = {"332", "420"}
NAMES = {"332": "Dudley", "420": "Isles of Scilly"}


def test_a_good_link_round_trips():
    chosen = Selection(la="420", model="2021", average="median", comparators=("sn", "england"),
                       first_year=2018, last_year=2024)
    parsed = parse(encode(chosen), LAS, NAMES, (2012, 2026))
    assert parsed.selection == chosen and parsed.notices == []


@pytest.mark.parametrize(("params", "fragment"), [
    ({"la": "999"}, "local authority '999'"),
    ({"model": "2030"}, "neighbour model '2030'"),
    ({"avg": "mode"}, "'mode' neighbour average"),
    ({"show": "sn,moon"}, "comparators 'sn,moon'"),
    ({"from": "2030", "to": "2031"}, "outside 2012–2026"),
    ({"from": "soon"}, "outside 2012–2026"),
    ({"from": "2024", "to": "2019"}, "outside 2012–2026"),
    ({"gclid": "abc"}, "'gclid' is not used"),
])
def test_each_bad_value_falls_back_with_a_notice(params, fragment):
    parsed = parse(params, LAS, NAMES, (2012, 2026))
    assert len(parsed.notices) == 1 and fragment in parsed.notices[0], parsed.notices
    default = Selection(first_year=2012, last_year=2026)
    # a bad comparator list keeps the comparators it does know; every other bad value falls back to the default
    expected = replace(default, comparators=("sn",)) if "show" in params else default
    assert parsed.selection == expected


def test_comparators_keep_the_known_ones():
    assert parse({"show": "england,moon"}, LAS, NAMES, (2012, 2026)).selection.comparators == ("england",)
    assert parse({"show": ""}, LAS, NAMES, (2012, 2026)).selection.comparators == ()


@pytest.mark.parametrize(("value", "unit", "decimals", "text"), [
    (34.9, "percent", 1, "34.9%"), (19.5, "cases_per_fte", 1, "19.5"), (1181.0, "count", 0, "1,181"),
    (144.3, "fte", 1, "144.3"), (None, "percent", 1, "–"), (float("nan"), "count", 0, "–"), (0.0, "percent", 1, "0.0%"),
])
def test_format_value(value, unit, decimals, text):
    assert format_value(value, unit, decimals) == text


def test_format_change_and_reasons():
    assert format_change(10.3, "percent") == "+10.3 pts"
    assert format_change(-2.8, "percent") == "-2.8 pts"
    assert format_change(1.9, "cases_per_fte") == "+1.9"
    assert missing_text("c") == "c — suppressed to protect confidentiality"
    assert missing_text("blank") == "no figure published"


@pytest.mark.parametrize(("change", "polarity", "word"), [
    (10.3, "low", "worse"), (-2.8, "low", "better"), (7.2, "high", "better"), (-2.0, "high", "worse"),
    (0.0, "low", "no change"), (1.0, "neither", "up"), (-1.0, "neither", "down"), (None, "low", ""),
    (0.04, "low", "no change"),  # rounds to 0.0 as shown, so it is not called worse
])
def test_direction_follows_polarity(change, polarity, word):
    assert direction_of(change, polarity, 1) == word


def test_exports_cannot_start_a_formula():
    frame = pd.DataFrame({"=cmd": ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tx", "plain"],
                          "n": [-1, 2, 3, 4, 5, 6]})
    safe = safe_frame(frame)
    assert safe.columns.tolist() == ["'=cmd", "n"]
    assert safe.iloc[:, 0].tolist() == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)", "'\tx", "plain"]
    assert safe.n.tolist() == [-1, 2, 3, 4, 5, 6]  # numbers stay numbers
    assert csv_bytes(frame).startswith(b"\xef\xbb\xbf'=cmd,n")


@pytest.mark.parametrize(("year", "year_type", "ends"), [
    (2025, "Reporting year (workforce at 30 September)", date(2025, 9, 30)),
    (2025, "Year ending 31 March", date(2025, 3, 31)),
    (2025, "Financial Year", date(2025, 3, 31)),
    (2024, "Academic Year", date(2024, 8, 31)),
    (2024, "Annual (end of Sept)", date(2024, 9, 30)),
    (2024, "Calendar Year", date(2024, 12, 31)),
    (2024, None, date(2024, 12, 31)),
    (2025, "Annual", date(2025, 3, 31)),
    (2025, "Annual - January", date(2025, 1, 31)),
])
def test_when_a_published_period_ends(year, year_type, ends):
    assert period_end(year, year_type) == ends


@pytest.mark.parametrize(("published", "year_type", "shown"), [
    # the same year ending 31 March, as LAIT and the DfE release write it: one label
    ("2025", "Financial Year", "2024-25"),
    ("2024-25", "Year ending 31 March", "2024-25"),
    ("2025", "Annual", "2024-25"),  # LAIT's children on CP plans at 31 March
    ("2025", "Reporting year (workforce at 30 September)", "Sep 2025"),
    ("2025", "Annual (end of Sept)", "Sep 2025"),
    ("2025", "Academic Year", "2024/25"),
    ("2015-16", "Academic Year", "2015/16"),
    ("2015/16", "Academic Year", "2015/16"),
    ("2025", "Annual - January", "Jan 2025"),
    ("2024", "Mid-year (30 June)", "mid-2024"),
    ("2022", "Calendar Year", "2022"),
    ("2014-16", "Calendar Year", "2014 to 2016"),  # three calendar years together
    ("2013/14-15/16", "Financial Year", "2013-14 to 2015-16"),
    ("2016-17 (OT)", "Financial Year", "2016-17 (outturn)"),
    ("2025 (prov)", "Academic Year", "2024/25 (provisional)"),
    ("0", "Calendar Year", "0"),  # LAIT's stray label with no year stays as it is
])
def test_each_kind_of_period_has_one_label_style(published, year_type, shown):
    assert period_label(published, year_type) == shown


def test_a_paper_month_is_written_yyyy_mm():
    assert parse_year_month(" 2025-09 ") == date(2025, 9, 1)
    for bad in ("2025-13", "Sept 2025", "2025/09", ""):
        with pytest.raises(ValueError, match="YYYY-MM"):
            parse_year_month(bad)
    assert months_back(date(2026, 2, 14), 3) == [date(2026, 2, 1), date(2026, 1, 1), date(2025, 12, 1)]
