"""What the pages show, worked out from benchmark tables: headline tiles, comparison rows and tables.

Pages only lay these out; every number on screen comes from here or from benchmarks.py.
"""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analytics.formatting import axis_title, format_change, is_missing, measure_formatter, missing_text, ordinal_rank
from analytics.published.benchmarks import MeasureBenchmarks
from analytics.published.catalogue import BASES, SMALL_BASE
from analytics.published.geography import Geography, NeighbourGroup
from analytics.published.sources import PUBLICATIONS
from analytics.ratings import Verdict, compare, verdict


@dataclass(frozen=True)
class Tile:
    """The headline for one measure: latest figure, change, comparison, rank and band."""

    measure_id: str
    label: str
    period: str | None  # the latest period the measure is published for
    value: float | None
    value_text: str
    change: float | None  # on the previous year, when both years have a figure
    change_text: str
    direction: str  # 'better' | 'worse' | 'no change' | 'up' | 'down' | ''
    sn_average: float | None
    region: float | None
    england: float | None
    comparison_text: str
    rank_text: str
    band: str | None
    history: list[float | None]  # the LA's figures over the selected years, for a sparkline
    rating: Verdict | None = None  # ratings.verdict against the neighbour average and England, as packs rate it
    caveat: str | None = None  # base_caveat: the figure rests on a small or suppressed count


def direction_of(change: float | None, polarity: str, decimals: int) -> str:
    """Better or worse by the measure's polarity (ratings.compare decides); plain up or down when it has none."""
    if is_missing(change):
        return ""
    if round(change, decimals) == 0:
        return "no change"
    return compare(change, 0.0, polarity, decimals) or ("up" if change > 0 else "down")


def base_caveat(measure_id: str, base: pd.DataFrame | None, year) -> str | None:
    """'rests on 0.0 social workers in post (FTE): too small a base ...' when the count a percentage rests on
    (catalogue.BASES; `base`: that count's benchmark table for the LA) is under SMALL_BASE or suppressed in `year`."""
    if measure_id not in BASES or base is None or is_missing(year):
        return None
    _, counts = BASES[measure_id]
    row = base[base.year == year]
    if row.empty:
        return None
    value, reason = row.la_value.iloc[0], row.missing_reason.iloc[0]
    if is_missing(value):
        if reason in ("blank", None):
            return None
        return f"rests on a count of {counts} that is {missing_text(reason)}: a rank or band on it says little"
    if value < SMALL_BASE:
        return f"rests on {value:,.1f} {counts}, a small base: one more or less moves it a long way"
    return None


def axis_caveat(measure: pd.Series, table: pd.DataFrame, base: pd.DataFrame | None, la_name: str) -> str | None:
    """The note under a trend chart whose scale one small-base point of the LA's sets: its highest figure is more
    than half as high again as any comparator's, and rests on a small or suppressed count (base_caveat)."""
    shown = table.dropna(subset=["la_value"])
    comparators = pd.concat([table[c] for c in ("sn_mean", "sn_median", "region_value", "england_value")])
    comparators = comparators.astype(float).dropna()
    if shown.empty or comparators.empty:
        return None
    top = shown.loc[shown.la_value.astype(float).idxmax()]
    if top.la_value <= 1.5 * max(comparators.max(), 0):
        return None
    caveat = base_caveat(measure.name, base, top.year)
    if not caveat:
        return None
    return (f"{measure['label']}: {la_name}'s {measure_formatter(measure)(top.la_value)} for {top.period} sets the "
            f"chart's scale; it "
            f"{caveat.split(':')[0]}, so the other lines look flatter than they are.")


