"""The council's-own-figures pages on the labelled demo a new installation starts with, and the import flow."""

from analytics.ui.blocks import table_key
from tests.pages.conftest import open_app, tables, texts

GOOD = b"month,measure,value\n2024-01,mash_decisions_1wd_pct,81.5\n2024-02,mash_decisions_1wd_pct,84\n"
BAD = (b"month,measure,value\n2024-01,mash_decisions_1wd_pct,181.5\n2024-13,mash_decisions_1wd_pct,84\n"
       b"2024-03,case_supervison_pct,70\n")


def warnings(at) -> str:
    return " ".join(w.value for w in at.warning)


def test_workforce_board_shows_teams_spc_and_the_synthetic_label():
    at = open_app("pages/workforce_board.py", la="332")
    assert "SYNTHETIC demo data" in warnings(at)
    # the board opens on the latest month of the council's figures, and says they are out of date
    assert at.selectbox(key="board_month").value.isoformat() == "2024-01-01"
    assert "run to **January 2024**, so the board opens on that month. They are **out of date: " in warnings(at)
    teams = next(t for t in tables(at) if "Team" in t.columns)
    assert teams.Team.iloc[-1] == "All teams" and len(teams) == 7
    # the demo's synthetic census beside Dudley's published 2023 figures, labelled as the demo
    census = next(t for t in tables(at) if "Own (census file)" in t.columns)
    assert census.shape[0] == 5 and (census["Differs by more than rounding"] != "").any()
    assert len(at.get("plotly_chart")) == 2


def test_workforce_board_for_an_la_without_figures_says_how_to_add_them():
    at = open_app("pages/workforce_board.py", la="420")
    advice = next(i.value for i in at.info if "no establishment figures for Isles of Scilly" in i.value)
    assert "*Import figures* (under *Council's own figures* in the navigation)" in advice
    # not an empty box: the published workforce context is shown meanwhile
    assert len(at.get("plotly_chart")) == 1
    assert "Published workforce figures (annual, at 30 September)" in [s.value for s in at.subheader]


def test_improvement_plan_for_an_la_without_targets_says_how_to_set_them_and_shows_the_published_figures():
    at = open_app("pages/improvement_plan.py", la="420")
    advice = next(i.value for i in at.info if i.value.startswith("No targets are set for Isles of Scilly"))
    assert "switch on *Edit the targets* at the bottom of this page" in advice  # local mode: an analyst
    assert len(at.get("plotly_chart")) == 1


def test_improvement_plan_reads_the_transcribed_figures_and_targets():
    at = open_app("pages/improvement_plan.py", la="332")
    assert "transcribed from its published improvement plan" in warnings(at)
    status = tables(at)[0].set_index("Measure")
    # Dudley's improvement plan: 47% of assessments authorised within 45 days in January 2021 (109 of 232)
    # the demo's figures are years old: each latest figure says it is out of date (more than 3 months behind the
    # latest complete month)
    assessments = "Assessments completed within 45 working days (%)"
    assert status.at[assessments, "Latest"].startswith("47.0% (Jan 2021, out of date: ")
    assert status.at[assessments, "Final target"] == "85.0% by Aug 2021"
    core_groups = "Child protection core groups held within timescale (%)"
    assert status.at[core_groups, "Latest"].startswith("86.6% (Jan 2021, out of date: ")
    # its trend to January 2021 pointed to April 2021, long past: not put as if still ahead
    assert status.at[core_groups, "Outlook"] == ("the trend to Jan 2021 pointed to reaching the target in Apr 2021, "
                                                 "but there is no figure since Jan 2021; at this level of variation it "
                                                 "will meet the target in some months and miss it in others")
    # caseload: the synthetic establishment file's 36 months outnumber the one transcribed figure (24.1, Dec 2020);
    # January 2024, all six teams: 2,659 cases / 147.4 case-holding FTE = 18.04
    assert status.at["Average caseload per social worker (FTE)", "Latest"].startswith("18.0 (Jan 2024, out of date")
    assert status.at["Average caseload per social worker (FTE)", "Final target"] == "18.0 (standing)"
    # the decisive columns come before the owner, so they are in view at a laptop's width
    columns = list(status.reset_index().columns)
    assert columns.index("RAG") < columns.index("Outlook") < columns.index("Owner")


