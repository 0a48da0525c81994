"""What the council's-own-figures pages show, worked out from the local store and the published store.

Pure functions: DataFrames in, DataFrames or small dataclasses out. The pages
(Workforce Board, Improvement plan, Practice) only lay these out.
"""

from dataclasses import dataclass
from datetime import date

import pandas as pd

from analytics import ratings
from analytics.formatting import axis_title, format_value, unit_decimals
from analytics.local import spc
from analytics.local.cp_plans import PARTS
from analytics.local.like_for_like import DIFFERS_TEXT
from analytics.local.targets import (
    Forecast,
    final_target,
    first_target,
    forecast,
    plan_status,
    rate_months,
    target_at,
    trajectory,
)
from analytics.local.view_tables import board_team_table
from analytics.local.workforce import WHOLE_SERVICE as WHOLE_SERVICE_TEAM
from analytics.local.workforce import latest_by_team
from analytics.months import from_index, month_index, month_label, month_range, out_of_date
from analytics.periods import period_end

DEMO_TRANSCRIBED = ("Demo data: Dudley's own figures and targets, transcribed from its published improvement "
                    "plan and committee papers (each figure cites its document). They are not live figures.")
DEMO_SYNTHETIC = ("SYNTHETIC demo data, made up by scripts/make_demo_data.py and make_demo_extracts.py to show how "
                  "the page works: these are not Dudley's figures.")

DEMO_TARGETS = ("Demo targets: figures here are rated against the demo's targets, transcribed from Dudley's "
                "published improvement plan. They are not the council's live targets.")
# the same labels, short, for a column of a CSV download
DEMO_SHORT = {DEMO_TRANSCRIBED: "demo (transcribed)", DEMO_SYNTHETIC: "demo (synthetic)",
              DEMO_TARGETS: "rated against a demo target"}


LOCAL_SOURCE = "the council's own management information (imported figures)"