def tile(table: pd.DataFrame, measure: pd.Series, average: str = "mean", base: pd.DataFrame | None = None) -> Tile:
    """The headline from a benchmark table (already limited to the years in view); `base`: the benchmark table of
    the count it rests on (catalogue.BASES), for the small-base caveat."""
    unit, decimals = measure["unit"], int(measure["decimals"])
    fmt = measure_formatter(measure)
    if table.empty:
        return Tile(measure.name, measure["label"], None, None, "–", None, "", "", None, None, None,
                    "No figures in the years selected.", "not ranked", None, [])
    latest = table.iloc[-1]
    previous = table.iloc[-2] if len(table) > 1 else None
    change = None
    if previous is not None and latest.year - previous.year == 1 and pd.notna(latest.la_value) \
            and pd.notna(previous.la_value):
        change = round(float(latest.la_value) - float(previous.la_value), decimals)
    sn = latest[f"sn_{average}"]
    value = None if pd.isna(latest.la_value) else float(latest.la_value)
    band = latest.quartile if isinstance(latest.quartile, str) else None
    comparison = (f"Neighbours ({average}) {fmt(sn)} · region {fmt(latest.region_value)} · "
                  f"England {fmt(latest.england_value)}")
    return Tile(
        measure_id=measure.name, label=measure["label"], period=latest.period, value=value,
        value_text=fmt(value) if value is not None else missing_text(latest.missing_reason),
        change=change, change_text=format_change(change, unit, decimals),
        direction=direction_of(change, measure["polarity"], decimals),
        sn_average=None if pd.isna(sn) else float(sn),
        region=None if pd.isna(latest.region_value) else float(latest.region_value),
        england=None if pd.isna(latest.england_value) else float(latest.england_value),
        comparison_text=comparison, rank_text=ordinal_rank(latest["rank"], latest.rank_of, latest.rank_tied),
        band=band, history=[None if pd.isna(v) else float(v) for v in table.la_value],
        rating=verdict(value, measure, comparators=(sn, latest.england_value), band=band),
        caveat=base_caveat(measure.name, base, latest.year),
    )


def in_years(table: pd.DataFrame, first_year: int, last_year: int) -> pd.DataFrame:
    return table[(table.year >= first_year) & (table.year <= last_year)].reset_index(drop=True)


def area_rows(prepared: MeasureBenchmarks, geo: Geography, year: int, codes: list[str],
              roles: dict[str, str]) -> pd.DataFrame:
    """name, value, reason, role for the given LAs in a year; a joint return stands for its members once."""
    rows, seen = [], set()
    for code in codes:
        unit = prepared.la_unit(code, year)
        if unit in seen:
            continue
        seen.add(unit)
        rows.append({"area_code": unit, "name": geo.name(unit), "value": prepared.value(unit, year),
                     "reason": prepared.reason(unit, year), "role": roles.get(code, "other")})
    return pd.DataFrame(rows, columns=["area_code", "name", "value", "reason", "role"])


def neighbour_rows(prepared: MeasureBenchmarks, geo: Geography, group: NeighbourGroup, year: int) -> pd.DataFrame:
    """The LA and its ten neighbours in one year, for the ranked bar chart."""
    roles = {group.la_code: "la"} | {code: "neighbour" for code in group.codes}
    return area_rows(prepared, geo, year, [group.la_code, *group.codes], roles)


def region_rows(prepared: MeasureBenchmarks, geo: Geography, la_code: str, year: int) -> pd.DataFrame:
    """Every current LA in the LA's region in one year."""
    region = geo.areas.at[la_code, "region_code"]
    members = geo.areas[(geo.areas.level == "la") & (geo.areas.region_code == region)]
    codes = [c for c in members.index if pd.isna(members.at[c, "abolished"]) or prepared.value(c, year) is not None]
    return area_rows(prepared, geo, year, codes, {la_code: "la"})


def all_la_rows(prepared: MeasureBenchmarks, geo: Geography, group: NeighbourGroup, year: int) -> pd.DataFrame:
    """Every reporting body with a figure in the year, marked as the LA, a neighbour or other."""
    ranks = prepared.ranks[prepared.ranks.year == year]
    la_unit = prepared.la_unit(group.la_code, year)
    neighbour_units = {prepared.la_unit(c, year) for c in group.codes}
    role = ranks.area_code.map(lambda u: "la" if u == la_unit else "neighbour" if u in neighbour_units else "other")
    return pd.DataFrame({"area_code": ranks.area_code, "name": ranks.area_code.map(geo.name), "value": ranks.value,
                         "rank": ranks["rank"], "band": ranks.band, "role": role}).reset_index(drop=True)


