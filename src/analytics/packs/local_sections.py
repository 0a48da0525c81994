"""Board-pack sections from the council's own monthly figures: pure, DataFrames in and PackSections out.

`figures`: local.figures.LocalFigures, what the local store holds for the LA.

For each measure, a section covers the SECTION_MONTHS months to the paper's month, from
one source (local_views.one_origin: the one giving it the most figures in those months,
as the pages choose); a measure with no figure in those months has no section. The chart is the
Improvement plan page's (charts.trajectory of local_views.series_chart): SPC, target
trajectory, each month's RAG and the forecast. Under it, the teams in the latest month,
or the latest months when there are no team figures.

In a public pack the rules of disclosure.py apply: whole-service months resting on a
count of 1 to 5 are suppressed before anything is worked out from them, small teams are
combined, and the team table is suppressed with its totals so no cell can be recovered.
"""

from dataclasses import asdict
from datetime import date

import pandas as pd

from analytics import charts, disclosure, ratings
from analytics.formatting import axis_title, is_missing, measure_formatter, missing_text, unit_decimals
from analytics.local import targets, workforce
from analytics.local import views as local_views
from analytics.local.figures import LocalFigures
from analytics.months import month_end, out_of_date
from analytics.narrative import local_commentary
from analytics.packs.content import PackSection, SummaryLine
from analytics.packs.meetings import MEETINGS, SECTION_MONTHS, PackRequest
from analytics.suppression import CODES

ALL_TEAMS = "All teams"
RECENT_MONTHS = 5  # months in the table of a measure without team figures
RATE_COUNTS = ("Number", "Out of")


def _measure(measures: pd.DataFrame, measure_id: str) -> pd.Series:
    measure = measures.loc[measure_id].astype(object)
    if is_missing(measure.get("decimals")):
        measure["decimals"] = unit_decimals(measure["unit"])
    if is_missing(measure.get("axis_title")):
        measure["axis_title"] = axis_title(measure["unit"])
    return measure


def _whole_numbers(*values) -> bool:
    """Counts of people or cases, not FTEs: every value present and whole."""
    return all(not is_missing(v) and float(v).is_integer() for v in values)


def _small_base(row) -> bool:
    """Whether a whole-service figure rests on a count of 1 to 5 (its numerator, or the cases it leaves out)."""
    if not _whole_numbers(row.numerator, row.denominator):
        return False
    return disclosure.is_small(row.numerator) or disclosure.is_small(row.denominator - row.numerator)


def whole_service_points(rows: pd.DataFrame, unit: str, public: bool) -> pd.DataFrame:
    """month, value, numerator, denominator, status for the whole service; in a public paper a month resting on
    a count of 1 to 5 is shown as 'c' (value and counts removed)."""
    points = rows[rows.team.isna()].sort_values("month").reset_index(drop=True)
    points = points.assign(month=pd.to_datetime(points.month),
                           status=points.get("status"))
    points = points[["month", "value", "numerator", "denominator", "status"]].astype(
        {"value": "float64", "numerator": "float64", "denominator": "float64", "status": "object"})
    if public:
        hide = [(unit == "count" and _whole_numbers(v) and disclosure.is_small(v)) or _small_base(r)
                for v, r in zip(points.value, points.itertuples())]
        points.loc[hide, ["value", "numerator", "denominator"]] = float("nan")
        points.loc[hide, "status"] = disclosure.SUPPRESSED
    return points


def _grouped(teams: pd.DataFrame, staff: pd.Series | None, public: bool, min_staff: int):
    """Team rows as the table shows them (small teams combined in a public paper), and a note on what was done."""
    if not public:
        return teams, None
    groups = disclosure.team_groups(staff if staff is not None else pd.Series(dtype=float), teams.team.tolist(),
                                    min_staff)
    if groups is None:
        return teams.iloc[0:0], (f"No team is shown: the teams cannot be combined into groups of at least "
                                 f"{min_staff} staff without including every team.")
    combined = [t for t, g in groups.items() if g == disclosure.OTHER_TEAMS]
    note = (f"{len(combined)} teams are shown together as '{disclosure.OTHER_TEAMS}' (teams with fewer than "
            f"{min_staff} staff are not shown on their own)." if combined else None)
    return teams.assign(team=teams.team.map(groups)), note


