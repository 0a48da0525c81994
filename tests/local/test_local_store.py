"""The local store, on both backends: one transaction per import, re-imports confirmed, clashes refused, undo
reversible."""

import duckdb
import pandas as pd
import psycopg
import pytest

from analytics.local.files import read_table, table_from_frame
from analytics.local.importer import plan_import
from analytics.local.store import AlreadyImported, ImportRefused

TARGETS_V1 = "Measure,Target date,Value,Tolerance\nsw_caseload,,18,1\n"
TARGETS_V2 = "Measure,Target date,Value,Tolerance\nsw_caseload,,17,1\nsw_vacancy_rate,2024-03,15,2\n"


def plan(context, text, name="f.csv"):
    return plan_import(read_table(text.encode(), name), context)


def contents(local) -> dict[str, str]:
    """Everything a test here can change, as text: batches, rows per batch (orphans too), figures, targets and
    declared measures."""
    return {"batches": local.batches().to_csv(), "rows": local.rows_by_batch().to_csv(),
            "figures": local.observations("332", ["sw_caseload"]).to_csv(), "targets": local.targets("332").to_csv(),
            "declared": local.declared_measures().to_csv()}


def test_an_import_that_fails_inside_its_transaction_leaves_what_was_there(local, context):
    local.apply(plan(context, "month,measure,value\n2023-01,sw_caseload,20\n"))
    before = contents(local)
    broken = plan(context, "month,measure,value\n2023-02,sw_caseload,21\n2023-03,sw_caseload,22\n")
    # a value with no figure and no reason breaks the table's CHECK on the second row, after the batch row is in
    broken.rows.loc[1, ["value", "status"]] = [float("nan"), None]
    with pytest.raises((duckdb.ConstraintException, psycopg.errors.CheckViolation)):
        local.apply(broken)
    assert contents(local) == before


def test_reimporting_the_same_file_needs_confirmation(local, context):
    first = local.apply(plan(context, TARGETS_V1, "targets.csv"))
    with pytest.raises(AlreadyImported, match=f"already imported as batch {first}"):
        local.apply(plan(context, TARGETS_V1, "targets again.csv"))
    second = local.apply(plan(context, TARGETS_V1, "targets again.csv"), confirm_reimport=True)
    assert second == first + 1


def test_figures_for_months_another_batch_holds_are_refused(local, context):
    first = local.apply(plan(context, "month,measure,value\n2023-01,sw_caseload,20\n2023-02,sw_caseload,21\n",
                             "january.csv"))
    before = contents(local)
    overlapping = plan(context, "month,measure,value\n2023-03,sw_caseload,22\n2023-02,sw_caseload,23\n")
    with pytest.raises(ImportRefused) as refused:
        local.apply(overlapping)
    assert [(p.row, p.column) for p in refused.value.problems] == [(3, "month")]
    assert f"already stored by batch {first} (january.csv)" in refused.value.problems[0].message
    assert contents(local) == before
    # the same month for another team is a different figure
    local.apply(plan(context, "month,measure,value,team\n2023-02,sw_caseload,23,MASH\n"))


def test_check_reports_clashes_and_earlier_imports_without_writing(local, context):
    text = "month,measure,value\n2023-01,sw_caseload,20\n"
    local.apply(plan(context, text))
    before = contents(local)
    problems, previous = local.check(plan(context, text))
    assert [p.row for p in problems] == [2] and len(previous) == 1
    assert contents(local) == before


def test_undo_takes_figures_out_and_brings_back_the_previous_target_table(local, context):
    figures = local.apply(plan(context, "month,measure,value\n2023-01,sw_caseload,20\n"))
    local.apply(plan(context, TARGETS_V1))
    newer = local.apply(plan(context, TARGETS_V2))
    assert local.targets("332")[["measure_id", "value"]].values.tolist() == [["sw_caseload", 17.0],
                                                                            ["sw_vacancy_rate", 15.0]]
    local.undo(newer, who="tester")
    assert local.targets("332")[["measure_id", "value"]].values.tolist() == [["sw_caseload", 18.0]]
    local.undo(figures)
    assert local.observations("332", ["sw_caseload"]).empty
    batches = local.batches().set_index("batch_id")
    assert batches.at[newer, "undone_by"] == "tester" and batches.undone_at.notna().sum() == 2
    with pytest.raises(KeyError):
        local.undo(figures)
    # once undone, the same months can be imported again
    local.apply(plan(context, "month,measure,value\n2023-01,sw_caseload,19\n"))
    assert local.observations("332", ["sw_caseload"]).value.tolist() == [19.0]


def test_a_target_table_edited_on_a_page_is_checked_and_stored_like_a_file(local, context):
    local.apply(plan(context, TARGETS_V1))
    edited = local.targets("332")[["measure_id", "target_date", "value", "tolerance"]]
    edited.loc[len(edited)] = ["sw_vacancy_rate", pd.Timestamp("2024-03-01"), 150.0, 2.0]
    bad = plan_import(table_from_frame(edited, "edited targets"), context)
    assert [(p.row, p.column) for p in bad.problems] == [(3, "value")]
    edited.loc[1, "value"] = 15.0
    local.apply(plan_import(table_from_frame(edited, "edited targets"), context), who="editor")
    assert local.targets("332")[["measure_id", "value"]].values.tolist() == [["sw_caseload", 18.0],
                                                                            ["sw_vacancy_rate", 15.0]]