def neighbour_table(prepared: MeasureBenchmarks, geo: Geography, group: NeighbourGroup,
                    table: pd.DataFrame, average: str) -> pd.DataFrame:
    """Years down, the LA, each neighbour, their average, region and England across: figures as text."""
    measure = prepared.measure
    fmt = measure_formatter(measure)
    rows = []
    for record in table.itertuples():
        row = {"Period": record.period}
        for code in [group.la_code, *group.codes]:
            unit = prepared.la_unit(code, record.year)
            value = prepared.value(unit, record.year)
            row[geo.name(code)] = fmt(value) if value is not None else prepared.reason(unit, record.year)
        row[f"Neighbour {average}"] = fmt(getattr(record, f"sn_{average}"))
        row["Neighbours with a figure"] = f"{record.sn_count} of {record.sn_of}"
        row["Region"] = fmt(record.region_value)
        row["England"] = fmt(record.england_value)
        rows.append(row)
    return pd.DataFrame(rows)


def chart_data(table: pd.DataFrame, names: dict[str, str], average: str, measure: pd.Series | None = None
               ) -> pd.DataFrame:
    """The figures behind a trend chart, with reasons where there is no figure: for the table view and CSV.

    With `measure` (its catalogue row), figures are rounded to the decimals the chart shows and a Unit column
    says what they count, so a download reads as the page does.
    """
    data = pd.DataFrame({
        "Period": table.period,
        names["la"]: table.la_value,
        f"{names['la']}: reason if no figure": table.missing_reason.map(lambda r: missing_text(r) if r else ""),
        f"Statistical neighbours ({average})": table[f"sn_{average}"],
        "Neighbours with a figure": table.sn_count.astype(str) + " of " + table.sn_of.astype(str),
        names["region"]: table.region_value,
        "England": table.england_value,
        "Rank (1 = best)": table["rank"],
        "Of": table.rank_of,
        "Quartile band": table.quartile,
    })
    if measure is None:
        return data
    figures = [names["la"], f"Statistical neighbours ({average})", names["region"], "England"]
    data[figures] = data[figures].astype(float).round(int(measure["decimals"]))
    return data.assign(Unit=measure["axis_title"])


def quartile_table(prepared: MeasureBenchmarks, first_year: int, last_year: int) -> pd.DataFrame:
    """Per year: how many LAs had a figure, and the quartile cut-points that set bands A to D."""
    measure = prepared.measure
    fmt = measure_formatter(measure)
    rows = []
    for year, period in prepared.years:
        if not first_year <= year <= last_year or year not in prepared.cuts:
            continue
        count, q1, q2, q3 = prepared.cuts[year]
        rows.append({"Period": period, "LAs with a figure": count, "Lower quartile": fmt(q1),
                     "Median": fmt(q2), "Upper quartile": fmt(q3)})
    return pd.DataFrame(rows)


def duration_panels(tables: dict[str, pd.DataFrame], bands: dict[str, str], names: dict[str, str], average: str,
                    show: tuple[str, ...] = ("sn", "region", "england")) -> dict[str, pd.DataFrame]:
    """Shares in each band over time for the LA and each comparator shown: panel name -> period x band.

    `tables`: measure id -> benchmark table for the LA; `bands`: band label -> measure id.
    """
    columns = {"la": (names["la"], "la_value"), "sn": (f"Neighbours ({average})", f"sn_{average}"),
               "region": (names["region"], "region_value"), "england": (names["england"], "england_value")}
    panels = {}
    for key in ("la", *[k for k in ("sn", "region", "england") if k in show]):
        title, column = columns[key]
        frame = pd.DataFrame({"period": next(iter(tables.values())).period})
        for band, measure_id in bands.items():
            part = tables[measure_id][["period", column]].rename(columns={column: band})
            frame = frame.merge(part, on="period", how="left")
        panels[title] = frame
    return panels


