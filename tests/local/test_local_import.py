"""Importing the council's own figures: every bad input is refused naming its row (as in Excel) and column,
and the local store is left exactly as it was."""

import io
from datetime import date

import openpyxl
import pytest

from analytics.local.catalogue import MeasureDeclaration
from analytics.local.files import UnreadableFile, read_table
from analytics.local.importer import plan_import
from analytics.local.store import ImportRefused

GOOD = "month,measure,value\n2023-01,sw_caseload,20.5\n"


@pytest.fixture
def local_location(tmp_path) -> str:
    """What a file holds is worked out before the store is touched: these tests need one backend only
    (tests/local/test_local_store.py runs the store's own tests on both)."""
    return str(tmp_path / "local.duckdb")


def snapshot(local) -> dict:
    """Every batch and the rows each table holds for it: a refused import must leave both as they were."""
    return {"batches": local.batches().to_csv(), "rows": local.rows_by_batch().to_csv()}


@pytest.fixture
def seeded(local, context):
    """A store that already holds one batch, so 'unchanged' means something."""
    local.apply(plan_import(read_table(GOOD.encode(), "good.csv"), context))
    return local


def refused(local, context, data, kind=None, name="figures.csv") -> list[tuple[int | None, str | None, str]]:
    """Try to import `data`; assert nothing in the store changed; return the problems as (row, column, message)."""
    before = snapshot(local)
    data = data.encode() if isinstance(data, str) else data
    try:
        raw = read_table(data, name)
    except UnreadableFile as exc:
        problems = [(exc.row, exc.column, exc.problem)]
    else:
        plan = plan_import(raw, context, kind)
        problems = [(p.row, p.column, p.message) for p in plan.problems]
        with pytest.raises(ImportRefused):
            local.apply(plan)
    assert snapshot(local) == before
    assert problems, "expected the file to be refused"
    return problems


def where(problems) -> set[tuple[int | None, str | None]]:
    return {(row, column) for row, column, _ in problems}


MONTHLY = [  # (file, row, column, words of the message)
    ("month,measure,value\n2023-01,sw_vacancy_rate,18\n2023-02,sw_vacancy_rate,118\n", 3, "value",
     "118 is outside 0 to 100"),
    ("month,measure,value\n2023-01,sw_vacancy_rate,-2%\n", 2, "value", "-2 is outside 0 to 100"),
    ("month,measure,value\n2023-01,cpp_open_count,-3\n", 2, "value", "-3 is negative"),
    ("month,measure,value,numerator,denominator\n2023-01,assessments_45d_pct,,160,151\n", 2, "numerator",
     "numerator 160 is above the denominator 151"),
    ("month,measure,value,numerator,denominator\n2023-01,assessments_45d_pct,60,76,151\n", 2, "value",
     "does not match numerator/denominator (76/151 = 50.3%)"),
    ("Month,Measure,Value,Team\n2023-01,sw_caseload,20,MASH\n2023-01,sw_caseload,21,Duty\n"
     "2023-01,sw_caseload,22,MASH\n", 4, "Month", "repeats row 2 (same month, measure and team)"),
    ("month,measure,value\n2024-06,sw_caseload,20\n2024-07,sw_caseload,20\n", 3, "month", "Jul 2024 is in the future"),
    ("month,measure,value\n2023-13,sw_caseload,20\n", 2, "month", "'2023-13' is not a month"),
    ("month,measure,value\n2023-01,sw_caseload,twenty\n", 2, "value", "'twenty' is not a number"),
    ("month,measure,value\n2023-01,sw_caseload,20\n2023-02,vacancy rat,17\n", 3, "measure",
     "unknown measure 'vacancy rat'; closest: sw_vacancy_rate"),
    ("Month,Vacancy rate,Contacts made\nJan-23,18,1035\n", 1, "Contacts made", "unknown measure 'Contacts made'"),
    ("Month,Vacancy rate\nJan-23,180\n", 2, "Vacancy rate", "180 is outside 0 to 100"),
]
def test_every_failure_is_reported_at_once(seeded, context):
    problems = refused(seeded, context, "month,measure,value\n2023-01,sw_vacancy_rate,118\n"
                                        "2099-01,cpp_open_count,-1\nfoo,nonsense,1\n")
    assert where(problems) == {(2, "value"), (3, "month"), (3, "value"), (4, "month"), (4, "measure")}


def test_unknown_measure_offers_closest_catalogue_ids(context):
    plan = plan_import(read_table(b"month,measure,value\n2023-01,sw turnover,19\n", "f.csv"), context)
    unknown = plan.unknown_measures[0]
    assert (unknown.name, unknown.rows) == ("sw turnover", [2])
    assert unknown.suggestions[0].startswith("sw_turnover_rate")


