"""Reading an Annex A workbook as councils keep it, and every refusal naming sheet, row and column (store
unchanged), on tiny workbooks written here."""

from datetime import date, datetime

import pandas as pd
import pytest

from analytics import services
from analytics.access import User
from analytics.local.annex_a import plan_annex_a
from analytics.local.keys import hasher, load_key
from analytics.local.store import LocalStore
from tests.annex_books import ASSESSMENTS, CONTACTS, CP, workbook

AS_AT = date(2024, 3, 31)
ANALYST = User("ana@council.test", "analyst", "Ana")
KEY = hasher(b"test key " * 4)


def plan(context, data: bytes, as_at: date = AS_AT):
    return plan_annex_a(data, "annex.xlsx", "0" * 64, context, as_at)


def rows(plan, list_no: int):
    return plan.rows[plan.rows.list_no == list_no].reset_index(drop=True)


def test_real_world_headers_dates_and_codes_are_read(context):
    data = workbook({
        "List 1 - Contacts": [
            ["Child\u00a0Unique ID ", "gender", "DOB", "date of contact", "Contact Source", "Team", "Allocated Worker"],
            ["A1", "b) Female", date(2015, 6, 20), date(2024, 1, 31), "Police", "MASH", "Jo Bloggs"],
            ["A2", "a) Male", "03/02/2016", datetime(2024, 2, 1, 14, 30), "School", " ", "Unallocated"],
            ["A3", "", None, "29/02/2024 09:15", "GP", "MASH", "jo bloggs"],
        ],
        "L3 Referrals": [
            ["Child Unique ID", "Date of Birth", "Date of referral", "Referral NFA?",
             "Number of Referrals in Last 12 Months", "Allocated Team", "Allocated Worker"],
            ["A1", date(2015, 6, 20), date(2024, 2, 1), "Y", 2, "Duty", "Sam"],
            ["A2", None, date(2024, 2, 2), "b) No", "0", "Duty", "Sam"],
            ["A3", None, date(2024, 2, 3), "a) Yes", 1, "Duty", ""],
        ],
        # no list name: found by its headers, under a title row
        "Child protection": [
            CP,
            # pre-birth: no date of birth, or one after the plan starts
            ["U1", None, date(2024, 1, 10), "a) Neglect", date(2024, 3, 20), None, 0, "CP team", "Kim"],
            ["U2", date(2024, 5, 1), date(2024, 2, 29), "Emotional abuse", None, None, "1", "CP team", "Kim"],
            ["A1", date(2015, 6, 20), date(2023, 3, 1), "e) Multiple", None, date(2024, 1, 5), 0, "CP team", "Kim"],
        ],
    }, title_rows={"Child protection": 2})
    p = plan(context, data)
    assert p.ok, p.problems
    contacts = rows(p, 1)
    assert contacts.event_start.dt.date.tolist() == [date(2024, 1, 31), date(2024, 2, 1), date(2024, 2, 29)]
    assert contacts.dob_month.dt.date.tolist()[:2] == [date(2015, 6, 1), date(2016, 2, 1)]
    assert contacts.dob_month.isna()[2]
    assert contacts.child_key[0] == KEY("A1") and contacts.team.tolist() == ["MASH", None, "MASH"]
    # the same worker however written gets one keyed id; unallocated is no worker
    assert contacts.worker_key[0] == contacts.worker_key[2] and contacts.worker_key.isna()[1]
    referrals = rows(p, 3)
    assert referrals.nfa.tolist() == [True, False, True] and referrals.referrals_12m.tolist() == [2, 0, 1]
    plans = rows(p, 7)
    assert plans.category.tolist() == ["Neglect", "Emotional abuse", "Multiple"]
    assert plans.event_start.dt.date.tolist() == [date(2024, 1, 10), date(2024, 2, 29), date(2023, 3, 1)]
    assert plans.sheet.unique().tolist() == ["Child protection"] and plans.row.tolist() == [4, 5, 6]
    # no names, genders or sources anywhere in what would be stored
    stored = p.rows.astype(str).to_csv()
    assert not any(text in stored for text in ("Bloggs", "Sam", "Kim", "Female", "Police", "A1,"))
    assert any(n.startswith("Not in the workbook: List 4 (Assessments), List 5") for n in p.notes)


def test_lists_not_stored_are_counted(context):
    data = workbook({"List 1": [CONTACTS, ["A1", "", None, date(2024, 1, 2), "", "T", "W"]],
                     "List 10 - Adoption": [["Child Unique ID", "Date the Child Entered Care"],
                                            ["B1", date(2020, 1, 1)], ["B2", date(2021, 1, 1)]]})
    p = plan(context, data)
    assert p.ok and set(p.rows.list_no) == {1}
    assert "List 10 (Adoption), sheet 'List 10 - Adoption': 2 rows read, not used." in p.notes


