"""Annex A measures on lists of a few rows, with the answers worked out by hand (calendar and bank holidays
counted on paper, not with the tested function)."""

from datetime import date

import pandas as pd

from analytics.local import annex_measures
from analytics.local.annex_lists import STORED_COLUMNS


def rows(as_at: date, *records: dict) -> pd.DataFrame:
    """A list as LocalStore.annex_rows gives it."""
    frame = pd.DataFrame(list(records)).reindex(columns=[c for c in STORED_COLUMNS if c != "list_no"])
    return frame.assign(as_at=as_at, child_key=frame.child_key.fillna("child"))


def figure(found: pd.DataFrame, measure_id: str, month: date, team=None) -> pd.Series:
    chosen = found[(found.measure_id == measure_id) & (found.month == month)
                   & (found.team.isna() if team is None else found.team == team)]
    assert len(chosen) == 1, (measure_id, month, chosen)
    return chosen.iloc[0]


def test_working_days_across_christmas_and_easter():
    # from Monday 11 Nov 2024: 25 and 26 Dec and 1 Jan are bank holidays, so Thursday 16 Jan 2025 is working day
    # 45 and Friday 17 Jan day 46 (counted by hand: 4 + 5x5 in Nov-Dec to the 20th, 3 in Christmas week, 4 in New
    # Year week, 5, then 4); from Monday 19 Feb 2024: Good Friday 29 Mar and Easter Monday 1 Apr 2024, so
    # Wednesday 24 Apr is day 45 and Thursday 25 Apr day 46
    starts = [date(2024, 11, 11)] * 2 + [date(2024, 2, 19)] * 2
    ends = [date(2025, 1, 16), date(2025, 1, 17), date(2024, 4, 24), date(2024, 4, 25)]
    assert annex_measures.working_days(starts, ends).tolist() == [45, 46, 45, 46]
    # a start on a Saturday: the working days after it to Monday are one
    assert annex_measures.working_days([date(2024, 6, 1)], [date(2024, 6, 3)]).tolist() == [1]


def test_assessments_authorised_on_working_day_45_and_46():
    assessments = rows(date(2025, 1, 31),
                       {"child_key": "a", "event_start": date(2024, 11, 11), "authorised": date(2025, 1, 16)},
                       {"child_key": "b", "event_start": date(2024, 11, 11), "authorised": date(2025, 1, 17)},
                       {"child_key": "c", "event_start": date(2024, 10, 1), "authorised": None})
    found = annex_measures.measures({4: assessments})
    within = figure(found, "assessments_45wd_pct", date(2025, 1, 1))
    assert (within.value, within.numerator, within.denominator) == (50.0, 1.0, 2.0)
    assert figure(found, "assessments_completed_count", date(2025, 1, 1)).value == 2
    # c, open from Tuesday 1 Oct 2024: 22 working days after it in October and 21 in November make 43 by 30 Nov
    # (3 Dec is day 45), so it is over 45 at the end of December, not of November (a and b: 34 days by 31 Dec)
    assert figure(found, "assessments_open_over_45wd_count", date(2024, 11, 1)).value == 0
    assert figure(found, "assessments_open_over_45wd_count", date(2024, 12, 1)).value == 1


def test_a_plan_from_29_february_and_one_whose_9_months_end_on_a_month_end():
    # 29 Feb 2024 + 9 months = 29 Nov 2024; 31 May 2024 + 9 months = 28 Feb 2025 (no 31 February)
    plans = rows(date(2025, 2, 28),
                 {"child_key": "a", "event_start": date(2024, 2, 29)},
                 {"child_key": "b", "event_start": date(2024, 5, 31), "last_visit": date(2025, 2, 14)},
                 {"child_key": "c", "event_start": date(2025, 1, 10), "last_visit": date(2025, 2, 13)})
    found = annex_measures.measures({7: plans})
    nine = {m: figure(found, "cpp_9m_plus_count", m).value for m in
            (date(2024, 10, 1), date(2024, 11, 1), date(2025, 1, 1), date(2025, 2, 1))}
    assert nine == {date(2024, 10, 1): 0, date(2024, 11, 1): 1, date(2025, 1, 1): 1, date(2025, 2, 1): 2}
    assert figure(found, "cpp_open_count", date(2025, 2, 1)).value == 3
    # at Friday 28 Feb 2025: 14 Feb is 10 working days before, 13 Feb is 11
    visits = figure(found, "cpp_visits_10wd_pct", date(2025, 2, 1))
    assert (visits.numerator, visits.denominator) == (1, 3)


