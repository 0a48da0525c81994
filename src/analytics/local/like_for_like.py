"""The council's own figure at a published period end beside the published one for the same definition, and
whether they differ by more than rounding: a data-quality signal a Director will ask about (Annex A's counts at
31 March, the census's rates at 30 September, the CP plan list's share at 31 March)."""

import numpy as np
import pandas as pd

DIFFERS_TEXT = {True: "yes: check the data", False: ""}


def beyond_rounding(own: pd.Series, published: pd.Series) -> pd.Series:
    """More than half a unit in the published figure's last decimal place apart (half a child for a count, 0.05
    for a figure published to one decimal place); False where either is missing."""
    tolerance = np.where(published % 1 == 0, 0.5, 0.05)
    return (own - published).abs() > tolerance


def at_period_end(own: pd.DataFrame, published: pd.DataFrame, pairs: dict[str, str], month: int) -> pd.DataFrame:
    """The council's own whole-service figure at each period end (`month`: 3 for 31 March, 9 for a workforce
    census's 30 September) beside the published one (`pairs`: own id -> published id; `published`: the LA's
    published figures, measure_id, year (the period end's year) and value, as Store.area_observations gives
    them). The own figure's batch_id is kept when `own` has one."""
    at_end = own[(pd.to_datetime(own.month).dt.month == month) & own.team.isna()]
    at_end = at_end.assign(published_id=at_end.measure_id.map(pairs), year=pd.to_datetime(at_end.month).dt.year)
    columns = ["measure_id", "month", "own", "published_id", "published", "differs",
               *(["batch_id"] if "batch_id" in own else [])]
    if at_end.empty or published.empty:
        return pd.DataFrame(columns=columns)
    # the first published figure of the year, when it is a figure
    theirs = published.rename(columns={"measure_id": "published_id"})[["published_id", "year", "value"]]
    theirs = theirs.drop_duplicates(["published_id", "year"]).dropna(subset=["value"])
    found = at_end.rename(columns={"value": "own"}).merge(theirs.rename(columns={"value": "published"}),
                                                          on=["published_id", "year"])
    return found.assign(differs=beyond_rounding(found.own, found.published))[columns].reset_index(drop=True)
