"""What a board pack holds: the content model, and the sections built from published figures.

A pack is a cover, a summary table (one line per section, with its RAG rating),
one section per measure (definition, chart, commentary, figures, source) and an
annex (rules, publications). Published-measure sections are built here,
each from one MeasureBenchmarks: the chart, the table and every number in the
commentary come from that one store query. Sections from the council's own
monthly figures are built by pack_local.local_sections and plug in as the same
PackSection.

The paper's period is a month: a published figure is included when the period
it covers ended by the end of that month (the workforce year 2025 ends on
30 September 2025, so it is in a September 2025 pack and not an August one).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from analytics import charts, disclosure, ratings
from analytics.formatting import BAND_TEXT, is_missing, measure_formatter, missing_text, ordinal_rank
from analytics.local import targets
from analytics.local.views import DEMO_SHORT, DEMO_TARGETS
from analytics.months import month_end
from analytics.narrative import published_commentary
from analytics.packs.meetings import MEETINGS, SECTION_MONTHS, Meeting, PackRequest
from analytics.periods import period_end
from analytics.published import summaries
from analytics.published.benchmarks import RULES as benchmark_rules
from analytics.published.benchmarks import MeasureBenchmarks
from analytics.published.catalogue import BASES
from analytics.published.geography import MODELS, Geography

TABLE_PERIODS = 5  # periods in the figures table under each chart


@dataclass(frozen=True)
class SummaryLine:
    """One line of the pack's summary table (figures as text)."""

    measure: str
    period: str
    value: str
    neighbours: str
    region: str
    england: str
    rank: str
    band: str
    rag: str | None  # 'green' | 'amber' | 'red' | None (not rated), as ratings.verdict gives it
    rated_against: str  # 'neighbours and England' or the target
    ends: date | None = None  # the last day of the period shown
    held: str | None = None  # why the rating was held back (ratings.Verdict.note)


@dataclass
class PackSection:
    """One measure's page. Published and local sections are the same shape.

    `table`: the figures shown under the chart, as text. `counts_to_suppress`: the
    columns of `table` holding counts from the council's own records (already
    suppressed in a public pack; the pack's checks read them). `demo`: the labels
    (local_views.demo_notices) for demo figures the section shows.
    """

    measure_id: str
    title: str
    definition: str
    figure: go.Figure | None
    commentary: list[str]
    source: str
    table: pd.DataFrame
    summary: SummaryLine
    is_local: bool = False
    counts_to_suppress: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)
    demo: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{'local' if self.is_local else 'published'}:{self.measure_id}"


@dataclass(frozen=True)
class Citation:
    title: str
    publisher: str
    edition: str
    url: str
    attribution: str


@dataclass
class Pack:
    la_code: str
    la_name: str
    meeting: Meeting
    period: date  # first day of the paper's month
    produced: date
    data_as_at: str
    neighbours: str  # which model and average, as the cover states it
    public: bool
    sections: list[PackSection]
    publications: list[Citation]
    rules: list[tuple[str, list[str]]]  # (heading, paragraphs)
    left_out: list[str] = field(default_factory=list)  # the council's own measures not in the pack, and why

    @property
    def title(self) -> str:
        return f"{self.meeting.title}: {self.la_name}, {self.period:%B %Y}"

    @property
    def demo(self) -> list[str]:
        """Every demo label the sections carry, once each, for the cover."""
        return list(dict.fromkeys(n for s in self.sections for n in s.demo))

    @property
    def pages(self) -> int:
        """Pages of the printed pack: cover, summary, one per section, annex."""
        return 3 + len(self.sections)

    def summary_table(self) -> pd.DataFrame:
        return pd.DataFrame([{
            "Measure": s.summary.measure, "Period": s.summary.period, self.la_name: s.summary.value,
            "Neighbours": s.summary.neighbours, "Region": s.summary.region, "England": s.summary.england,
            "Rank (1 = best)": s.summary.rank, "Band": s.summary.band,
            "RAG": ratings.RAG_TEXT[s.summary.rag],
            "Rated against": s.summary.rated_against + (f" ({s.summary.held})" if s.summary.held else ""),
        } for s in self.sections])

    def figures_table(self) -> pd.DataFrame:
        """Every section's figures in one table, for the CSV download, each row saying whether it is demo data."""
        return pd.concat([s.table.astype(str).assign(
            Section=s.title, **{"Demo data": "; ".join(DEMO_SHORT[n] for n in s.demo) or "no"})
            for s in self.sections], ignore_index=True).pipe(
            lambda d: d[["Section", *d.columns.drop(["Section", "Demo data"]), "Demo data"]])


def in_period(table: pd.DataFrame, measure: pd.Series, period: date) -> pd.DataFrame:
    """The benchmark table's years whose period ended by the end of the paper's month."""
    last_day = month_end(period)
    keep = [period_end(int(y), measure["year_type"]) <= last_day for y in table.year]
    return table[keep].reset_index(drop=True)