def test_referrals_no_further_action_and_re_referrals():
    referrals = rows(date(2024, 3, 31),
                     {"child_key": "a", "event_start": date(2023, 4, 2), "nfa": True, "referrals_12m": 1},
                     # a again within 12 months of 2 Apr 2023: a re-referral from the history
                     {"child_key": "a", "event_start": date(2024, 3, 1), "nfa": False, "referrals_12m": 1},
                     # b's earlier referral is not in the store, but the list counts 2
                     {"child_key": "b", "event_start": date(2024, 3, 5), "nfa": True, "referrals_12m": 2},
                     {"child_key": "c", "event_start": date(2024, 3, 9), "nfa": None, "referrals_12m": 1})
    found = annex_measures.measures({3: referrals})
    assert figure(found, "referrals_count", date(2024, 3, 1)).value == 3
    nfa, again = figure(found, "referrals_nfa_pct", date(2024, 3, 1)), figure(found, "rereferral_12m_pct",
                                                                              date(2024, 3, 1))
    assert (nfa.numerator, nfa.denominator) == (1, 3) and (again.numerator, again.denominator) == (2, 3)


def test_children_in_need_looked_after_and_caseloads_by_team():
    at = date(2024, 3, 31)
    cin = rows(at, {"child_key": "a", "event_start": date(2023, 1, 1), "team": "East", "worker_key": "w1"},
               {"child_key": "b", "event_start": date(2023, 1, 1), "team": "East", "worker_key": "w1"},
               {"child_key": "c", "event_start": date(2023, 1, 1), "team": "East", "worker_key": "w2"},
               {"child_key": "d", "event_start": date(2023, 1, 1), "team": "West", "worker_key": None},
               # closed on 31 March: not open at the end of it
               {"child_key": "e", "event_start": date(2023, 1, 1), "event_end": at, "team": "West",
                "worker_key": "w3"})
    cla = rows(at, {"child_key": "a", "event_start": date(2022, 5, 1), "placements_12m": 3},
               {"child_key": "b", "event_start": date(2024, 1, 1), "placements_12m": 1})
    found = annex_measures.measures({6: cin, 8: cla}, pd.Series({2023: 20_000.0}))
    march = date(2024, 3, 1)
    assert figure(found, "cin_open_count", march).value == 4
    assert figure(found, "cin_open_rate", march).value == 2.0  # 4 per 20,000 = 2 per 10,000
    assert figure(found, "cla_open_count", march).value == 2
    assert figure(found, "cla_3plus_placements_pct", march).value == 50
    assert figure(found, "unallocated_children_count", march).value == 1
    assert figure(found, "unallocated_children_count", march, "East").value == 0
    # East: 3 children, 2 workers; whole service: 3 allocated children, 2 workers (w3's child closed)
    assert figure(found, "caseload_per_worker_avg", march, "East").value == 1.5
    assert figure(found, "caseload_per_worker_avg", march).value == 1.5


def test_care_leavers():
    leavers = rows(date(2024, 3, 31),
                   {"child_key": "a", "in_touch": "in touch", "accommodation": "suitable", "activity": "F1"},
                   {"child_key": "b", "in_touch": "in touch", "accommodation": "not suitable", "activity": "G5"},
                   {"child_key": "c", "in_touch": "not in touch", "accommodation": "not recorded", "activity": None},
                   {"child_key": "d", "in_touch": "excluded", "accommodation": "excluded", "activity": "P3"})
    found = annex_measures.measures({9: leavers})
    march = date(2024, 3, 1)
    assert [figure(found, m, march).numerator for m in ("care_leavers_in_touch_pct",
                                                        "care_leavers_suitable_accommodation_pct",
                                                        "care_leavers_eet_pct")] == [2, 1, 1]
    assert figure(found, "care_leavers_eet_pct", march).denominator == 3

