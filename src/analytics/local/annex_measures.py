"""The practice measures worked out from the stored Annex A lists, month by month, and at the latest extract's
as-at date by team; each measure's definition is in local_measures.csv (its one home), shown on the Data sources
page and by `python -m analytics measures`.

Months run from six months before the earliest extract (what it covers) to the latest extract's month; a month
end after the latest as-at date is counted at that date. Counts of events in a month use what the store says now
about each child's events (store_annex.py: the latest extract's row for each child and event). Measures of a
moment that only an extract knows (who is allocated, the last visit, placements in the last 12 months, care
leavers' status) are given at the latest extract's as-at date, from that extract's own rows.

Working days leave out Saturdays, Sundays and England and Wales bank holidays (the `holidays` package's
England calendar, which Wales shares), counted from the day after the start to the end date inclusive.
CP plan measures use the rules of cp_plans.py. Rates per 10,000 use the ONS mid-year estimate of children aged 0
to 17 for the latest year at or before the month; they are added to the counts by `with_rates`, so the counts can
be worked out once per import and stored (store_annex.py) while the population stays in the published store.
"""

from datetime import date
from functools import cache

import holidays
import numpy as np
import pandas as pd

from analytics.local import cp_plans

# month-end counts and the published ids at 31 March with the same definition (like_for_like.py)
PUBLISHED_AT_MARCH = {"cin_open_count": "cin_at31_count", "cla_open_count": "cla_at31_count",
                      "cla_open_rate": "cla_at31_rate", "cpp_open_count": "lait_cpp_num",
                      **{f"{band}_{end}": f"{band}_{end}" for band in cp_plans.BANDS for end in ("count", "pct")},
                      "cpp_1yr_plus_count": "cpp_1yr_plus_count", "cpp_1yr_plus_pct": "cpp_1yr_plus_pct"}
CP_MEASURES = ["cpp_open_count", "cpp_9m_plus_count", "cpp_9m_plus_pct", "cpp_9m_plus_avg_days",
               *(f"{band}_{end}" for band in cp_plans.BANDS for end in ("count", "pct")),
               "cpp_subsequent_count", "cpp_subsequent_pct"]
TEAM_MEASURES = ("unallocated_children_count", "caseload_per_worker_avg")
# the council's own measures this module adds (their definitions are in local_measures.csv)
MEASURE_IDS = ["contacts_count", "referrals_count", "referrals_nfa_pct", "rereferral_12m_pct",
               "assessments_completed_count", "assessments_45wd_pct", "assessments_open_over_45wd_count",
               "s47_count", "icpc_15wd_pct", "cin_open_count", "cin_open_rate", "cpp_open_count", "cpp_open_rate",
               "cpp_9m_plus_count", "cpp_9m_plus_pct", "cpp_9m_plus_avg_days", "cpp_visits_10wd_pct",
               "cla_open_count", "cla_open_rate", "cla_3plus_placements_pct", "care_leavers_in_touch_pct",
               "care_leavers_suitable_accommodation_pct", "care_leavers_eet_pct", *TEAM_MEASURES]
COLUMNS = ["measure_id", "month", "team", "value", "numerator", "denominator"]
RATES = {"cin_open_rate": "cin_open_count", "cla_open_rate": "cla_open_count", "cpp_open_rate": "cpp_open_count"}
DATES = ("event_start", "event_end", "authorised", "icpc_date", "last_visit", "as_at")
# what `measures` reads of the stored lists: these columns, and the child only in lists 3 and 7 (re-referrals,
# subsequent plans), the team and worker only in list 6 (caseloads), so the store need not fetch the others
READS = [*DATES, "nfa", "referrals_12m", "previous_plans", "placements_12m", "in_touch", "accommodation", "activity"]
READ_IN = {"child_key": (3, 7), "team": (6,), "worker_key": (6,)}
AT_AS_AT = (6, 7, 8, 9)  # the lists whose latest extract's own rows give measures at its as-at date