def area_names(geo: Geography, la: str) -> dict[str, str]:
    return {"la": geo.name(la), "region": geo.name(geo.areas.at[la, "region_code"]), "england": "England"}


def figures_table(table: pd.DataFrame, measure: pd.Series, names: dict[str, str], average: str) -> pd.DataFrame:
    """The latest periods' figures as text, for under the chart: the LA (or why it has none) and comparators."""
    fmt = measure_formatter(measure)
    recent = table.tail(TABLE_PERIODS)
    data = summaries.chart_data(recent, names, average)
    la_text = [fmt(v) if not is_missing(v) else missing_text(r) for v, r in zip(recent.la_value, recent.missing_reason)]
    return pd.DataFrame({
        "Period": data.Period, names["la"]: la_text,
        f"Neighbours ({average})": data[f"Statistical neighbours ({average})"].map(fmt),
        "Neighbours with a figure": data["Neighbours with a figure"],
        names["region"]: data[names["region"]].map(fmt), "England": data.England.map(fmt),
        "Rank (1 = best)": [ordinal_rank(r, o, t) for r, o, t in zip(recent["rank"], recent.rank_of,
                                                                     recent.rank_tied)],
        "Band": recent.quartile.map(lambda b: b if isinstance(b, str) else "–"),
    }).reset_index(drop=True)


def published_section(prepared: MeasureBenchmarks, la: str, period: date, model: str, average: str,
                      own_targets: pd.DataFrame | None = None, demo_target: bool = False,
                      base: pd.DataFrame | None = None) -> PackSection:
    """One published measure's page for an LA, everything read from one MeasureBenchmarks.

    `own_targets`: the council's targets for this measure; the latest figure is rated against the target for
    the month its period ends (targets.target_at), and against the comparators when none applies, by
    ratings.verdict; `demo_target`: the targets are the labelled demo's, so the rating says so; `base`: the
    benchmark table of the count the figure rests on (catalogue.BASES), for the small-base caveat.
    """
    measure, geo = prepared.measure, prepared.geo
    full, group = prepared.for_la(la, model)
    table = in_period(full, measure, period)
    names = area_names(geo, la)
    fmt = measure_formatter(measure)
    notes = [group.note] if group.note else []
    if table.empty:
        summary = SummaryLine(measure["label"], "–", "no figure", "–", "–", "–", "not ranked", "–", None,
                              ratings.COMPARATORS)
        return PackSection(measure.name, measure["label"], str(measure["definition"] or ""), None,
                           published_commentary(table, measure, names, [], average), measure["source"],
                           pd.DataFrame(), summary, notes=notes)
    row = table.iloc[-1]
    year = int(row.year)
    neighbours = list(prepared.neighbour_figures(la, group.codes, year).values())
    ends = period_end(year, measure["year_type"])
    target = None if own_targets is None or own_targets.empty else targets.target_at(
        own_targets, date(ends.year, ends.month, 1))
    if target:
        target["demo"] = demo_target
    band = row.quartile if isinstance(row.quartile, str) else None
    rating = ratings.verdict(row.la_value, measure, target, (row[f"sn_{average}"], row.england_value), band)
    value = fmt(row.la_value) if not is_missing(row.la_value) else missing_text(row.missing_reason)
    caveat = summaries.base_caveat(measure.name, base, year)
    if caveat:
        notes.append(f"{names['la']}'s figure for {row.period} {caveat}.")
    small = " (small base)" if caveat else ""
    summary = SummaryLine(
        measure["label"], row.period, value, f"{fmt(row[f'sn_{average}'])} ({row.sn_count} of {row.sn_of})",
        fmt(row.region_value), fmt(row.england_value),
        ordinal_rank(row["rank"], row.rank_of, row.rank_tied) + small,
        (BAND_TEXT.get(band, "–") + small) if band else "–", rating.rag, rating.against, ends, rating.note)
    return PackSection(
        measure_id=measure.name, title=measure["label"], definition=str(measure["definition"] or ""),
        figure=charts.trend(table, measure, names, ("sn", "region", "england"), average),
        commentary=published_commentary(table, measure, names, neighbours, average, target, rating.rag,
                                        held=rating.note),
        source=measure["source"], table=figures_table(table, measure, names, average), summary=summary,
        notes=notes, demo=[DEMO_TARGETS] if target and demo_target else [])


def _publications(store_publications: pd.DataFrame, keys: list[str]) -> list[Citation]:
    chosen = store_publications.set_index("key").loc[[k for k in dict.fromkeys(keys)
                                                      if k in set(store_publications.key)]]
    return [Citation(r.title, r.publisher, r.edition, r.url, r.attribution) for r in chosen.itertuples()]


