"""The council's own figures for one LA, read once from the local store for the board packs and the Improvement
plan page, so a pack and the pages show the same figures.

Monthly figures as reported (whole service, else added up from teams), rates from the
establishment figures and counts from the CP plan list are all read; which one a
measure is shown from is decided where it is shown (local_views.one_origin).
"""

from dataclasses import dataclass

import pandas as pd

from analytics.local import annex_measures, census, cp_plans, cp_views, like_for_like, workforce
from analytics.local import views as local_views
from analytics.local.catalogue import Catalogue
from analytics.local.series import whole_service
from analytics.local.store import LocalStore
from analytics.published.catalogue import WORKFORCE_MEASURES
from analytics.published.store import Store


@dataclass(frozen=True)
class LocalFigures:
    """What the local store holds for one LA, as the packs and the Improvement plan page read it:

    - `series`: rows of local_views.SERIES_COLUMNS (local_views.monthly_figures): measure_id,
      month, team (None for the whole service), value, numerator, denominator, status (why
      a value is missing), origin (one of local_views.ORIGINS) and batch_id. A measure may
      have rows from several sources.
    - `measures`: indexed by measure id, with label, unit ('percent', 'count', ...),
      polarity ('high', 'low', 'neither') and definition; optionally decimals, axis_title.
    - `targets`: measure_id, target_date (missing for a standing target), value,
      tolerance, and optionally batch_id.
    - `team_staff`: month, team, staff (FTE in post), for the small-team rule.
    - `batches`: LocalStore.batches(), for labelling demo figures.
    """

    series: pd.DataFrame
    measures: pd.DataFrame
    targets: pd.DataFrame
    team_staff: pd.DataFrame | None = None
    batches: pd.DataFrame | None = None


def all_measures(published: pd.DataFrame, declared: pd.DataFrame) -> pd.DataFrame:
    """Published (Store.measures), shipped-local and declared (LocalStore.declared_measures) measures together,
    with what charts need, indexed by id."""
    catalogue = Catalogue.build(published, declared).measures
    return local_views.chart_measures(catalogue, published.set_index("id"))


def local_figures(local: LocalStore, store: Store, la: str, measures: pd.DataFrame | None = None,
                  measure_ids: list[str] | None = None) -> LocalFigures:
    """Everything the local store holds for `la` (the store's area code), as LocalFigures.

    `measures`: all_measures (read when not given); `measure_ids`: the measures to read (all of them when not
    given). A store with nothing for the LA gives an empty series.
    """
    with local.reading():  # one session, one snapshot: the figures all come from the same state of the store
        measures = all_measures(store.measures(), local.declared_measures()) if measures is None else measures
        ids = list(measures.index) if measure_ids is None else list(measure_ids)
        by_team = local.observations(la, ids, by_team=True)
        reported = local.observations(la, ids)
        establishment = local.establishment(la)
        plans = local.cp_plans(la)
        targets, batches = local.targets(la), local.batches()
        annex = annex_a_figures(local, store, la)
    # a census file's figures are a series of their own, never on one line with figures reported month by month
    in_census, team_in_census = census.from_census(reported), census.from_census(by_team)
    census_rows = pd.concat([reported[in_census], by_team[team_in_census]], ignore_index=True)
    by_team = by_team[~team_in_census]
    reported = whole_service(reported[~in_census], by_team, measures.unit)
    rates = workforce.monthly_rates(establishment) if len(establishment) else None
    cp_summary = None
    if len(plans):
        # a plan list is one batch (the latest snapshot)
        cp_summary = cp_plans.month_end_summary(plans, cp_views.plan_list_months(plans)).assign(
            batch_id=plans.batch_id.iloc[0])
    staff = None
    if rates is not None:
        teams = rates[rates.team != workforce.WHOLE_SERVICE]
        staff = teams.assign(staff=teams.permanent_fte + teams.agency_fte)[["month", "team", "staff"]]
    series = local_views.monthly_figures(reported, by_team, rates, cp_summary, ids, annex, census_rows)
    return LocalFigures(series, measures, targets, staff, batches)


def annex_a_figures(local: LocalStore, store: Store, la: str) -> pd.DataFrame:
    """annex_measures.measures of what the store says now about the LA's Annex A lists (as stored on import, with
    the rates added), with the latest extract's batch_id (empty when no extract is stored)."""
    found = local.annex_figures(la)
    if found.empty:
        return pd.DataFrame(columns=[*annex_measures.COLUMNS, "batch_id", "source"])
    population = store.area_observations(la, ["pop_0_17"]).set_index("year").value
    latest = found.iloc[0]
    source = (f"Annex A extract as at {pd.Timestamp(latest.as_at):%d %b %Y} (batch {latest.batch_id}) with what "
              "earlier extracts say of events it does not cover")
    return annex_measures.with_rates(found[annex_measures.COLUMNS], population).assign(
        batch_id=int(latest.batch_id), source=source)


def annex_a_comparison(local: LocalStore, store: Store, la: str) -> pd.DataFrame:
    """The LA's own Annex A figures at each 31 March beside its published ones for the same definition
    (like_for_like.at_period_end)."""
    own = annex_a_figures(local, store, la)
    pairs = annex_measures.PUBLISHED_AT_MARCH
    return like_for_like.at_period_end(own, store.area_observations(la, sorted(set(pairs.values()))), pairs, 3)


def census_comparison(local: LocalStore, store: Store, la: str) -> pd.DataFrame:
    """The LA's own workforce rates from its imported census files (and HR snapshots in that layout) at each 30
    September beside its published ones for that year (like_for_like.at_period_end, with each figure's batch_id;
    empty without them)."""
    own = census.on_census_day(local.observations(la, WORKFORCE_MEASURES))
    return like_for_like.at_period_end(own, store.area_observations(la, WORKFORCE_MEASURES),
                                       {m: m for m in WORKFORCE_MEASURES}, 9)