@pytest.mark.parametrize(("data", "row", "column", "words"), [
    (b"", None, None, "the file is empty"),
    (b"\r\n  \r\n", None, None, "the file is empty"),
    (b"month,measure,value\n", None, None, "header row but no data rows"),
    # Windows-1252 e-acute in the team of the second data row
    (b"month,team,measure,value\n2023-01,MASH,sw_caseload,20\n2023-01,Caf\xe9,sw_caseload,20\n", 3, "team",
     "byte 0xe9 is not UTF-8"),
    (b"month measure value\n2023-01 sw_caseload 20\n", 1, None, "only one column"),
    (b"month,measure,value\n2023-01,sw_caseload,18,5\n", 2, "column 4", "a comma inside a value needs"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None, None, "this is a PNG image"),
    (b"PK\x03\x04 not really a workbook", None, None, "cannot be opened"),
    (b"month,measure\x00\x01\x02\x03", None, None, "binary file"),
])
def test_unreadable_files_are_refused_with_row_and_column(seeded, context, data, row, column, words):
    problems = refused(seeded, context, data)
    assert problems[0][:2] == (row, column) and words in problems[0][2], problems


def test_long_layout_with_tolerant_headers_codes_and_percent_signs(local, context):
    text = ("  MONTH , Measure ID,Value,Numerator,Denominator,Team\n"
            "Jan-23,Vacancy rate,18%,,,\n"
            "February 2023,sw_vacancy_rate,c,,,\n"
            "01/12/2020,assessments_45d_pct,,76,151,\n"
            "2021-01,assessments_45d_pct,40,,,MASH\n")
    plan = plan_import(read_table(text.encode(), "f.csv"), context)
    assert plan.ok and (plan.kind, plan.layout) == ("monthly", "long")
    local.apply(plan)
    whole = local.observations("332", ["sw_vacancy_rate", "assessments_45d_pct"])
    rows = {(r.measure_id, r.month.date()): r for r in whole.itertuples()}
    assert rows["sw_vacancy_rate", date(2023, 1, 1)].value == 18.0
    suppressed = rows["sw_vacancy_rate", date(2023, 2, 1)]
    assert suppressed.value != suppressed.value and suppressed.status == "c"  # missing with its reason, not 0
    assert rows["assessments_45d_pct", date(2020, 12, 1)].value == pytest.approx(50.33113, abs=1e-5)
    teams = local.observations("332", ["assessments_45d_pct"], by_team=True)
    assert teams[["team", "value"]].values.tolist() == [["MASH", 40.0]]


def test_wide_layout_semicolons_and_decimal_commas(context):
    text = "Month;Vacancy Rate (%);Caseload;Team\nJan-23;18,5;24,1;\nFeb-23;19;;Duty\n"
    plan = plan_import(read_table(text.encode(), "f.csv"), context)
    assert plan.ok and plan.layout == "wide"
    teams = [t if isinstance(t, str) else None for t in plan.rows.team]
    got = sorted(zip(plan.rows.measure_id, plan.rows.month, teams, plan.rows.value))
    # the blank caseload cell for February is no figure, not a missing one
    assert got == [("sw_caseload", date(2023, 1, 1), None, 24.1), ("sw_vacancy_rate", date(2023, 1, 1), None, 18.5),
                   ("sw_vacancy_rate", date(2023, 2, 1), "Duty", 19.0)]


def test_excel_workbook_with_date_cells_and_fractions(context):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Month", "Vacancy rate"])
    sheet.append([date(2023, 1, 1), 0.18])
    sheet.append([date(2023, 2, 1), 0.2])
    buffer = io.BytesIO()
    book.save(buffer)
    plan = plan_import(read_table(buffer.getvalue(), "workforce.xlsx"), context)
    assert plan.ok and list(plan.rows.month) == [date(2023, 1, 1), date(2023, 2, 1)]
    assert any("between 0 and 1" in note for note in plan.notes)


def test_excel_problem_names_the_sheet_row(seeded, context):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Month", "Measure", "Value"])
    sheet.append(["Jan-23", "sw_caseload", 20])
    sheet.append(["Feb-23", "sw_caseload", -4])
    buffer = io.BytesIO()
    book.save(buffer)
    assert where(refused(seeded, context, buffer.getvalue(), name="f.xlsx")) == {(3, "Value")}


def test_a_declared_local_measure_is_created_with_the_import(local, context):
    declaration = MeasureDeclaration("Contacts received", "mash_contacts_count", "Contacts received by the MASH",
                                     "count", "neither")
    raw = read_table(b"month,measure,value\n2021-01,Contacts received,1035\n", "f.csv")
    plan = plan_import(raw, context, declarations=[declaration])
    assert plan.ok
    local.apply(plan)
    assert local.declared_measures()[["id", "unit", "polarity"]].values.tolist() == [
        ["mash_contacts_count", "count", "neither"]]
    assert local.observations("332", ["mash_contacts_count"]).value.tolist() == [1035.0]


def test_a_bad_declaration_is_a_problem(context):
    declaration = MeasureDeclaration("Contacts", "Contacts!", "", "people", "up")
    plan = plan_import(read_table(b"month,measure,value\n2021-01,Contacts,1\n", "f.csv"), context,
                       declarations=[declaration])
    assert len([p for p in plan.problems if p.column == "Contacts" and p.row == 1]) == 4
    taken = MeasureDeclaration("Contacts", "sw_caseload", "Contacts", "count", "neither")
    plan = plan_import(read_table(b"month,measure,value\n2021-01,Contacts,1\n", "f.csv"), context,
                       declarations=[taken])
    assert any("'sw_caseload' is already in the catalogue" in p.message for p in plan.problems)