def measure_team_table(teams: pd.DataFrame, measure: pd.Series, staff: pd.Series | None, public: bool,
               min_staff: int = disclosure.MIN_TEAM_STAFF) -> tuple[pd.DataFrame, tuple[str, ...], list[str]]:
    """The latest month by team, with an 'All teams' total: (table as text, count columns, notes).

    Percentages with their counts are shown as Figure, Number and Out of; counts as Number; anything else
    (a caseload, an average) as Figure only, with small teams left out in a public paper since such figures
    cannot be combined.
    """
    fmt = measure_formatter(measure)
    if measure["unit"] == "percent" and not teams.empty and _whole_numbers(*teams.numerator, *teams.denominator):
        kind = "rate"
    elif measure["unit"] == "count" and _whole_numbers(*teams.value):
        kind = "count"
    else:
        kind = "value"
    if kind == "value":
        shown, notes = teams, []
        if public:
            groups = disclosure.team_groups(staff if staff is not None else pd.Series(dtype=float),
                                            teams.team.tolist(), min_staff) or {}
            shown = teams[teams.team.map(groups).eq(teams.team)]
            if len(shown) < len(teams):
                notes.append(f"{len(teams) - len(shown)} teams with fewer than {min_staff} staff are not shown.")
        return pd.DataFrame({"Team": shown.team, "Figure": shown.value.map(fmt)}).reset_index(drop=True), (), notes
    grouped, note = _grouped(teams, staff, public, min_staff)
    notes = [note] if note else []
    if kind == "count":
        counts = grouped.groupby("team", sort=False)[["value"]].sum().rename(columns={"value": "Number"})
        counts.loc[ALL_TEAMS] = teams.value.sum()
        shown = disclosure.suppress(counts, total_row=ALL_TEAMS) if public else counts.astype("Int64").astype(object)
        return shown.rename_axis("Team").reset_index(), ("Number",), notes
    sums = grouped.groupby("team", sort=False)[["numerator", "denominator"]].sum()
    counts = pd.DataFrame({"Number": sums.numerator, "Not counted": sums.denominator - sums.numerator,
                           "Out of": sums.denominator})
    counts.loc[ALL_TEAMS] = [teams.numerator.sum(), (teams.denominator - teams.numerator).sum(),
                             teams.denominator.sum()]
    shown = (disclosure.suppress(counts, ALL_TEAMS, "Out of") if public
             else counts.astype("Int64").astype(object))
    hidden = (shown == disclosure.SUPPRESSED).any(axis=1)
    figure = [disclosure.SUPPRESSED if h else fmt(100 * n / d if d else None)
              for h, n, d in zip(hidden, counts.Number, counts["Out of"])]
    table = pd.DataFrame({"Team": shown.index, "Figure": figure, "Number": shown.Number.to_numpy(),
                          "Out of": shown["Out of"].to_numpy()})
    return table, RATE_COUNTS, notes


