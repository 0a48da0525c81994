"""A workforce census file built to hold Dudley's 2025 return gives Dudley's published 2025 rates (the DfE's
csww_indicators file), by the DfE's definitions; and a bad file is refused naming row and column."""

import csv
import io
from datetime import date
from pathlib import Path

import pandas as pd

from analytics.local.census import plan_census
from analytics.local.files import read_table

HEADER = ["SWENo", "AgencyWorker", "FTE", "OrgRole", "RoleStartDate", "RoleEndDate", "ReasonLeave", "FTE30",
          "Cases30", "WorkingDaysLost", "Absat30Sept", "Team", "NumberOfVacancies"]
CENSUS_DAY = date(2025, 9, 30)
PUBLISHED = Path(__file__).parents[2] / "data" / "dfe" / "csww_indicators_2017_to_2025.csv"


def dudley_2025() -> bytes:
    """144.3 FTE employed in post (143 x 1.0, 0.7, 0.6), 20 of them starting in the year; 24.5 agency FTE;
    50.3 FTE leavers; 31 vacancies; 1,181 cases held by 60.6 FTE; 1,666.2 days lost."""
    rows = []
    for n in range(145):
        fte = 1.0 if n < 143 else (0.7 if n == 143 else 0.6)
        start = "01/03/2025" if n < 20 else "01/01/2015"
        cases = 19 if n < 60 else (41 if n == 144 else 0)
        rows.append([f"SW{n}", 0, fte, 5, start, "", "", fte, cases, 1666.2 if n == 0 else 0, 0, "North",
                     31 if n == 0 else ""])
    for n in range(25):
        fte = 1.0 if n < 24 else 0.5
        rows.append([f"AG{n}", 1, fte, 5, "01/06/2024", "", "", fte, 0, 0, 0, "South", ""])
    for n in range(51):
        fte = 1.0 if n < 50 else 0.3
        rows.append([f"LV{n}", 0, fte, 5, "01/01/2018", "15/02/2025", "RES", "", "", 0, 0, "North", ""])
    # left before the year: not a leaver of 2025
    rows.append(["OLD1", 0, 1.0, 5, "01/01/2010", "30/09/2024", "RET", "", "", 0, 0, "North", ""])
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    return out.getvalue().encode()


def test_dudleys_2025_return_gives_its_published_rates(context):
    plan = plan_census(read_table(dudley_2025(), "census.csv"), context, CENSUS_DAY)
    assert plan.ok, plan.problems
    whole = plan.rows[plan.rows.team.isna()].set_index("measure_id").value
    published = pd.read_csv(PUBLISHED)
    dudley = published[(published.la_name == "Dudley") & (published.time_period == 2025)].iloc[0]
    for measure_id, column in {"sw_turnover_rate": "turnover_rate_fte", "sw_agency_rate": "agency_rate_fte",
                               "sw_vacancy_rate": "vacancy_rate_fte", "sw_caseload": "caseload_fte",
                               "sw_absence_rate": "absence_rate_fte", "sw_fte": "inpost_fte",
                               "sw_leavers_fte": "leavers_fte", "sw_starters_fte": "starters_fte"}.items():
        assert round(whole[measure_id], 1) == float(dudley[column]), measure_id
    # by team: North holds the employed workers and the vacancies, South the agency workers
    north = plan.rows[plan.rows.team == "North"].set_index("measure_id").value
    assert round(north.sw_vacancy_rate, 1) == 17.7 and "sw_agency_rate" in north


def test_a_bad_census_row_is_named(context):
    data = ",".join(HEADER) + "\nSW1,0,1,5,someday,,,1,10,0,0,North,\nSW1,0,1,5,01/01/2020,,,x,10,0,0,North,\n"
    problems = plan_census(read_table(data.encode(), "census.csv"), context, CENSUS_DAY).problems
    assert {(p.row, p.column) for p in problems} == {(2, "RoleStartDate"), (3, "FTE30")}