def under(header: str, cases: list[tuple]) -> list[tuple]:
    """Cases written as data rows, each put under `header`."""
    return [(header + rows, *expected) for rows, *expected in cases]


CP_HEADER = "Child ID,CP plan start date,CP plan end date,Category of abuse,Date of birth\n"
CP_PLANS = under(CP_HEADER, [
    ("A1,01/04/2023,01/03/2023,Neglect,01/01/2015\n", 2, "CP plan end date", "ends (01/03/2023) before it starts"),
    ("A1,01/04/2023,,Neglect,\nA1,01/05/2023,,Neglect,\n", 3, "CP plan start date", "overlaps the plan on row 2"),
    ("A1,01/07/2024,,Neglect,\n", 2, "CP plan start date", "starts in the future"),
    ("A1,01/04/2023,,Bullying,\n", 2, "Category of abuse", "'Bullying' is not a category of abuse"),
    (",01/04/2023,,Neglect,\n", 2, "Child ID", "is empty"),
    ("A1,2023-04,,Neglect,\n", 2, "CP plan start date", "'2023-04' is not a date"),
    ("A1,01/04/2023,,Neglect,\nA1,01/04/2023,01/05/2023,Neglect,\n", 3, "CP plan start date", "repeats row 2"),
])


def test_child_identifiers_are_never_kept_in_clear(local, context):
    plan = plan_import(read_table((CP_HEADER + "SECRET-77,01/04/2023,,Neglect,01/01/2015\n").encode(), "cp.csv"),
                       context)
    assert plan.ok and any("Date of birth" in note for note in plan.notes)
    local.apply(plan)
    stored = local.cp_plans("332").to_csv()
    assert "SECRET-77" not in stored and "2015" not in stored
    assert "SECRET-77" not in plan.preview().to_csv()


ESTABLISHMENT = under("Month,Team,Posts FTE,Permanent FTE,Agency FTE,Vacant FTE,Starters,Leavers,Case holders FTE,"
                      "Cases\n", [
    ("2023-01,MASH,20,22,0,0,0,0,20,300\n", 2, "Permanent FTE", "22 FTE is more than the 20 FTE posts"),
    ("2023-01,MASH,20,15,-1,5,0,0,14,300\n", 2, "Agency FTE", "-1 FTE is negative"),
    ("2023-01,MASH,20,15,3,5,0,0,17,300\n2023-01,MASH,20,15,3,5,0,0,17,300\n", 3, "Month", "repeats row 2"),
    ("2024-08,MASH,20,15,3,5,0,0,17,300\n", 2, "Month", "Aug 2024 is in the future"),
])


TARGETS = under("Measure,Target date,Value,Tolerance\n", [
    ("mash_decisions_1wd_pct,Feb-21,120,5\n", 2, "Value", "120 is outside 0 to 100"),
    ("mash_decisions_1wd_pct,Feb-21,80,-5\n", 2, "Tolerance", "tolerance -5 is negative"),
    ("mash_decisions_1wd_pct,Feb-21,,5\n", 2, "Value", "is empty"),
    ("sw_caseload,,18,1\nsw_caseload,,17,1\n", 3, "Measure", "repeats row 2 (same measure and date)"),
])


@pytest.mark.parametrize(("text", "row", "column", "words"), MONTHLY + CP_PLANS + ESTABLISHMENT + TARGETS)
def test_bad_files_are_refused_with_row_and_column(seeded, context, text, row, column, words):
    problems = refused(seeded, context, text)
    assert any(r == row and c == column and words in m for r, c, m in problems), problems


def test_kind_that_cannot_be_told_from_headers_must_be_chosen(seeded, context):
    problems = refused(seeded, context, "foo,bar\n1,2\n")
    assert problems[0][0] == 1 and "cannot tell what this file holds" in problems[0][2]


def test_a_file_longer_than_one_import_takes_is_refused_before_its_cells_are_read(monkeypatch):
    """With the limit at 3 rows: a header and 3 rows are read; a header and 4 rows (CSV or spreadsheet) are not."""
    import io

    from openpyxl import Workbook

    from analytics.local import files

    monkeypatch.setattr(files, "MAX_ROWS", 3)
    rows = ["month,measure,value"] + [f"2024-0{n},contacts_count,{n}" for n in range(1, 5)]
    assert len(files.read_table(("\n".join(rows[:4]) + "\n").encode(), "ok.csv").rows) == 3
    message = ("the file has 5 rows with its header; one import takes at most 3 rows (a council's monthly, "
               "establishment or census figures are far fewer): split it into several files, by year or by measure")
    with pytest.raises(files.UnreadableFile) as refused:
        files.read_table(("\n".join(rows) + "\n").encode(), "long.csv")
    assert str(refused.value) == message
    book = Workbook()
    for row in rows:
        book.active.append(row.split(","))
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(files.UnreadableFile) as refused:
        files.read_table(out.getvalue(), "long.xlsx")
    assert str(refused.value) == message