def test_improvement_plan_priority_area_chart_and_saving_targets():
    at = open_app("pages/improvement_plan.py", la="332")
    at.selectbox(key="plan_area").set_value("9. Supervision, quality assurance and senior management oversight")
    at.run()
    assert len(at.get("plotly_chart")) == 2  # case supervision and caseload
    at.toggle(key="edit_targets").set_value(True).run()
    at.button(key="targets_save").click().run()
    assert not at.exception
    assert any(s.value.startswith("Targets saved as batch") for s in at.success)


def test_practice_page_counts_nine_months_from_the_plan_list():
    at = open_app("pages/practice.py", la="332")
    at.segmented_control(key="practice_view").set_value("9 months or longer: the council's own count").run()
    assert "SYNTHETIC demo data" in warnings(at)
    assert any(m.label == "On a plan 9 months or longer" for m in at.metric)
    like = [t for t in tables(at) if "At 31 March" in t.columns]
    assert like and "Dudley: published" in like[0].columns
    # published D5 for Dudley at 31 March 2022: 1 year or more = 5.5% + 4.5%
    assert like[0].set_index("At 31 March").at["2021-22", "Dudley: published"] == "10.0%"


def test_import_a_good_file_then_undo_it():
    at = open_app("pages/data.py", la="332")
    at.file_uploader[0].set_value(("mash.csv", GOOD, "text/csv")).run()
    assert not at.exception
    assert "monthly figures, long layout · 2 rows read" in texts(at)
    at.button(key="import_button").click().run()
    done = [s.value for s in at.success]
    assert done and done[0].startswith("Imported mash.csv as batch")
    batch = int(done[0].split("batch ")[1].split(" ")[0])
    at.selectbox(key="undo_batch").set_value(batch)
    at.checkbox(key="undo_sure").check()
    at.run()
    at.button(key="undo_button").click().run()
    assert any(f"Batch {batch} undone" in s.value for s in at.success)


def test_a_bad_file_is_refused_with_every_problem_by_row_and_column():
    at = open_app("pages/data.py", la="332")
    before = at.dataframe[0].value.copy()  # the imported-files table
    # the demo's files, each kind in words
    assert set(before.Kind) == {"Monthly figures", "Targets and trajectories", "Establishment (team workforce) figures",
                                "Child protection plan list (one row per plan)",
                                "Ofsted Annex A workbook (lists 1 and 3 to 9 stored)"}
    at.file_uploader[0].set_value(("bad.csv", BAD, "text/csv")).run()
    assert not at.exception
    assert any("Nothing was imported: " in e.value for e in at.error)
    problems = next(d.value for d in at.dataframe if list(d.value.columns) == ["Row", "Column", "Problem"])
    found = set(zip(problems.Row, problems.Column))
    assert (2, "value") in found and (3, "month") in found and (4, "measure") in found
    assert not [b for b in at.button if b.key == "import_button"]
    after = next(d.value for d in at.dataframe if "Batch" in d.value.columns)
    assert after.equals(before) or len(after) == len(before)


def test_an_unreadable_file_gets_a_clear_message():
    at = open_app("pages/data.py", la="332")
    at.file_uploader[0].set_value(("photo.csv", bytes(range(256)) * 8, "text/csv")).run()
    assert not at.exception
    assert any("photo.csv** cannot be read" in e.value for e in at.error)


def test_monthly_charts_have_their_figures_as_a_table():
    at = open_app("pages/workforce_board.py", la="332")
    labels = [e.label for e in at.expander]
    assert "Table and download: monthly workforce figures" in labels
    assert not [d for d in at.dataframe if "SPC reading" in d.value.columns]  # drawn only once opened
    at.session_state[table_key("board_monthly")] = True
    at.run()
    monthly = next(d.value for d in at.dataframe if "SPC reading" in d.value.columns)
    # synthetic establishment, January 2024, all six teams: vacant 27.2 FTE of 27.2 + 152.8 = 15.1%
    january = monthly[(monthly.Measure == "Social worker vacancy rate (FTE)")
                      & (monthly.Month.astype(str) == "2024-01-01")]
    assert round(float(january.Figure.iloc[0]), 1) == 15.1


