"""The council's own figures for one LA, read once from the local store for the board packs and the Improvement
plan page, so a pack and the pages show the same figures.

Monthly figures as reported (whole service, else added up from teams), rates from the
establishment figures and counts from the CP plan list are all read; which one a
measure is shown from is decided where it is shown (local_views.one_source).
"""

import pandas as pd

from analytics import cp_plans, local_views, workforce
from analytics.local_catalogue import Catalogue
from analytics.local_series import whole_service
from analytics.local_store import LocalStore
from analytics.pack_local import LocalFigures
from analytics.store import Store


def measure_catalogue(published: pd.DataFrame, declared: pd.DataFrame) -> pd.DataFrame:
    """Published (Store.measures), shipped-local and declared (LocalStore.declared_measures) measures together,
    with what charts need, indexed by id."""
    catalogue = Catalogue.build(published, declared).measures
    return local_views.chart_measures(catalogue, published.set_index("id"))


def local_figures(local: LocalStore, store: Store, la: str, measures: pd.DataFrame | None = None,
                  measure_ids: list[str] | None = None) -> LocalFigures:
    """Everything the local store holds for `la` (the store's area code), as LocalFigures.

    `measures`: measure_catalogue (read when not given); `measure_ids`: the measures to read (all of them when not
    given). A store with nothing for the LA gives an empty series.
    """
    measures = measure_catalogue(store.measures(), local.declared_measures()) if measures is None else measures
    ids = list(measures.index) if measure_ids is None else list(measure_ids)
    by_team = local.observations(la, ids, by_team=True)
    reported = whole_service(local.observations(la, ids), by_team, measures.unit)
    establishment = local.establishment(la)
    rates = workforce.monthly_rates(establishment) if len(establishment) else None
    plans = local.cp_plans(la)
    cp_summary = None
    if len(plans):
        # a plan list is one batch (the latest snapshot)
        cp_summary = cp_plans.month_end_summary(plans, local_views.plan_list_months(plans)).assign(
            batch_id=plans.batch_id.iloc[0])
    staff = None
    if rates is not None:
        teams = rates[rates.team != workforce.WHOLE_SERVICE]
        staff = teams.assign(staff=teams.permanent_fte + teams.agency_fte)[["month", "team", "staff"]]
    return LocalFigures(local_views.monthly_figures(reported, by_team, rates, cp_summary, ids), measures,
                        local.targets(la), staff, local.batches())
