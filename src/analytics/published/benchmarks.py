"""The benchmark engine: an LA's published figure beside its statistical neighbours, region and England,
with its rank and quartile band among all LAs.

Pure functions over DataFrames from the store. How this follows or departs from
the DfE's own tools (LAIT and CSC Outcomes & Enablers):

- Neighbour average: both the mean (as LAIT) and the median (as CSC) of the
  neighbours' published values, ignoring neighbours with no figure, and the count
  of neighbours that had one, so a thin average is visible. Neighbours are joined
  on LA codes, not names (both tools join on names).
- Rank: 1 = best by the measure's polarity, ties share the lowest rank (R's
  ties.method = "min"), as LAIT. Measures with no better direction are not
  ranked or banded, as LAIT.
- Quartiles: R type-7 quantiles (numpy 'linear') of all LA figures for the same
  year, as LAIT, but for every year rather than only the latest. Band A is the
  best quarter. A value exactly on a cut-point gets the better band for either
  polarity; LAIT gives it the lower-valued band, which is the worse band when
  higher is better (Q3 falls in B, not A).
- Joint workforce returns (Kingston upon Thames with Richmond upon Thames; North
  with West Northamptonshire) count once in ranks, quartiles and neighbour
  averages. LAIT repeats them under both LAs, counting them twice and putting an
  LA's own figure into its neighbour average; CSC drops them. Here a neighbour
  whose figure is the LA's own joint return is left out of its average.
- Reorganised LAs: an abolished LA's figure is left out of a year's ranks when a
  successor has a figure for that year, so no area is counted twice (LAIT
  counts both in the few years where LAIT has both).
- Regional and England figures are the published ones, never recomputed from
  LA rows (published totals include figures suppressed at LA level).

RULES (below) says the same for users, in plain English: the Data sources page
and the board packs' annex show it.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.periods import period_label
from analytics.published.geography import Geography, NeighbourGroup, neighbour_group, neighbour_units
from analytics.published.ingest.areas import ENGLAND

# The rules as users read them (the Data sources page): (heading, plain-English text).
RULES = [
    ("Statistical neighbours",
     "Each council is compared with the ten councils the Department for Education's statistical neighbour model "
     "finds most like it. Their figure is the average (mean, as the DfE's Local Authority Interactive Tool shows "
     "it, or median, as its children's social care dashboard does) of the neighbours that published a figure, "
     "shown with how many of the ten did."),
    ("Region and England",
     "Regional and England figures are the ones the DfE publishes. They are never worked out again from the "
     "councils' figures, because the published totals include figures withheld for single councils."),
    ("Rank",
     "Rank 1 is the best figure among all councils with a figure that year, by the measure's direction (lower "
     "turnover is better; more assessments on time is better). Councils with the same figure share a rank. "
     "Measures with no better direction are not ranked."),
    ("Quartile bands",
     "Band A is the best quarter of councils and band D the worst. The cut-points are the lower quartile, median "
     "and upper quartile of every council's figure that year, worked out as the DfE's interactive tool does, for "
     "every year rather than only the latest. A figure exactly on a cut-point takes the better band."),
    ("Joint workforce returns",
     "Kingston upon Thames with Richmond upon Thames, and North with West Northamptonshire, make one social work "
     "workforce return together. It counts once in ranks, bands and neighbour averages, and a council's own joint "
     "figure is never part of its neighbours' average."),
    ("Councils that were reorganised",
     "A council that was abolished keeps its own history. In a year in which a council that replaced it has a "
     "figure, the abolished council is left out of the ranks, so no area is counted twice."),
]
BANDS = ("A", "B", "C", "D")
LA_LEVELS = ("la", "joint")

RESULT_COLUMNS = [
    "year", "period", "la_value", "missing_reason", "la_area", "sn_mean", "sn_median", "sn_count", "sn_of",
    "region_value", "region_reason", "england_value", "england_reason", "rank", "rank_of", "rank_tied",
    "quartile", "q1", "q2", "q3",
]


def reporting_units(obs: pd.DataFrame, geo: Geography) -> pd.DataFrame:
    """The LA-level figures that count in ranks and quartiles: one per reporting body and year.

    A joint return is one unit; an abolished LA drops out of a year in which any
    of its successors has a figure.
    """
    units = obs[obs.level.isin(LA_LEVELS) & obs.value.notna()]
    predecessors = units.area_code.isin(geo.successors).to_numpy()
    if predecessors.any():
        reported = set(zip(units.area_code.tolist(), units.year.tolist()))
        old = units[predecessors]
        superseded = [any((s, year) in reported for s in geo.successors[code])
                      for code, year in zip(old.area_code.tolist(), old.year.tolist())]
        units = units.drop(index=old.index[superseded])
    return units


def rank_values(values: np.ndarray, polarity: str) -> np.ndarray:
    """1 = best; ties share the lowest rank (R's ties.method = "min"). NaN where polarity gives no direction."""
    if polarity not in ("high", "low"):
        return np.full(len(values), np.nan)
    key = values if polarity == "low" else -values
    return np.searchsorted(np.sort(key), key, side="left") + 1.0


def quartile_bands(values, q1, q2, q3, polarity: str) -> np.ndarray:
    """Band A (best quarter) to D (worst) for each value; a value on a cut-point takes the better band."""
    values, q1, q2, q3 = (np.asarray(x, dtype=float) for x in (values, q1, q2, q3))
    if polarity == "low":
        conditions = [values <= q1, values <= q2, values <= q3, values > q3]
    elif polarity == "high":
        conditions = [values >= q3, values >= q2, values >= q1, values < q1]
    else:
        return np.full(values.shape, None, dtype=object)
    bands = np.select(conditions, BANDS, default="").astype(object)
    bands[bands == ""] = None  # NaN values fall through every condition
    return bands


def ranked(obs: pd.DataFrame, geo: Geography, measure: pd.Series) -> pd.DataFrame:
    """Every reporting unit's figure with its rank, rank_of, quartile cuts and band, for every year."""
    units = reporting_units(obs, geo)
    polarity = measure["polarity"]
    banded = bool(measure["quartiles"]) and polarity in ("high", "low")
    years, values = units.year.to_numpy(), units.value.to_numpy(dtype=float)
    rank, rank_of = np.full(len(values), np.nan), np.zeros(len(values), dtype=int)
    cuts = np.full((len(values), 3), np.nan)
    for year in np.unique(years):
        rows = np.flatnonzero(years == year)
        rank[rows] = rank_values(values[rows], polarity)
        rank_of[rows] = len(rows)
        if banded:
            # numpy's default interpolation is R's type 7, as LAIT uses
            cuts[rows] = np.quantile(values[rows], [0.25, 0.5, 0.75])
    return pd.DataFrame({
        "area_code": units.area_code.to_numpy(), "period": units.period.to_numpy(), "year": years,
        "value": values, "rank": rank, "rank_of": rank_of, "q1": cuts[:, 0], "q2": cuts[:, 1], "q3": cuts[:, 2],
        "band": quartile_bands(values, cuts[:, 0], cuts[:, 1], cuts[:, 2], polarity if banded else "neither"),
    })


@dataclass(frozen=True)
class MeasureBenchmarks:
    """One measure's figures, ranks and quartile cuts for every area and year, ready to read per LA.

    Building it is the per-measure work (ranking every LA in every year); reading
    an LA from it is cheap, so pages and the CLI build it once per measure.
    """

    geo: Geography
    measure: pd.Series
    years: list[tuple[int, str]]  # (year, period label), oldest first
    figures: dict[tuple[str, int], tuple[float, str | None]]  # (area, year) -> (value, status)
    ranks: pd.DataFrame  # every reporting unit and year: value, rank, rank_of, band, q1..q3
    rank_of: dict[tuple[str, int], tuple[float, str | None]]  # (unit, year) -> (rank, band)
    cuts: dict[int, tuple[int, float, float, float]]  # year -> (rank_of, q1, q2, q3)
    shared: dict[tuple[int, float], int]  # (year, rank) -> how many reporting units hold that rank

    def value(self, area_code: str, year: int) -> float | None:
        value, _ = self.figures.get((area_code, year), (None, "blank"))
        return None if value is None or np.isnan(value) else value

    def reason(self, area_code: str, year: int) -> str | None:
        """Why an area has no figure for a year ('c', 'x', ..., 'blank'); None when it has one.

        With no row at all, an LA created or abolished in a reorganisation gets
        'not_yet' or 'abolished' for years outside its life, so those years are not
        shown as gaps in a publication.
        """
        if (area_code, year) not in self.figures and area_code in self.geo.areas.index:
            created, abolished = self.geo.areas.loc[area_code, ["created", "abolished"]]
            if pd.notna(created) and year <= created:
                return "not_yet"
            if pd.notna(abolished) and year > abolished:
                return "abolished"
        value, status = self.figures.get((area_code, year), (None, "blank"))
        return None if value is not None and not np.isnan(value) else (status or "blank")

    def la_unit(self, la_code: str, year: int) -> str:
        """Whose figure stands for the LA: its own, or its joint return's where it reported jointly."""
        joint = self.geo.joint_of.get(la_code)
        if self.value(la_code, year) is None and joint and self.value(joint, year) is not None:
            return joint
        return la_code

    def neighbour_figures(self, la_code: str, neighbour_codes: list[str], year: int) -> dict[str, float]:
        """Each distinct neighbouring reporting body's figure for the year, the LA's own return excluded."""
        own = {la_code, self.geo.joint_of.get(la_code)}
        found = {}
        for code in neighbour_codes:
            unit = self.la_unit(code, year)
            value = self.value(unit, year)
            if value is not None and unit not in own:
                found[unit] = value
        return found

    def for_la(self, la_code: str, model: str) -> tuple[pd.DataFrame, NeighbourGroup]:
        """One row per year: the LA, its neighbours' mean and median, region, England, rank and band."""
        if la_code not in self.geo.areas.index:
            raise KeyError(f"unknown area {la_code!r}")
        group = neighbour_group(self.geo, la_code, model)
        region = self.geo.areas.at[la_code, "region_code"]
        possible = len(neighbour_units(self.geo, la_code, group.codes))
        rows = []
        for year, period in self.years:
            unit = self.la_unit(la_code, year)
            found = list(self.neighbour_figures(la_code, group.codes, year).values())
            rank, band = self.rank_of.get((unit, year), (None, None))
            rank_of, q1, q2, q3 = self.cuts.get(year, (0, None, None, None))
            rows.append({
                "year": year, "period": period,
                "la_value": self.value(unit, year), "missing_reason": self.reason(unit, year),
                "la_area": unit,
                "sn_mean": float(np.mean(found)) if found else None,
                "sn_median": float(np.median(found)) if found else None,
                "sn_count": len(found), "sn_of": possible,
                "region_value": self.value(region, year), "region_reason": self.reason(region, year),
                "england_value": self.value(ENGLAND, year), "england_reason": self.reason(ENGLAND, year),
                "rank": None if rank is None or np.isnan(rank) else int(rank), "rank_of": int(rank_of),
                "rank_tied": rank is not None and self.shared.get((year, rank), 1) > 1,
                "quartile": band, "q1": q1, "q2": q2, "q3": q3,
            })
        table = pd.DataFrame(rows, columns=RESULT_COLUMNS).astype({"rank": "Int64"})
        return table, group


def prepare_measure(obs: pd.DataFrame, geo: Geography, measure: pd.Series) -> MeasureBenchmarks:
    """Rank every reporting unit in every year for one measure (`obs`: the store's observations for it)."""
    # every period in the product's one style for its kind (periods.period_label), whatever the source wrote
    labels = {p: period_label(p, measure.get("year_type")) for p in obs.period.unique()}
    obs = obs.assign(period=obs.period.map(labels))
    units = ranked(obs, geo, measure)
    years = obs.groupby("year").period.first()
    per_year = units.drop_duplicates("year")
    statuses = [s if isinstance(s, str) else None for s in obs.status.tolist()]
    return MeasureBenchmarks(
        geo=geo,
        measure=measure,
        years=list(zip(years.index.tolist(), years.tolist())),
        figures=dict(zip(zip(obs.area_code.tolist(), obs.year.tolist()), zip(obs.value.tolist(), statuses))),
        ranks=units,
        rank_of=dict(zip(zip(units.area_code.tolist(), units.year.tolist()),
                         zip(units["rank"].tolist(), units.band.tolist()))),
        cuts={y: (n, *(None if np.isnan(q) else float(q) for q in qs))
              for y, n, *qs in zip(per_year.year.tolist(), per_year.rank_of.tolist(), per_year.q1.tolist(),
                                   per_year.q2.tolist(), per_year.q3.tolist())},
        shared=units.dropna(subset=["rank"]).groupby(["year", "rank"]).size().to_dict(),
    )