def annex_workbook(stated=None) -> bytes:
    """Two assessments on List 4; `stated`: the extract date a cover sheet states, if any."""
    from datetime import date

    from tests.annex_books import ASSESSMENTS, workbook

    cover = {"Cover": [["Date of extract", stated]]} if stated else {}
    return workbook({**cover, "List 4 - Assessments": [
        ASSESSMENTS, ["N1", None, date(2024, 11, 11), date(2025, 1, 16), "East", "Jo"],
        ["N2", None, date(2024, 11, 11), None, "East", "Jo"]]})


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_an_annex_a_workbook_is_checked_as_at_its_date_and_imported():
    from datetime import date

    at = open_app("pages/data.py", la="332")
    at.date_input(key="upload_as_at").set_value(date(2025, 1, 31))
    at.file_uploader[0].set_value(("annex a.xlsx", annex_workbook(), XLSX)).run()
    assert not at.exception
    assert "Ofsted Annex A workbook (lists 1 and 3 to 9 stored) · 2 rows read" in texts(at)
    changes = next(d.value for d in at.dataframe if "New rows" in d.value.columns)
    assert changes[["List", "New rows", "Changed rows"]].values.tolist() == [["List 4: Assessments", 2, 0]]
    at.button(key="import_button").click().run()
    assert any(s.value.startswith("Imported annex a.xlsx as batch") for s in at.success)
    # the held-figures table reads as people write: labels and months, not ids and timestamps
    held = next(d.value for d in at.dataframe if "From" in d.value.columns)
    assert "Contacts decided within one working day (%)" in held.Measure.tolist() and "Nov 2020" in held.From.tolist()


def test_with_no_date_given_the_page_reads_a_workbook_as_at_the_date_it_states():
    from datetime import date

    stated = annex_workbook(date(2025, 1, 31))
    at = open_app("pages/data.py", la="332")
    assert at.date_input(key="upload_as_at").value is None
    at.file_uploader[0].set_value(("stated.xlsx", stated, XLSX)).run()
    assert not at.exception
    assert "Extract date 31 Jan 2025, as the workbook states." in [i.value for i in at.info]
    assert "(extract as at the date the workbook states)" in texts(at)


def test_a_refused_workbook_names_the_sheet():
    from datetime import date

    at = open_app("pages/data.py", la="332")
    at.date_input(key="upload_as_at").set_value(date(2024, 12, 31))  # before the authorisation on 16 Jan 2025
    at.file_uploader[0].set_value(("annex a.xlsx", annex_workbook(), XLSX)).run()
    problems = next(d.value for d in at.dataframe if "Sheet" in d.value.columns)
    assert problems[["Sheet", "Row", "Column"]].values.tolist()[0] == [
        "List 4 - Assessments", 2, "Continuous Assessment Date of Authorisation"]
    assert not [b for b in at.button if b.key == "import_button"]


def test_downloads_are_rounded_as_shown_with_their_unit():
    at = open_app("pages/workforce_board.py", la="332")
    at.session_state[table_key("board_monthly")] = True
    at.run()
    monthly = next(d.value for d in at.dataframe if "Lower process limit" in d.value.columns)
    assert set(monthly.Unit) >= {"Vacancy rate (%)", "Cases per case-holding FTE"}
    for column in ("Figure", "Mean", "Lower process limit", "Upper process limit"):
        assert all(round(v, 1) == v for v in monthly[column].dropna()), column  # no 13.520000000000001
    trends = open_app("pages/workforce.py", la="332")
    trends.session_state[table_key("workforce_trends")] = True
    trends.run()
    published = next(d.value for d in trends.dataframe if "Unit" in d.value.columns and "Measure" in d.value.columns)
    assert all(round(v, 1) == v for v in published["Dudley"].dropna())


def test_workforce_board_puts_a_30_september_census_beside_the_published_figures():
    """Dudley's return (tests/local/test_census.py) imported for Walsall: its own rates beside Walsall's published
    2025 ones (vacancy 17.7% against 8.0%, flagged)."""
    from datetime import date

    from tests.local.test_census import dudley_2025

    at = open_app("pages/data.py", la="335")
    at.date_input(key="upload_as_at").set_value(date(2025, 9, 30))
    at.file_uploader[0].set_value(("census.csv", dudley_2025(), "text/csv")).run()
    at.button(key="import_button").click().run()
    assert any(s.value.startswith("Imported census.csv as batch") for s in at.success)
    board = open_app("pages/workforce_board.py", la="335")
    assert "The council's census files beside its published figures (at 30 September)" in [
        s.value for s in board.subheader]
    table = next(t for t in tables(board) if "Own (census file)" in t.columns)
    assert set(table.At) == {"30 September 2025"} and len(table) == 5
    vacancy = table[table.Measure.str.contains("acanc")].iloc[0]
    assert (vacancy["Published"], vacancy["Differs by more than rounding"]) == ("8.0%", "yes: check the data")