def annex_rules(request: PackRequest, has_local: bool) -> list[tuple[str, list[str]]]:
    """The rules a reader needs: comparisons, ratings and, where the pack is public, disclosure control."""
    rules = [
        ("How comparisons are made", [
            f"This paper compares the LA with its statistical neighbours in the DfE's {MODELS[request.model]}, "
            f"using their {request.average}.",
            *(f"{heading}. {text}" for heading, text in benchmark_rules),
            "Trends are described only from three periods in a row with figures. A figure the publisher did not "
            "release is shown as missing with its reason, never as zero.",
        ]),
        ("How RAG ratings are given", ratings.rules_text()),
    ]
    if has_local:
        rules.append(("The council's own figures", [
            f"Monthly figures from the council's own records are shown for the whole service over the "
            f"{SECTION_MONTHS} months to the paper's month, with its teams in the latest month where the records "
            "give them; a measure with no figure in those months is left out. Process limits, trends and "
            "forecasts are worked out from the months shown.",
            "Each measure comes from one source and sources are never mixed on one chart: rates worked out from "
            "the establishment figures (on the DfE's definitions, at each month end) or counts from the child "
            "protection plan list where the council has them, otherwise the monthly figures it reported.",
            "Process limits are the mean plus or minus 2.66 times the average moving range (NHS 'Making Data "
            "Count'); with fewer than 13 months they are trial limits. A forecast fits a straight line through "
            "the latest six monthly figures (at least three) and says when it reaches the final target.",
            "Figures marked as demo data are examples, not live figures: transcribed ones come from the "
            "council's published papers, synthetic ones are made up to show how the pack works."]))
    if request.is_public:
        rules.append(("Protecting individuals in this public paper", disclosure.rules_text()))
    elif has_local:
        rules.append(("Small numbers", [
            "This paper is not public: counts from the council's own records are shown in full. Do not publish it "
            "without applying the disclosure rules of a public pack."]))
    return rules


def data_as_at(built_at: str, latest: list[date], local_latest: list[date]) -> str:
    """The cover's 'data as at': when the published figures were loaded and the end of the latest period shown,
    and the latest month of the council's own figures when the pack has them."""
    loaded = pd.Timestamp(built_at).strftime("%d %B %Y") if built_at else "an unknown date"
    ends = f"the latest period shown ends on {max(latest):%d %B %Y}" if latest else "no period has a figure"
    own = f" The council's own figures run to {max(local_latest):%d %B %Y}." if local_latest else ""
    return f"Published figures as loaded on {loaded}; {ends}.{own}"


def build_pack(request: PackRequest, geo: Geography, measures: pd.DataFrame,
               prepared: Callable[[str], MeasureBenchmarks], store_publications: pd.DataFrame, built_at: str,
               target_table: pd.DataFrame | None = None, local_sections: list[PackSection] | None = None,
               progress: Callable[[float, str], None] | None = None, demo_batches: frozenset[int] = frozenset(),
               left_out: list[str] | None = None, built: Callable[[PackSection], None] | None = None) -> Pack:
    """The whole pack for one LA, meeting and month.

    `prepared`: measure id -> MeasureBenchmarks (the pages pass their cached one);
    `target_table`: the council's target table (measure_id, target_date, value, tolerance, source, owner), used
    for published measures that have targets; `local_sections`: from pack_local.local_sections, already built for
    this request (public or not); `demo_batches`: the ids of the labelled demo's batches, so a rating against a
    demo target says so; `left_out`: the council's own measures left out, and why (local_sections.left_out);
    `built(section)` is called as each published section is built (a PDF draws its chart meanwhile).
    """
    meeting = MEETINGS[request.meeting]
    sections = []
    for n, measure_id in enumerate(meeting.measures):
        if progress:
            progress(n / len(meeting.measures), f"Gathering {measures.at[measure_id, 'label']}")
        own = None if target_table is None else target_table[target_table.measure_id == measure_id]
        demo = own is not None and "batch_id" in own and bool(own.batch_id.isin(demo_batches).any())
        base = prepared(BASES[measure_id][0]).for_la(request.la, request.model)[0] if measure_id in BASES else None
        sections.append(published_section(prepared(measure_id), request.la, request.period, request.model,
                                           request.average, own, demo, base))
        if built:
            built(sections[-1])
    sections += local_sections or []
    keys = [measures.at[m, "publication"] for m in meeting.measures] + [f"sn{request.model}"]
    return Pack(
        la_code=request.la, la_name=geo.name(request.la), meeting=meeting, period=request.period,
        produced=request.produced, data_as_at=data_as_at(
            built_at, [s.summary.ends for s in sections if s.summary.ends and not s.is_local],
            [s.summary.ends for s in sections if s.summary.ends and s.is_local]),
        neighbours=f"{MODELS[request.model]} ({request.average})", public=request.is_public, sections=sections,
        publications=_publications(store_publications, keys),
        rules=annex_rules(request, bool(local_sections)), left_out=left_out or [])
