"""Board-pack sections from the council's own monthly figures: where the local store plugs into a pack.

`local_sections` is pure: DataFrames in, PackSections out. The shapes it expects:

- `series`: measure_id, month (first day of the month), team (missing for the
  whole service), value, numerator, denominator, and optionally status (why a
  value is missing). The whole-service rows make the chart and commentary; the
  team rows of the latest month make the table under it.
- `measures`: indexed by measure id, with label, unit ('percent', 'count', ...),
  polarity ('high', 'low', 'neither') and definition; optionally decimals,
  axis_title.
- `targets`: measure_id, target_date (missing for a standing target), value,
  tolerance, source, owner.
- `spc`: one row per measure_id: variation, assurance, n, trial, mean, lpl, upl
  (an XmR chart of the whole-service series).
- `forecasts`: one row per measure_id: status, month, message (when the final
  target would be reached at the current rate).
- `team_staff`: staff by team (a Series indexed by team name) in the paper's month.

In a public pack the rules of disclosure.py apply: whole-service months resting
on a count of 1 to 5 are suppressed, small teams are combined, and the team
table is suppressed with its totals so no cell can be recovered.
"""

from dataclasses import dataclass
from datetime import date

import pandas as pd

from analytics import charts, disclosure, ratings
from analytics.catalogue import DECIMALS
from analytics.formatting import format_value, is_missing
from analytics.narrative import local_commentary
from analytics.pack_content import MEETINGS, PackRequest, PackSection, SummaryLine

ALL_TEAMS = "All teams"
CHART_MONTHS = 24
RATE_COUNTS = ("Number", "Out of")
# y-axis titles by unit, for local measures that do not give one (the chart's title names the measure)
AXIS_TITLES = {"percent": "%", "count": "Number", "days": "Days", "fte": "Full-time equivalent"}


@dataclass(frozen=True)
class LocalFigures:
    series: pd.DataFrame
    measures: pd.DataFrame
    targets: pd.DataFrame | None = None
    spc: pd.DataFrame | None = None
    forecasts: pd.DataFrame | None = None
    team_staff: pd.Series | None = None
    source: str = "the council's own performance records"


def _measure(measures: pd.DataFrame, measure_id: str) -> pd.Series:
    measure = measures.loc[measure_id].astype(object)
    if is_missing(measure.get("decimals")):
        measure["decimals"] = DECIMALS.get(measure["unit"], 1)
    if is_missing(measure.get("axis_title")):
        measure["axis_title"] = AXIS_TITLES.get(measure["unit"], "Figure")
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


def team_table(teams: pd.DataFrame, measure: pd.Series, staff: pd.Series | None, public: bool,
               min_staff: int = disclosure.MIN_TEAM_STAFF) -> tuple[pd.DataFrame, tuple[str, ...], list[str]]:
    """The latest month by team, with an 'All teams' total: (table as text, count columns, notes).

    Percentages with their counts are shown as Figure, Number and Out of; counts as Number; anything else
    (a caseload, an average) as Figure only, with small teams left out in a public paper since such figures
    cannot be combined.
    """
    fmt = lambda v: format_value(v, measure["unit"], int(measure["decimals"]))  # noqa: E731
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


def _row(frame: pd.DataFrame | None, measure_id: str) -> dict | None:
    if frame is None or frame.empty:
        return None
    own = frame[frame.measure_id == measure_id]
    return None if own.empty else own.iloc[-1].to_dict()


def local_section(figures: LocalFigures, measure_id: str, la_name: str, period: date, public: bool,
                  min_staff: int = disclosure.MIN_TEAM_STAFF) -> PackSection | None:
    """One local measure's page, or None when it has no figure up to the paper's month."""
    measure = _measure(figures.measures, measure_id)
    rows = figures.series[(figures.series.measure_id == measure_id) &
                          (pd.to_datetime(figures.series.month) <= pd.Timestamp(period))]
    if rows.empty:
        return None
    points = whole_service_points(rows, measure["unit"], public)
    latest = pd.to_datetime(rows.month).max()
    teams = rows[rows.team.notna() & (pd.to_datetime(rows.month) == latest)].astype(
        {"value": "float64", "numerator": "float64", "denominator": "float64"})
    table, counts, notes = team_table(teams, measure, figures.team_staff, public, min_staff)
    if public and counts and (table.loc[table.Team == ALL_TEAMS, list(counts)] == disclosure.SUPPRESSED).any(
            axis=None) and len(points) and points.month.iloc[-1] == latest:
        # the whole-service figure would give away the suppressed total
        points.loc[points.index[-1], ["value", "numerator", "denominator", "status"]] = [
            float("nan"), float("nan"), float("nan"), disclosure.SUPPRESSED]
    places, polarity = int(measure["decimals"]), measure["polarity"]
    target = ratings.final_target(figures.targets, measure_id)
    last = points.iloc[-1] if len(points) else None
    value = None if last is None else last.value
    rag = ratings.against_target(value, target["value"], target.get("tolerance"), polarity, places) \
        if target and not is_missing(value) else None
    fmt = lambda v: format_value(v, measure["unit"], places)  # noqa: E731
    value_text = (fmt(value) if not is_missing(value) else
                  "–" if last is None else str(last.status or "no figure"))
    summary = SummaryLine(f"{measure['label']} (local)", f"{latest:%b %Y}", value_text, "–", "–", "–", "–", "–",
                          rag, f"target {fmt(target['value'])}" if target else "no target set")
    spc = _row(figures.spc, measure_id)
    chart_points = points.tail(CHART_MONTHS)
    return PackSection(
        measure_id=measure_id, title=f"{measure['label']}: {la_name}'s own monthly figures",
        definition=str(measure.get("definition") or ""),
        figure=charts.monthly(chart_points, measure, la_name, figures.source, target, spc) if len(points) else None,
        commentary=local_commentary(points, measure, la_name, public, target, rag, _row(figures.forecasts,
                                                                                         measure_id), spc),
        source=figures.source, table=table, summary=summary, is_local=True, counts_to_suppress=counts, notes=notes)


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