def duration_table(panels: dict[str, pd.DataFrame], unit: str) -> pd.DataFrame:
    """The panels as one table: area, period, the share in each band and the `unit` they are in."""
    return pd.concat([frame.assign(Area=title) for title, frame in panels.items()], ignore_index=True) \
        .rename(columns={"period": "Period"}).pipe(lambda d: d[["Area", "Period", *d.columns[1:-1]]]) \
        .assign(Unit=unit)


def flows_table(tables: dict[str, pd.DataFrame], measures: pd.DataFrame) -> pd.DataFrame:
    """The LA's own published figures for a few measures in one unit, one column each, by period (e.g. in post,
    starters, leavers), rounded as the chart shows them, with the reason where a figure is missing and the unit."""
    out, reasons = None, []
    for measure_id, table in tables.items():
        label = measures.at[measure_id, "label"]
        part = pd.DataFrame({"Period": table.period,
                             label: table.la_value.astype(float).round(int(measures.at[measure_id, "decimals"]))})
        if table.la_value.isna().any():
            reasons.append(f"{label}: reason if no figure")
            part[reasons[-1]] = table.missing_reason.map(lambda r: missing_text(r) if r else "").where(
                table.la_value.isna(), "")
        out = part if out is None else out.merge(part, on="Period", how="outer", sort=False)
    return out.assign(Unit=axis_title(measures.at[next(iter(tables)), "unit"]))


def latest_edition_changes(files: pd.DataFrame, revisions: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    """What the newest edition of each release changed from the one before: one row per figure, as users read it.

    `files` and `revisions` as the store gives them (release_files, revisions); `measures` indexed by id.
    """
    latest = set(files.loc[files.edition == 1, "file"])
    rows = revisions[revisions.new_source.isin(latest)]

    def reads(value, status, measure_id):
        return missing_text(status) if is_missing(value) else measure_formatter(measures.loc[measure_id])(value)

    return pd.DataFrame({
        "Measure": rows.label, "Area": rows.area, "Year": rows.year, "Change": rows.change,
        "Before": [reads(v, s, m) for v, s, m in zip(rows.old_value, rows.old_status, rows.measure_id, strict=True)],
        "Now": [reads(v, s, m) for v, s, m in zip(rows.new_value, rows.new_status, rows.measure_id, strict=True)],
        "Edition": rows.new_source, "Replacing": rows.old_source,
    })


# LAIT indicators that repeat a DfE release measure: the same figure for every area and year both carry (checked
# against the store by tests/published/test_lait_duplicates.py).
LAIT_DUPLICATES = Path(__file__).with_name("lait_duplicates.csv")


def lait_duplicates() -> dict[str, str]:
    """LAIT indicator id -> the release measure it repeats."""
    pairs = pd.read_csv(LAIT_DUPLICATES, dtype=str)
    return dict(zip(pairs.lait_id, pairs.release_id))


def distinct_measures(measures: pd.DataFrame, duplicates: dict[str, str]) -> pd.DataFrame:
    """The catalogue (indexed by id) with one row per distinct measure: a LAIT indicator that repeats a release
    measure (`duplicates`, as lait_duplicates) is left out, and the release measure's `sources` names both."""
    here = {lait: release for lait, release in duplicates.items()
            if lait in measures.index and release in measures.index}
    also = {release: lait for lait, release in here.items()}
    lait_credit = PUBLICATIONS["lait"].title
    sources = [f"{source}; also in the {lait_credit} as '{measures.at[also[i], 'label']}' ({also[i]})"
               if i in also else source for i, source in zip(measures.index, measures.source)]
    return measures.drop(index=list(here)).assign(sources=pd.Series(sources, index=measures.index))