def chart_measures(catalogue: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """Every measure a local page may chart, with the published catalogue's axis title, decimals and year type
    where it has the measure, and plain defaults for local-only ones. Both frames are indexed by id."""
    out = catalogue[["label", "unit", "polarity", "definition"]].copy()
    known = out.index.intersection(published.index)
    out["axis_title"] = out.unit.map(axis_title)
    out["decimals"] = out.unit.map(unit_decimals)
    out["year_type"] = None
    out["source"] = LOCAL_SOURCE
    for column in ("axis_title", "decimals", "year_type"):
        out.loc[known, column] = published.loc[known, column]
    return out


def demo_notices(batches: pd.DataFrame, used: set[int]) -> list[str]:
    """The labels a page must carry for the demo batches among those it shows (`used`: batch ids)."""
    shown = batches[batches.batch_id.isin(used) & batches.demo & batches.undone_at.isna()]
    notices = []
    if (~shown.note.fillna("").str.startswith("SYNTHETIC")).any():
        notices.append(DEMO_TRANSCRIBED)
    if shown.note.fillna("").str.startswith("SYNTHETIC").any():
        notices.append(DEMO_SYNTHETIC)
    return notices


def synthetic(batches: pd.DataFrame | None, used: set[int]) -> bool:
    """Whether the figures from these batches include the synthetic demo (drawn dotted as well as bannered)."""
    return batches is not None and DEMO_SYNTHETIC in demo_notices(batches, used)


def demo_batch_ids(batches: pd.DataFrame | None) -> frozenset[int]:
    """The ids of the labelled demo's batches still in use (LocalStore.batches())."""
    if batches is None or batches.empty:
        return frozenset()
    return frozenset(int(b) for b in batches[batches.demo & batches.undone_at.isna()].batch_id)


def reference_month(year: int, year_type: str | None) -> date:
    """Where a published annual figure sits on a monthly axis: the month its period ends in (the workforce
    census at 30 September, financial years at 31 March)."""
    return period_end(year, year_type).replace(day=1)


def published_points(table: pd.DataFrame, measure: pd.Series, first: date, last: date,
                     average: str = "mean") -> pd.DataFrame:
    """The published annual figures (LA, neighbour average, region, England) placed on the month axis.

    `table`: a benchmark table (MeasureBenchmarks.for_la). Only years whose reference month falls between
    `first` and `last` (inclusive) are kept, so they sit among the monthly figures.
    """
    months = [reference_month(int(y), measure["year_type"]) for y in table.year]
    points = pd.DataFrame({
        "month": months, "period": table.period, "la": table.la_value, "sn": table[f"sn_{average}"],
        "region": table.region_value, "england": table.england_value,
    })
    return points[(points.month >= first) & (points.month <= last)].reset_index(drop=True)


@dataclass(frozen=True)
class SeriesChart:
    """A monthly series with its SPC reading, target trajectory, RAG and forecast, ready to chart and describe."""

    measure_id: str
    months: list[date]
    values: list[float]
    chart: spc.XmR | None  # None with fewer than two figures
    rated: pd.DataFrame  # month, value, target, tolerance, rag (empty without targets)
    targets: pd.DataFrame  # month, target, tolerance: the trajectory over the figures and the targets' months
    variation_text: str
    assurance_text: str
    gaps: pd.DataFrame  # month, reason: months with no figure and a reason why (a suppressed one says 'c')
    forecast: Forecast | None  # when the final target would be reached; None without a target
    verdict: ratings.Verdict  # the latest figure's rating and what it was rated against
    outlook: str  # ratings.outlook: the forecast and what the limits say, in the words every page uses


def baseline(series: pd.DataFrame) -> pd.DataFrame:
    """The months a chart shows and its limits come from: the latest spc.BASELINE_MONTHS to its last month."""
    if series.empty:
        return series
    first = from_index(month_index(series.month.max()) - spc.BASELINE_MONTHS + 1)
    return series[series.month >= first]


def series_chart(series: pd.DataFrame, measure: pd.Series, targets: pd.DataFrame,
                 demo_batches: frozenset[int] = frozenset(), now: date | None = None) -> SeriesChart:
    """SPC, RAG and forecast for one measure's whole-service monthly figures, over its baseline months.

    `series`: month, value and optionally status (why a month has no figure); `measure`: a catalogue row named by
    its id, with polarity and decimals (figures are rated as shown to that many places); `demo_batches`: the
    labelled demo's batch ids (a demo target is said to be one); `now`: the latest complete month, for the outlook.
    """
    measure_id, polarity, places = measure.name, measure["polarity"], int(measure["decimals"])
    ordered = baseline(series.assign(month=pd.to_datetime(series.month).dt.date).sort_values("month"))
    known = ordered.dropna(subset=["value"])
    # a month is a gap only with a reason: a rate not yet worked out (turnover's first 11 months) is simply absent
    missing = ordered[ordered.value.isna() & ordered.status.notna()] if "status" in ordered else ordered.iloc[0:0]
    gaps = pd.DataFrame({"month": list(missing.month), "reason": list(missing.get("status", []))})
    months, values = list(known.month), known.value.astype(float).tolist()
    own_targets = targets[targets.measure_id == measure_id]
    final = final_target(own_targets)
    chart = None
    if len(values) >= 2:
        chart = spc.xmr(values, spc.DIRECTIONS.get(polarity, "neutral"), final["value"] if final else None)
    rated = rate_months(known[["month", "value"]], own_targets, polarity, places) if len(own_targets) else \
        pd.DataFrame(columns=["month", "value", "target", "tolerance", "rag"])
    line = pd.DataFrame(columns=["month", "target", "tolerance"])
    if len(own_targets):
        dates = [*months, *pd.to_datetime(own_targets.target_date.dropna()).dt.date]
        if dates:
            line = trajectory(own_targets, month_range(min(dates), max(dates))).dropna(subset=["target"])
    if chart is None:
        variation = "too few figures for a process chart"
    else:
        variation = spc.VARIATION_TEXT[chart.variation]
        if chart.trial:
            variation += f" (trial limits: {chart.n} months, fewer than {spc.TRIAL_BELOW})"
    assurance = spc.ASSURANCE_TEXT[chart.assurance] if chart is not None and chart.assurance else (
        "no target to assure against" if final is None else "no assurance without a better direction")
    outlook = None if final is None else forecast(known[["month", "value"]], final["value"], polarity,
                                                  final["date"], decimals=places)
    rating = latest_verdict(known, measure, own_targets, demo_batches)
    words = ratings.outlook(outlook, chart.assurance if chart is not None else None,
                            months[-1] if months else None, now)
    return SeriesChart(measure_id, months, values, chart, rated, line, variation, assurance, gaps, outlook,
                       rating, words)


def latest_verdict(known: pd.DataFrame, measure: pd.Series, own_targets: pd.DataFrame,
                   demo_batches: frozenset[int]) -> ratings.Verdict:
    """The latest figure's rating (ratings.verdict) against the target for its month, or why it has none."""
    if known.empty:
        return ratings.Verdict(None, "no figures")
    last = known.iloc[-1]
    target = target_at(own_targets, last.month) if len(own_targets) else None
    if target:
        target["demo"] = "batch_id" in own_targets and bool(own_targets.batch_id.isin(demo_batches).any())
        return ratings.verdict(last.value, measure, target)
    first = first_target(own_targets) if len(own_targets) else None
    untargeted = (f"no target until {month_label(first['date'])}" if first else
                  "no target set" if own_targets.empty else "not rated")
    return ratings.verdict(last.value, measure, untargeted=untargeted)


def stale_word(month, now: date | None) -> str | None:
    """'out of date: 70 months behind November 2026' for a latest figure too far behind `now`; None otherwise."""
    return None if now is None or pd.isna(month) else out_of_date(month, now)


def plan_table(status: pd.DataFrame, views: dict[str, SeriesChart], units: pd.Series,
               now: date | None = None) -> pd.DataFrame:
    """The Improvement plan's status table, as text a board paper can show: the decisive columns (RAG, what it
    was rated against, the outlook) before the owner, so they stay in view on a laptop's screen. `views`: each
    measure's series_chart, so the rating and outlook read as on its chart and in a pack; `now`: the latest
    complete month, for saying a latest figure is out of date."""
    def fmt(measure_id, value):
        return format_value(value, units.get(measure_id, "value"), 1)

    return pd.DataFrame({
        "Measure": status.label,
        "RAG": [views[m].verdict.label for m in status.measure_id],
        "Latest": [f"{fmt(m, v)} ({month_label(d)}{', ' + stale_word(d, now) if stale_word(d, now) else ''})"
                   if pd.notna(d) else "no figures"
                   for m, v, d in zip(status.measure_id, status.latest_value, status.latest_month)],
        "Rated against": [views[m].verdict.against for m in status.measure_id],
        "Final target": [f"{fmt(m, v)}" + (f" by {month_label(d)}" if pd.notna(d) else " (standing)")
                         for m, v, d in zip(status.measure_id, status.final_target, status.final_target_date)],
        "Outlook": [views[m].outlook for m in status.measure_id],
        "Owner": status.owner,
        "Priority area": status.priority_area,
    })


def coverage_table(coverage: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    """LocalStore.coverage as text: measures by label, months as 'Nov 2020'."""
    return pd.DataFrame({"Measure": coverage.measure_id.map(lambda m: measures.label.get(m, m)),
                         "Figures": coverage.figures, "From": coverage.first_month.map(month_label),
                         "To": coverage.latest_month.map(month_label), "Teams": coverage.teams,
                         "Demo": coverage.demo.map({True: "demo", False: ""})})


def definitions_table(measures: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"Measure": measures.label.reindex(ids).values, "Id": ids,
                         "Definition": measures.definition.reindex(ids).values})


def annex_comparison_table(comparison: pd.DataFrame, measures: pd.DataFrame, at: str = "31 March",
                           own: str = "Annex A") -> pd.DataFrame:
    """like_for_like.at_period_end as text (`at`: the period end's day; `own`: where the own figures are from)."""
    def shown(values):
        return [format_value(v, measures.unit.get(m, "count")) for v, m in zip(values, comparison.measure_id)]
    return pd.DataFrame({"At": comparison.month.map(lambda m: f"{at} {m.year}"),
                         "Measure": comparison.measure_id.map(lambda m: measures.label.get(m, m)),
                         f"Own ({own})": shown(comparison.own), "Published": shown(comparison.published),
                         "Differs by more than rounding": comparison.differs.map(DIFFERS_TEXT)})


ORIGINS = ("reported", "establishment", "census", "cp plan list", "annex a")
ORIGIN_TEXT = {
    "reported": LOCAL_SOURCE,
    "establishment": "the council's establishment figures by team (posts, staff, vacancies, leavers, cases), as "
                     "rates on the DfE's definitions",
    "census": "the council's workforce census files (one row per worker), as rates on the DfE's definitions at each "
              "file's date",
    "cp plan list": "the council's child protection plan list, counted at each month end",
    "annex a": "the council's Ofsted Annex A extracts, counted at each month end (definitions on the Data sources "
               "page)",
}
SERIES_COLUMNS = ["measure_id", "month", "team", "value", "numerator", "denominator", "status", "origin", "batch_id"]


def _long(frame: pd.DataFrame, measure_ids: list[str], origin: str, parts: dict[str, tuple[str, str]]
          ) -> pd.DataFrame:
    """A wide frame (month, team, batch_id, one column per measure) as series rows, with each percentage's counts."""
    rows = []
    for measure_id in [m for m in measure_ids if m in frame]:
        numerator, denominator = parts.get(measure_id, (None, None))
        rows.append(pd.DataFrame({
            "measure_id": measure_id, "month": frame.month, "team": frame.team, "value": frame[measure_id],
            "numerator": frame[numerator] if numerator else float("nan"),
            "denominator": frame[denominator] if denominator else float("nan"),
            "status": None, "origin": origin, "batch_id": frame.batch_id}))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=SERIES_COLUMNS)