def test_a_teams_vacancies_repeated_on_each_of_its_rows_count_once(context):
    """Team A's 3 vacancies on both its rows and team B's 1: 4 for the whole service, against 3.0 FTE in post,
    4 / (4 + 3) = 57.1%; team A 3 / (3 + 2) = 60.0%, team B 1 / (1 + 1) = 50.0%."""
    data = ",".join(HEADER) + ("\nSW1,0,1,5,01/01/2020,,,1,10,0,0,A,3\nSW2,0,1,5,01/01/2020,,,1,10,0,0,A,3"
                               "\nSW3,0,1,5,01/01/2020,,,1,10,0,0,B,1\n")
    rows = plan_census(read_table(data.encode(), "census.csv"), context, CENSUS_DAY).rows
    vacancy = rows[rows.measure_id == "sw_vacancy_rate"]
    assert dict(zip(vacancy.team.fillna("whole"), vacancy.value.round(1))) == {"whole": 57.1, "A": 60.0, "B": 50.0}
    differing = data.replace("A,3\nSW3", "A,2\nSW3")
    problems = plan_census(read_table(differing.encode(), "census.csv"), context, CENSUS_DAY).problems
    assert [(p.row, p.column, p.message) for p in problems] == [
        (3, "NumberOfVacancies", "2 differs from 3 on row 2 for the same team: give a team's vacancies once, or the "
                                 "same figure on each of its rows")]


def test_a_worker_listed_twice_is_refused(context):
    data = ",".join(HEADER) + "\nSW1,0,1,5,01/01/2020,,,1,10,0,0,North,\nSW1,0,1,5,01/01/2020,,,1,10,0,0,North,\n"
    problems = plan_census(read_table(data.encode(), "census.csv"), context, CENSUS_DAY).problems
    assert [(p.row, p.column, p.message) for p in problems] == [
        (3, "SWENo", "repeats row 2 (same SWENo and role start date)")]


def test_a_30_september_census_sits_beside_the_published_figures_for_that_year(store, local):
    """Dudley's return as the file above: its rates agree with the published 2025 ones to rounding (turnover
    34.9, agency 14.5, vacancy 17.7, caseload 19.5, absence 4.6); with 32 vacancies instead of 31 the vacancy
    rate is 32 / (32 + 144.3) = 18.2%, flagged beside the published 17.7%."""
    from analytics import services
    from analytics.access import User
    from analytics.local.figures import census_comparison

    analyst = User("ana@council.test", "analyst", "Ana")
    check = services.check_upload(store, local, analyst, dudley_2025(), "census.csv", "332", as_at=CENSUS_DAY)
    batch = services.import_file(local, check, analyst)
    found = census_comparison(local, store, "332").set_index("measure_id")
    assert dict(found.published) == {"sw_absence_rate": 4.6, "sw_agency_rate": 14.5, "sw_caseload": 19.5,
                                     "sw_turnover_rate": 34.9, "sw_vacancy_rate": 17.7}
    assert not found.differs.any() and set(found.month.map(lambda m: f"{m:%Y-%m}")) == {"2025-09"}
    services.undo_batch(local, batch, analyst)
    assert census_comparison(local, store, "332").empty
    more = dudley_2025().replace(b",North,31\r\n", b",North,32\r\n")
    check = services.check_upload(store, local, analyst, more, "census b.csv", "332", as_at=CENSUS_DAY)
    services.import_file(local, check, analyst)
    found = census_comparison(local, store, "332").set_index("measure_id")
    assert round(found.own.sw_vacancy_rate, 1) == 18.2
    assert found.differs[found.differs].index.tolist() == ["sw_vacancy_rate"]


def test_a_census_file_without_its_date_is_refused(store, local):
    """A census file states no date, and taking it as today would file a 30 September return under the wrong
    month: without --as-at (or the page's date) it is refused, and nothing is stored."""
    from analytics import services
    from analytics.access import User

    check = services.check_upload(store, local, User("ana@council.test", "analyst", "Ana"), dudley_2025(),
                                  "census.csv", "332")
    assert not check.ok
    assert [str(p) for p in check.plan.problems] == [
        "a census file does not say the day its figures are as at: give it (--as-at, or the date box on the Import "
        "figures page), e.g. 30 September 2025 for that year's DfE return"]
    assert local.batches().empty