REFUSED = [
    # (sheet rows, the problem's sheet, row, column, words)
    ({"List 4": [["Child Unique ID", "Allocated Team"], ["A1", "T"]]}, "List 4", 1, None,
     "no column for 'Continuous Assessment Start Date'"),
    ({"List 1": [CONTACTS, ["A1", "", None, "31/13/2024", "", "T", "W"]]}, "List 1", 2, "Date of Contact",
     "'31/13/2024' is not a date"),
    ({"List 1": [CONTACTS, ["", "", None, date(2024, 1, 2), "", "T", "W"]]}, "List 1", 2, "Child Unique ID",
     "is empty"),
    ({"List 4": [ASSESSMENTS, ["A1", None, date(2024, 2, 1), date(2024, 1, 31), "T", "W"]]}, "List 4", 2,
     "Continuous Assessment Date of Authorisation", "authorised (31/01/2024) before the assessment started"),
    ({"List 7": [CP, ["A1", None, date(2024, 2, 1), "Neglect", None, date(2024, 1, 31), 0, "T", "W"]]}, "List 7", 2,
     "Child Protection Plan End Date", "ends (31/01/2024) before it starts (01/02/2024)"),
    ({"List 1": [CONTACTS, ["A1", "", None, date(2024, 1, 2), "", "T", "W"],
                 ["A1", "", None, date(2024, 1, 2), "", "T", "W"]]}, "List 1", 3, "Date of Contact",
     "repeats row 2 (same child and start date)"),
    ({"List 7": [CP, ["A1", None, date(2023, 6, 1), "Neglect", None, None, 0, "T", "W"],
                 ["A1", None, date(2024, 1, 1), "Neglect", None, None, 0, "T", "W"]]}, "List 7", 3,
     "Child Protection Plan Start Date", "overlaps the plan on row 2 for the same child"),
    ({"List 1": [CONTACTS, ["A1", "", None, date(2024, 4, 1), "", "T", "W"]]}, "List 1", 2, "Date of Contact",
     "after the extract's as-at date 31/03/2024"),
    ({"List 7": [CP, ["A1", None, date(2024, 1, 1), "Bullying", None, None, 0, "T", "W"]]}, "List 7", 2,
     "Initial Category of Abuse", "'Bullying' is not one of Ofsted's categories"),
]


@pytest.mark.parametrize("sheets, sheet, row, column, words", REFUSED)
def test_each_refusal_names_sheet_row_and_column_and_stores_nothing(store, local, sheets, sheet, row, column,
                                                                    words):
    before = local.batches().to_csv(), local.rows_by_batch().to_csv()
    check = services.check_upload(store, local, ANALYST, workbook(sheets), "annex.xlsx", "332", as_at=AS_AT)
    assert not check.ok
    assert any((p.sheet, p.row, p.column) == (sheet, row, column) and words in p.message for p in check.problems), (
        check.problems)
    with pytest.raises(services.ImportRefused):
        services.import_file(local, check, ANALYST)
    assert (local.batches().to_csv(), local.rows_by_batch().to_csv()) == before


def test_a_bad_date_on_every_row_is_summarised(context):
    data = workbook({"List 1": [CONTACTS, *([f"A{n}", "", None, "soon", "", "T", "W"] for n in range(300))]})
    problems = plan(context, data).problems
    assert len(problems) == 6 and problems[0].row is None and problems[0].message.startswith("300 rows in all")


JANUARY = {"List 4": [ASSESSMENTS, ["A1", None, date(2023, 12, 1), None, "T", "W"],
                      ["A2", None, date(2023, 12, 4), date(2024, 1, 10), "T", "W"]]}
FEBRUARY = {"List 4": [ASSESSMENTS, ["A1", None, date(2023, 12, 1), date(2024, 2, 5), "T", "W"],
                       ["A2", None, date(2023, 12, 4), date(2024, 1, 10), "T", "W"],
                       ["A3", None, date(2024, 2, 1), None, "T", "W"]]}


def test_a_later_extract_replaces_an_earlier_ones_rows_and_undo_brings_them_back(store, local):
    def imported(sheets, as_at):
        check = services.check_upload(store, local, ANALYST, workbook(sheets), f"{as_at}.xlsx", "332", as_at=as_at)
        assert check.ok, check.problems
        return check, services.import_file(local, check, ANALYST)

    january, _ = imported(JANUARY, date(2024, 1, 31))
    assert january.changes[["new", "changed", "unchanged"]].values.tolist() == [[2, 0, 0]]
    february, batch = imported(FEBRUARY, date(2024, 2, 29))
    # A1 is authorised now (changed), A2 is as it was, A3 is new
    assert february.changes[["list_no", "new", "changed", "unchanged"]].values.tolist() == [[4, 1, 1, 1]]
    assert authorised(local) == {"A1": date(2024, 2, 5), "A2": date(2024, 1, 10), "A3": None}
    # the measures stored with the import: A2 authorised in January, A1 in February; every row is February's now,
    # so the months run from September (the five before February's)
    assert completed(local) == (batch, {"2023-09": 0, "2023-10": 0, "2023-11": 0, "2023-12": 0, "2024-01": 1,
                                        "2024-02": 1})
    services.undo_batch(local, batch, ANALYST)
    assert authorised(local) == {"A1": None, "A2": date(2024, 1, 10)}
    assert completed(local) == (batch - 1, {"2023-08": 0, "2023-09": 0, "2023-10": 0, "2023-11": 0, "2023-12": 0,
                                            "2024-01": 1})
    services.undo_batch(local, batch - 1, ANALYST)
    assert local.annex_figures("332").empty


