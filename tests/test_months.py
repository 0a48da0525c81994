"""Months and dates as typed in council spreadsheets."""

from datetime import date

import pytest

from analytics.months import parse_date, parse_month


@pytest.mark.parametrize("text", ["2023-01", "2023/01", "Jan-23", "Jan 23", "jan-2023", "January 2023",
                                  "January-2023", "01/01/2023", "31/01/2023", "1/1/23", "2023-01-31",
                                  "2023-01-01 00:00:00", "01/2023", "31 Jan 2023", "JAN 2023"])
def test_month_forms_people_type(text):
    assert parse_month(text) == date(2023, 1, 1)


def test_september_abbreviations():
    assert parse_month("Sept 2023") == parse_month("Sep-23") == date(2023, 9, 1)


@pytest.mark.parametrize("text", ["", "foo", "13/2023", "2023-13", "31/02/2023", "Janvier 2023", "2023"])
def test_not_months(text):
    assert parse_month(text) is None


def test_dates_are_read_day_first():
    assert parse_date("01/02/2023") == date(2023, 2, 1)
    assert parse_date("29/02/2024") == date(2024, 2, 29)
    assert parse_date("29/02/2023") is None
    assert parse_date("Feb 2023") is None  # a month is not a date