@cache
def bank_holidays(first_year: int, last_year: int) -> np.ndarray:
    days = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return np.array(sorted(days), dtype="datetime64[D]")


def working_days(start, end) -> np.ndarray:
    """Working days after `start` up to and including `end` (arrays of dates; NaN where either is missing)."""
    start = pd.to_datetime(pd.Series(start)).to_numpy("datetime64[D]")
    end = pd.to_datetime(pd.Series(end)).to_numpy("datetime64[D]")
    known = ~(np.isnat(start) | np.isnat(end))
    out = np.full(len(start), np.nan)
    if known.any():
        out[known] = _busdays(start[known], end[known])
    return out


def _busdays(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """working_days on datetime64[D] arrays without missing dates, broadcast against each other."""
    years = pd.DatetimeIndex(np.concatenate([np.ravel(start), np.ravel(end)])).year
    return np.busday_count(start + 1, end + 1, holidays=bank_holidays(years.min(), years.max()))


def month_ends(first: date, last: date) -> list[date]:
    months = pd.period_range(first, last, freq="M")
    return [m.start_time.date() for m in months]


def _end(month: date, as_at: date) -> pd.Timestamp:
    return min(pd.Timestamp(month) + pd.offsets.MonthEnd(0), pd.Timestamp(as_at))


def _row(measure_id, month, numerator, denominator=None, team=None, value=None):
    if value is None:
        value = (np.nan if not denominator else 100 * numerator / denominator) if denominator is not None \
            else float(numerator)
    return {"measure_id": measure_id, "month": month, "team": team, "value": value,
            "numerator": float(numerator) if denominator is not None else np.nan,
            "denominator": float(denominator) if denominator is not None else np.nan}


def _open_at(rows: pd.DataFrame, at: pd.Timestamp) -> pd.Series:
    return (rows.event_start <= at) & (rows.event_end.isna() | (rows.event_end > at))


def _prepared(number: int, rows: pd.DataFrame) -> pd.DataFrame:
    """A list with its dates as datetime64, read once, and what does not change month by month worked out once:
    each referral's re-referral flag, each assessment's and ICPC's working days."""
    # only those not dates already (the store's are): replacing a column splits the frame's block of dates
    rows = rows.assign(**{c: pd.to_datetime(rows[c]) for c in DATES
                          if c in rows and not pd.api.types.is_datetime64_dtype(rows[c])})
    if number == 3 and len(rows):
        rows["rereferred"] = _rereferred(rows)
    if number == 4 and len(rows):
        rows["days_to_authorised"] = working_days(rows.event_start, rows.authorised)
    if number == 5 and len(rows):
        rows["days_to_icpc"] = working_days(rows.event_start, rows.icpc_date)
    return rows


def measures(lists: dict[int, pd.DataFrame], population: pd.Series | None = None) -> pd.DataFrame:
    """COLUMNS for every measure and month. `lists`: list number -> LocalStore.annex_rows; `population`: children
    aged 0 to 17 by year (index) for the rates (none without it)."""
    found = _counted(lists)
    return found if population is None else with_rates(found, population)


def with_rates(found: pd.DataFrame, population: pd.Series) -> pd.DataFrame:
    """`found` (COLUMNS, without rates) with each whole-service month-end count's rate per 10,000 children (none
    for a month before the first population year, or with no population)."""
    known = population.dropna().sort_index()
    counts = found[found.team.isna() & found.measure_id.isin(list(RATES.values()))]
    if counts.empty or known.empty:
        return found
    at = np.searchsorted(known.index.to_numpy(), pd.to_datetime(counts.month).dt.year.to_numpy(), side="right") - 1
    counts, at = counts[at >= 0], at[at >= 0]
    rates = pd.DataFrame({"measure_id": counts.measure_id.map({c: r for r, c in RATES.items()}).to_numpy(),
                          "month": counts.month.to_numpy(), "team": None,
                          "value": 10_000 * counts.value.to_numpy() / known.to_numpy()[at],
                          "numerator": np.nan, "denominator": np.nan})
    return pd.concat([found, rates], ignore_index=True)


def _counted(lists: dict[int, pd.DataFrame]) -> pd.DataFrame:
    stored = [rows for rows in lists.values() if len(rows)]
    if not stored:
        return pd.DataFrame(columns=COLUMNS)
    as_ats = pd.to_datetime(pd.concat([rows.as_at for rows in stored]))
    as_at, first = as_ats.max().date(), as_ats.min().date()
    months = month_ends((pd.Timestamp(first) - pd.DateOffset(months=5)).date(), as_at)
    empty = pd.DataFrame(columns=["child_key", *DATES, "team", "worker_key"])
    get = {n: _prepared(n, lists.get(n, empty)) for n in range(1, 10)}
    ats = np.array([_end(m, as_at) for m in months], dtype="datetime64[D]")
    out = _monthly(get, months, ats)
    out += _cp(get[7], months)
    latest = {n: get[n][get[n].as_at == pd.Timestamp(as_at)] for n in AT_AS_AT}
    month = months[-1]
    out += _at_as_at(latest, month, pd.Timestamp(as_at))
    return pd.DataFrame(out, columns=COLUMNS)


def _by_month(dates: pd.Series, months: list[date], flags=None) -> np.ndarray:
    """How many of `dates` (those with `flags` True, when given) fall in each of `months`."""
    days = dates.to_numpy("datetime64[D]")
    known = ~np.isnat(days)
    index = np.where(known, (days.astype("datetime64[M]") - np.datetime64(months[0], "M")).astype("int64"), -1)
    keep = known & (index >= 0) & (index < len(months))
    if flags is not None:
        keep &= np.asarray(flags, dtype=bool)
    return np.bincount(index[keep], minlength=len(months))


def _open_at_ends(rows: pd.DataFrame, ats: np.ndarray) -> np.ndarray:
    """Rows down, month ends across: started by the month end and not ended by it."""
    start = rows.event_start.to_numpy("datetime64[D]")[:, None]
    end = rows.event_end.to_numpy("datetime64[D]")[:, None]
    return (start <= ats[None, :]) & (np.isnat(end) | (end > ats[None, :]))


def _monthly(get: dict[int, pd.DataFrame], months: list[date], ats: np.ndarray) -> list[dict]:
    """The measures of events in each month and of what is open at each month end, all months at once."""
    out = []

    def counts(measure_id, numbers):
        out.extend(_row(measure_id, m, n) for m, n in zip(months, numbers))

    def shares(measure_id, part, whole):
        out.extend(_row(measure_id, m, p, w) for m, p, w in zip(months, part, whole) if w)

    contacts, referrals, assessments, s47 = get[1], get[3], get[4], get[5]
    counts("contacts_count", _by_month(contacts.event_start, months))
    made = _by_month(referrals.event_start, months)
    counts("referrals_count", made)
    if len(referrals):
        shares("referrals_nfa_pct", _by_month(referrals.event_start, months, referrals.nfa.fillna(False)), made)
        shares("rereferral_12m_pct", _by_month(referrals.event_start, months, referrals.rereferred), made)
    if len(assessments):
        done = _by_month(assessments.authorised, months)
        counts("assessments_completed_count", done)
        shares("assessments_45wd_pct", _by_month(assessments.authorised, months,
                                                 assessments.days_to_authorised <= 45), done)
        start = assessments.event_start.to_numpy("datetime64[D]")[:, None]
        authorised = assessments.authorised.to_numpy("datetime64[D]")[:, None]
        still_open = (start <= ats[None, :]) & (np.isnat(authorised) | (authorised > ats[None, :]))
        over = still_open & (_busdays(start, ats[None, :]) > 45)
        counts("assessments_open_over_45wd_count", over.sum(axis=0))
    if len(s47):
        counts("s47_count", _by_month(s47.event_start, months))
        shares("icpc_15wd_pct", _by_month(s47.icpc_date, months, s47.days_to_icpc <= 15),
               _by_month(s47.icpc_date, months))
    cin, cla = _open_at_ends(get[6], ats).sum(axis=0), _open_at_ends(get[8], ats).sum(axis=0)
    counts("cin_open_count", cin)
    counts("cla_open_count", cla)
    return out


def _rereferred(referrals: pd.DataFrame) -> pd.Series:
    """For each referral: the child's previous referral in the store is within the 12 calendar months before it,
    or the list's count of referrals in the last 12 months (including this one) is 2 or more."""
    # children as numbers, sorted with numpy: sorting the keyed hashes' text took three times as long
    child = pd.factorize(referrals.child_key)[0]
    start = referrals.event_start.to_numpy("datetime64[D]")
    order = np.lexsort((start, child))
    sorted_child = child[order]
    same_child = (sorted_child[1:] == sorted_child[:-1]) & (sorted_child[1:] >= 0)
    previous = np.full(len(order), np.datetime64("NaT"), dtype="datetime64[D]")
    previous[order[1:][same_child]] = start[order][:-1][same_child]
    from_history = ~np.isnat(previous) & (previous >= cp_plans.add_months(start, -12))
    from_count = pd.to_numeric(referrals.referrals_12m).fillna(0) >= 2
    return pd.Series(from_history, index=referrals.index) | from_count


def _cp(plans: pd.DataFrame, months: list[date]) -> list[dict]:
    if not len(plans):
        return []
    summary = cp_plans.month_end_summary(plans.rename(columns={"event_start": "plan_start", "event_end": "plan_end"}),
                                         months)
    out = []
    for s in summary.itertuples():
        for measure_id in CP_MEASURES:
            parts = cp_plans.PARTS.get(measure_id)
            value = getattr(s, measure_id)
            out.append(_row(measure_id, s.month, getattr(s, parts[0]), getattr(s, parts[1])) if parts else
                       _row(measure_id, s.month, value, value=float(value)))
    return out


def _at_as_at(latest: dict[int, pd.DataFrame], month: date, at: pd.Timestamp) -> list[dict]:
    out = []
    plans = latest[7][_open_at(latest[7], at)] if len(latest[7]) else latest[7]
    if len(plans):
        recent = working_days(plans.last_visit, [at] * len(plans)) <= 10
        out.append(_row("cpp_visits_10wd_pct", month, recent.sum(), len(plans)))
    looked_after = latest[8][_open_at(latest[8], at)] if len(latest[8]) else latest[8]
    if len(looked_after):
        out.append(_row("cla_3plus_placements_pct", month, (pd.to_numeric(looked_after.placements_12m) >= 3).sum(),
                        len(looked_after)))
    leavers = latest[9][latest[9].in_touch != "excluded"] if len(latest[9]) else latest[9]
    if len(leavers):
        out += [_row("care_leavers_in_touch_pct", month, (leavers.in_touch == "in touch").sum(), len(leavers)),
                _row("care_leavers_suitable_accommodation_pct", month, (leavers.accommodation == "suitable").sum(),
                     len(leavers)),
                _row("care_leavers_eet_pct", month, leavers.activity.fillna("").str[0].isin(["F", "P"]).sum(),
                     len(leavers))]
    cin = latest[6][_open_at(latest[6], at)] if len(latest[6]) else latest[6]
    for team, rows in [(None, cin), *cin.groupby(cin.team.fillna("No team recorded"))] if len(cin) else []:
        allocated = rows.worker_key.notna()
        out.append(_row("unallocated_children_count", month, (~allocated).sum(), team=team))
        workers = rows.worker_key.nunique()
        if workers:
            out.append(_row("caseload_per_worker_avg", month, allocated.sum(), workers, team,
                            value=allocated.sum() / workers))
    return out