def recent_table(points: pd.DataFrame, measure: pd.Series, public: bool) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The latest months for the whole service, with their counts in a private paper: (table as text, count
    columns)."""
    recent = points.tail(RECENT_MONTHS)
    fmt = measure_formatter(measure)
    table = pd.DataFrame({"Month": [f"{m:%b %Y}" for m in recent.month],
                          "Figure": [fmt(v) if not is_missing(v) else (s if s == disclosure.SUPPRESSED else
                                     missing_text(s) if s in CODES else s or "no figure")
                                     for v, s in zip(recent.value, recent.status)]})
    if public or recent.numerator.isna().all():
        return table, ()
    whole = lambda v: "–" if is_missing(v) else f"{v:,.0f}"  # noqa: E731
    return table.assign(Number=recent.numerator.map(whole).to_numpy(),
                        **{"Out of": recent.denominator.map(whole).to_numpy()}), RATE_COUNTS


def _staff(team_staff: pd.DataFrame | None, month) -> pd.Series | None:
    if team_staff is None or team_staff.empty:
        return None
    own = team_staff[pd.to_datetime(team_staff.month) == pd.Timestamp(month)]
    return own.set_index("team").staff


def _demo(figures: LocalFigures, batch_ids) -> list[str]:
    if figures.batches is None:
        return []
    return local_views.demo_notices(figures.batches, {int(b) for b in batch_ids if not is_missing(b)})


def local_section(figures: LocalFigures, measure_id: str, la_name: str, period: date, public: bool,
                  min_staff: int = disclosure.MIN_TEAM_STAFF) -> PackSection | None:
    """One local measure's page, or None when it has no figure in the SECTION_MONTHS months to the paper's month."""
    measure = _measure(figures.measures, measure_id)
    months = pd.to_datetime(figures.series.month)
    first = pd.Timestamp(period) - pd.DateOffset(months=SECTION_MONTHS - 1)
    rows = figures.series[(figures.series.measure_id == measure_id) & (months >= first) &
                          (months <= pd.Timestamp(period))]
    rows = local_views.one_origin(rows)
    if rows.empty:
        return None
    latest = pd.to_datetime(rows[rows.team.isna()].month).max()
    origin = rows.origin.iloc[0]
    points = whole_service_points(rows, measure["unit"], public)
    teams = rows[rows.team.notna() & (pd.to_datetime(rows.month) == latest)].astype(
        {"value": "float64", "numerator": "float64", "denominator": "float64"})
    if len(teams):
        table, counts, notes = measure_team_table(teams, measure, _staff(figures.team_staff, latest), public, min_staff)
    else:
        (table, counts), notes = recent_table(points, measure, public), []
    if public and len(teams) and counts and (
            table.loc[table.Team == ALL_TEAMS, list(counts)] == disclosure.SUPPRESSED).any(axis=None):
        # the whole-service figure would give away the suppressed total
        points.loc[points.index[-1], ["value", "numerator", "denominator", "status"]] = [
            float("nan"), float("nan"), float("nan"), disclosure.SUPPRESSED]
    own_targets = figures.targets[figures.targets.measure_id == measure_id]
    # SPC, RAG and forecast from the points as shown, so a public paper's limits cannot give a suppressed month away
    demo_batches = local_views.demo_batch_ids(figures.batches)
    view = local_views.series_chart(points, measure, own_targets, demo_batches, period)
    last = points.iloc[-1]
    target = first = None
    if not is_missing(last.value) and len(own_targets):
        target = targets.target_at(own_targets, last.month)
        first = None if target else targets.first_target(own_targets)
    rating = view.verdict if not is_missing(last.value) else ratings.Verdict(None, "no figure for the month")
    fmt = measure_formatter(measure)
    value_text = fmt(last.value) if not is_missing(last.value) else str(last.status or "no figure")
    stale = out_of_date(latest, period)
    if stale:
        notes.append(f"The latest figure is for {latest:%B %Y}: {stale}, the paper's month.")
    summary = SummaryLine(f"{measure['label']} (local)", f"{latest:%b %Y}" + (" (out of date)" if stale else ""),
                          value_text, "–", "–", "–", "–", "–",
                          rating.rag, rating.against, month_end(latest.date()))
    used = [*rows.batch_id, *(own_targets.batch_id if "batch_id" in own_targets else [])]
    latest_notices = _demo(figures, rows[pd.to_datetime(rows.month) == latest].batch_id)
    demo = ("synthetic" if local_views.DEMO_SYNTHETIC in latest_notices else
            "transcribed" if local_views.DEMO_TRANSCRIBED in latest_notices else None)
    chart = view.chart
    # a process chart's signals are a claim about a trend, so none is read from fewer than three figures
    spc = None if chart is None or chart.n < targets.MIN_TREND_POINTS else {
        "variation": chart.variation, "assurance": chart.assurance, "n": chart.n, "trial": chart.trial}
    source = local_views.ORIGIN_TEXT[origin]
    definition = workforce.DEFINITIONS.get(measure_id) if origin == "establishment" else None
    return PackSection(
        measure_id=measure_id, title=f"{measure['label']}: {la_name}'s own monthly figures",
        definition=definition or str(measure.get("definition") or ""),
        figure=charts.trajectory(view, measure, la_name, view.forecast.month if view.forecast else None, source,
                                 demo == "synthetic"),
        commentary=local_commentary(points, measure, la_name, public, target, rating.rag, first,
                                    asdict(view.forecast) if view.forecast else None, spc, demo,
                                    view.outlook if view.forecast else None),
        source=source, table=table, summary=summary, is_local=True, counts_to_suppress=counts, notes=notes,
        demo=_demo(figures, used))


def local_sections(figures: LocalFigures, measure_ids: list[str], la_name: str, period: date, public: bool = False,
                   min_staff: int = disclosure.MIN_TEAM_STAFF) -> list[PackSection]:
    """A section for each of `measure_ids` that has local figures up to the paper's month, in that order."""
    known = [m for m in measure_ids if m in figures.measures.index]
    sections = [local_section(figures, m, la_name, period, public, min_staff) for m in known]
    return [s for s in sections if s is not None]


def sections_for_meeting(figures: LocalFigures, request: PackRequest, la_name: str) -> list[PackSection]:
    """The local sections of a meeting's pack (its Meeting.local_measures), public if the request is."""
    return local_sections(figures, list(MEETINGS[request.meeting].local_measures), la_name, request.period,
                          request.is_public)


def left_out(figures: LocalFigures, request: PackRequest, sections: list[PackSection]) -> list[str]:
    """The meeting's own measures the council has figures for that the pack (its local `sections`) leaves out,
    each with why: none of its figures falls in the SECTION_MONTHS months to the paper's month."""
    shown = {s.measure_id for s in sections}
    out = []
    for measure_id in MEETINGS[request.meeting].local_measures:
        held = pd.to_datetime(figures.series[figures.series.measure_id == measure_id].month)
        if measure_id in shown or held.empty or measure_id not in figures.measures.index:
            continue
        first, last = held.min(), held.max()
        where = (f"its figures start in {first:%B %Y}, after the paper's month" if first > pd.Timestamp(request.period)
                 else f"its latest figure is for {last:%B %Y}, more than {SECTION_MONTHS} months before the paper's "
                      "month")
        out.append(f"{figures.measures.at[measure_id, 'label']}: {where}")
    return out
