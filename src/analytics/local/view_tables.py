"""The council's own figures as the Workforce Board, Improvement plan and Practice pages tabulate them: the month
by team, and the figures behind each monthly chart (rounded as the charts show them, with their unit) for the
table view and CSV download."""

import pandas as pd

from analytics.formatting import format_value
from analytics.local import spc


def board_team_table(latest: pd.DataFrame, decimals: int = 1) -> pd.DataFrame:
    """The Workforce Board's month-by-team table: FTEs and the five rates, with change on the previous month."""
    fmt_pct = lambda v: format_value(v, "percent", decimals)  # noqa: E731

    def with_change(value, change, unit):
        text = fmt_pct(value) if unit == "percent" else format_value(value, "cases_per_fte", decimals)
        if pd.isna(change):
            return text
        return f"{text} ({change:+.{decimals}f})"

    # the rates the board steers by first, so they are in view at a laptop's width; the FTEs behind them after
    return pd.DataFrame({
        "Team": latest.team,
        "Vacancy rate": [with_change(v, c, "percent") for v, c in
                         zip(latest.sw_vacancy_rate, latest.sw_vacancy_rate_change_month)],
        "Turnover (12 months)": [with_change(v, c, "percent") for v, c in
                                 zip(latest.sw_turnover_rate, latest.sw_turnover_rate_change_month)],
        "Agency rate": [with_change(v, c, "percent") for v, c in
                        zip(latest.sw_agency_rate, latest.sw_agency_rate_change_month)],
        "Caseload": [with_change(v, c, "cases") for v, c in zip(latest.sw_caseload, latest.sw_caseload_change_month)],
        "Permanent share": [with_change(v, c, "percent") for v, c in
                            zip(latest.permanent_staff_pct, latest.permanent_staff_pct_change_month)],
        "Posts (FTE)": latest.posts_fte.map(lambda v: format_value(v, "fte", decimals)),
        "Permanent (FTE)": latest.permanent_fte.map(lambda v: format_value(v, "fte", decimals)),
        "Agency (FTE)": latest.agency_fte.map(lambda v: format_value(v, "fte", decimals)),
        "Vacant (FTE)": latest.vacant_fte.map(lambda v: format_value(v, "fte", decimals)),
    })


def series_table(views: list, catalogue: pd.DataFrame) -> pd.DataFrame:
    """The figures behind monthly charts (views.SeriesChart: SPC and trajectory), one row per measure and month,
    for the table view and CSV download."""
    frames = []
    for view in views:
        places = int(catalogue.at[view.measure_id, "decimals"])
        frame = pd.DataFrame({"Measure": catalogue.at[view.measure_id, "label"], "Month": view.months,
                              "Figure": [round(v, places) for v in view.values],
                              "Unit": catalogue.at[view.measure_id, "axis_title"]})
        if view.chart is not None:  # rounded as the chart's hover shows them
            frame["Mean"], frame["Lower process limit"], frame["Upper process limit"] = (
                round(view.chart.mean, places), round(view.chart.lpl, places), round(view.chart.upl, places))
            frame["SPC reading"] = [spc.VARIATION_TEXT[t] for t in view.chart.points.point_type]
        if len(view.rated):
            rated = view.rated.set_index("month")
            frame["Target"] = frame.Month.map(rated.target).round(places)
            frame["RAG"] = frame.Month.map(rated.rag)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
