"""Every choice that changes a view is kept in the link: a page opened from a URL shows the same measure, year,
view and month, and a change of choice is written back to the URL (selection.PAGE_PARAMS)."""

from datetime import date

from tests.pages.conftest import open_app, texts


def test_the_workforce_pages_measure_year_and_view_round_trip_through_the_link():
    at = open_app("pages/workforce.py", la="332", model="2021", workforce_measure="sw_turnover_rate",
                  workforce_year="2023")
    assert at.selectbox(key="workforce_measure").value == "sw_turnover_rate"
    assert at.selectbox(key="workforce_year").value == 2023
    assert "**Sep 2023**: Dudley ranks" in texts(at)
    at.selectbox(key="workforce_measure").set_value("sw_agency_rate").run()
    at.selectbox(key="workforce_year").set_value(None).run()
    assert (at.query_params["workforce_measure"], at.query_params["workforce_year"]) == ("sw_agency_rate", "latest")
    # the link written back opens the same view
    again = open_app("pages/workforce.py", **{k: v for k, v in at.query_params.items()})
    assert again.selectbox(key="workforce_measure").value == "sw_agency_rate"
    assert again.selectbox(key="workforce_year").value is None


def test_the_practice_pages_view_round_trips_and_a_bad_value_says_so():
    view = "How long plans had lasted at 31 March"
    at = open_app("pages/practice.py", la="332", practice_view=view)
    assert at.segmented_control(key="practice_view").value == view
    assert at.query_params["practice_view"] == view
    bad = open_app("pages/practice.py", la="332", practice_view="Everything")
    assert any("'Everything' is not one of the choices here" in w.value for w in bad.warning)
    assert bad.segmented_control(key="practice_view").value == "Against its neighbours"


def test_the_workforce_boards_month_and_the_plans_area_round_trip():
    at = open_app("pages/workforce_board.py", la="332", board_month="2023-06")
    assert at.selectbox(key="board_month").value == date(2023, 6, 1)
    assert at.subheader[0].value == "Teams in Jun 2023"
    at.selectbox(key="board_month").set_value(date(2022, 3, 1)).run()
    assert at.query_params["board_month"] == "2022-03"
    area = "9. Supervision, quality assurance and senior management oversight"
    plan = open_app("pages/improvement_plan.py", la="332", plan_area=area)
    assert plan.selectbox(key="plan_area").value == area and plan.query_params["plan_area"] == area