def monthly_figures(reported: pd.DataFrame, by_team: pd.DataFrame, rates: pd.DataFrame | None,
                    cp_summary: pd.DataFrame | None, measure_ids: list[str],
                    annex: pd.DataFrame | None = None, census: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every monthly figure the council's records give for `measure_ids`, from each source, as rows of
    SERIES_COLUMNS (team None for the whole service; origin one of ORIGINS).

    `reported`: local_series.whole_service; `by_team`: LocalStore.observations(..., by_team=True); `rates`:
    workforce.monthly_rates of the establishment figures; `cp_summary`: cp_plans.month_end_summary of the plan
    list with the list's batch_id; `annex`: annex_measures.measures rows with the latest extract's batch_id;
    `census`: the stored figures census files gave (LocalStore.observations rows, whole service and teams), kept
    out of `reported` so a census never shares a line with figures reported month by month. A
    month a source cannot work out (turnover before 12 months of leavers) is left
    out; a reported month without a figure keeps its reason.
    """
    parts = [reported.assign(team=None, origin="reported"), by_team.assign(origin="reported")]
    if rates is not None and len(rates):
        whole = rates.team == WHOLE_SERVICE_TEAM
        parts.append(_long(rates.assign(team=rates.team.where(~whole, None)), measure_ids, "establishment", {}))
    if cp_summary is not None and len(cp_summary):
        parts.append(_long(cp_summary.assign(team=None), measure_ids, "cp plan list", PARTS))
    if annex is not None and len(annex):
        parts.append(annex.assign(status=None, origin="annex a"))
    if census is not None and len(census):
        parts.append(census.assign(origin="census"))
    out = pd.concat([pd.DataFrame(columns=SERIES_COLUMNS), *(p.reindex(columns=SERIES_COLUMNS) for p in parts
                                                              if len(p))], ignore_index=True)
    out = out[out.measure_id.isin(measure_ids) & (out.value.notna() | out.status.notna())]
    out = out.astype({"value": "float64", "numerator": "float64", "denominator": "float64", "batch_id": "float64"})
    out["month"] = pd.to_datetime(out.month).dt.date
    out["team"] = out.team.astype(object).where(out.team.notna(), None)
    return out.sort_values(["measure_id", "origin", "team", "month"], na_position="first", ignore_index=True)


def one_origin(series: pd.DataFrame, order: tuple[str, ...] = ORIGINS) -> pd.DataFrame:
    """Each measure's rows from one source only: the one with the most whole-service months in `series` (ties go
    to the first in `order`). Series from different sources are never mixed for one measure, so a transcribed
    figure never shares a line with a synthetic one, and the pages and packs choose alike."""
    whole = series[series.team.isna()]  # a month missing with its reason still counts: it is shown as a gap
    counts = whole.groupby(["measure_id", "origin"]).size().rename("n").reset_index()
    counts["rank"] = counts.origin.map({origin: n for n, origin in enumerate(order)})
    best = counts.sort_values(["measure_id", "n", "rank"], ascending=[True, False, True]).drop_duplicates("measure_id")
    chosen = dict(zip(best.measure_id, best.origin))
    return series[series.origin == series.measure_id.map(chosen)].reset_index(drop=True)


UNASSIGNED = "Not assigned to a priority area"


@dataclass(frozen=True)
class PlanMeasure:
    """One measure of a priority area, as the Improvement plan page shows it."""

    label: str
    view: SeriesChart
    summary: str  # latest figure, RAG and forecast, in words
    sources: list[str]  # where its targets come from


@dataclass(frozen=True)
class PlanView:
    status: pd.DataFrame  # targets.plan_status rows
    table: pd.DataFrame  # the status as text (plan_table)
    areas: dict[str, tuple[str, list[PlanMeasure]]]  # priority area -> (owners, its measures)


def plan_view(targets: pd.DataFrame, observations: pd.DataFrame, catalogue: pd.DataFrame,
              demo_batches: frozenset[int] = frozenset(), now: date | None = None) -> PlanView:
    """Everything the Improvement plan page shows, from the target table and the whole-service monthly figures
    (one source per measure, see one_origin); `catalogue` indexed by id; `now`: the latest complete month."""
    status = plan_status(targets, observations, catalogue)
    views = {m: series_chart(observations[observations.measure_id == m].reindex(columns=["month", "value", "status"]),
                             catalogue.loc[m], targets, demo_batches, now) for m in status.measure_id}
    areas = {}
    named = targets.assign(priority_area=targets.priority_area.fillna(UNASSIGNED))
    for area, own in named.groupby("priority_area", sort=True):
        measures = []
        for measure_id in sorted(own.measure_id.unique()):
            measure, view = catalogue.loc[measure_id], views[measure_id]
            row = status[status.measure_id == measure_id].iloc[0]
            stale = stale_word(row.latest_month, now)
            latest = (f"{format_value(row.latest_value, measure.unit, int(measure.decimals))} in "
                      f"{month_label(row.latest_month)}{f' ({stale})' if stale else ''}"
                      if pd.notna(row.latest_month) else "no figures yet")
            measures.append(PlanMeasure(measure.label, view, f"Latest: **{latest}** · RAG: **{view.verdict.text}** · "
                                        f"Outlook: {view.outlook}", list(own[own.measure_id == measure_id].source
                                                                          .dropna().unique())))
        areas[area] = ("; ".join(own.owner.dropna().unique()) or "not recorded", measures)
    return PlanView(status, plan_table(status, views, catalogue.unit, now), areas)


@dataclass(frozen=True)
class BoardView:
    """The Workforce Board for one month."""

    teams: pd.DataFrame  # board_team_table
    views: list[SeriesChart]  # whole-service series up to the month, one per measure
    readings: pd.DataFrame  # each measure's SPC variation and assurance, in words
    flows: pd.DataFrame  # month, starters_fte, leavers_fte, permanent_fte (whole service)
    targets: pd.DataFrame  # plan_table of the workforce targets (empty without any)


def board_view(rates: pd.DataFrame, month: date, targets: pd.DataFrame, catalogue: pd.DataFrame,
               measures: list[str], demo_batches: frozenset[int] = frozenset(), now: date | None = None
               ) -> BoardView:
    """Everything the Workforce Board page shows for `month`, from workforce.monthly_rates rows; `now`: the latest
    complete month."""
    upto = rates[rates.month <= month]
    whole = upto[upto.team == WHOLE_SERVICE_TEAM]
    views = [series_chart(whole[["month", m]].rename(columns={m: "value"}), catalogue.loc[m], targets,
                          demo_batches, now) for m in measures]
    readings = pd.DataFrame({"Measure": [catalogue.at[v.measure_id, "label"] for v in views],
                             "RAG": [v.verdict.label for v in views],
                             "Rated against": [v.verdict.against for v in views],
                             "Variation": [v.variation_text for v in views],
                             "Outlook against the target": [v.outlook for v in views]})
    series = whole.melt(id_vars="month", value_vars=measures, var_name="measure_id", value_name="value")
    status = plan_status(targets[targets.measure_id.isin(measures)], series, catalogue)
    by_id = {v.measure_id: v for v in views}
    return BoardView(board_team_table(latest_by_team(upto)), views, readings,
                     baseline(whole[["month", "starters_fte", "leavers_fte", "permanent_fte"]]),
                     plan_table(status, by_id, catalogue.unit, now) if len(status) else pd.DataFrame())