def completed(local) -> tuple[int, dict]:
    """The stored assessments_completed_count by month, and the batch the stored measures are of."""
    found = local.annex_figures("332")
    found = found[found.measure_id == "assessments_completed_count"]
    assert found.team.isna().all() and found.batch_id.nunique() == 1
    return int(found.batch_id.iloc[0]), {f"{m:%Y-%m}": v for m, v in sorted(zip(found.month, found.value))}


def test_a_store_from_before_stored_measures_gets_them_on_opening(store, local, local_location):
    check = services.check_upload(store, local, ANALYST, workbook(JANUARY), "jan.xlsx", "332", as_at=date(2024, 1, 31))
    batch = services.import_file(local, check, ANALYST)
    with local._use(write=True) as con:  # as a store made by the release before: schema version 3, no measures table
        local._run(con, "DROP TABLE annex_measures")
        local._run(con, "DELETE FROM schema_version WHERE version = 4")
    local.close()
    assert completed(LocalStore(local_location)) == (batch, {"2023-08": 0, "2023-09": 0, "2023-10": 0,
                                                             "2023-11": 0, "2023-12": 0, "2024-01": 1})


def authorised(local) -> dict:
    """Each child's assessment authorisation date as the store says now (by the test's clear identifiers)."""
    key = hasher(load_key())  # the services' key, as the import used
    names = {key(f"A{n}"): f"A{n}" for n in range(1, 4)}
    found = local.annex_rows("332")[4]
    return {names[k]: (None if pd.isna(d) else pd.Timestamp(d).date()) for k, d in zip(found.child_key,
                                                                                        found.authorised)}


def test_undoing_a_middle_extract_keeps_the_later_ones_rows(store, local):
    """January, February, March; undo February: A1 as March says, A2 (only in January and February) as January."""
    march = {"List 4": [ASSESSMENTS, ["A1", None, date(2023, 12, 1), date(2024, 3, 4), "T", "W"]]}
    batches = []
    for sheets, as_at in ((JANUARY, date(2024, 1, 31)), (FEBRUARY, date(2024, 2, 29)), (march, date(2024, 3, 31))):
        check = services.check_upload(store, local, ANALYST, workbook(sheets), f"{as_at}.xlsx", "332", as_at=as_at)
        batches.append(services.import_file(local, check, ANALYST))
    services.undo_batch(local, batches[1], ANALYST)
    assert authorised(local) == {"A1": date(2024, 3, 4), "A2": date(2024, 1, 10)}


ONE_ASSESSMENT = ["A1", None, date(2024, 1, 8), date(2024, 2, 1), "T", "W"]


@pytest.mark.parametrize("sheets, stated", [
    # a cover sheet: the label, the date in the next filled cell to its right (a date cell)
    ({"Cover": [["Ofsted Annex A"], ["Date of extract", None, date(2024, 3, 31)]],
      "List 4": [ASSESSMENTS, ONE_ASSESSMENT]}, date(2024, 3, 31)),
    # a list's title row: label and typed date in one cell, after a colon
    ({"List 4": [["Annex A List 4"], ["Extract date: 29/02/2024"], ASSESSMENTS, ONE_ASSESSMENT]}, date(2024, 2, 29)),
    # the date in the cell below its label, with a time of day
    ({"Cover": [["As at"], [datetime(2024, 3, 15, 9, 30)]], "List 4": [ASSESSMENTS, ONE_ASSESSMENT]},
     date(2024, 3, 15)),
])
def test_the_extract_date_the_workbook_states_is_read(context, sheets, stated):
    found = plan(context, workbook(sheets), as_at=None)
    assert found.ok, found.problems
    assert set(found.rows.as_at.dt.date) == {stated}
    assert f"Extract date {stated:%d %b %Y}, as the workbook states." in found.notes


def test_a_given_extract_date_wins_over_the_stated_one_and_none_at_all_is_refused(context):
    stated = workbook({"Cover": [["Date of extract", date(2024, 3, 31)]], "List 4": [ASSESSMENTS, ONE_ASSESSMENT]})
    found = plan(context, stated, as_at=date(2024, 3, 29))
    assert set(found.rows.as_at.dt.date) == {date(2024, 3, 29)}
    assert "Extract date 29 Mar 2024 as given; the workbook states 31 Mar 2024." in found.notes
    # a label with no date beside it, and a date with no label, state nothing
    silent = workbook({"Cover": [["Date of extract", "to follow"], [None, None], [None, date(2024, 3, 31)]],
                       "List 4": [ASSESSMENTS, ONE_ASSESSMENT]})
    refused = plan(context, silent, as_at=None)
    assert not refused.ok and refused.rows.empty
    assert [p.message for p in refused.problems] == [
        "the workbook does not state its extract date (a cell 'Date of extract', 'Extract date' or 'As at' beside "
        "the date): give it (--as-at, or on the Import figures page)"]
