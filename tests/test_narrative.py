"""Commentary from the numbers: literal figures from the published files in, exact sentences out."""

from datetime import date

import pandas as pd
import pytest

from analytics import narrative, ratings
from analytics.local.targets import Forecast, final_target, rag
from analytics.narrative import local_commentary, published_commentary, times_phrase, trend_sentence
from analytics.published.benchmarks import prepare_measure
from analytics.ratings import against_comparators

NAMES = {"la": "Dudley", "region": "West Midlands", "england": "England"}
TURNOVER = pd.Series({"label": "Social worker turnover rate (FTE)", "unit": "percent", "decimals": 1,
                      "polarity": "low"}, name="sw_turnover_rate")
ASSESSMENTS = pd.Series({"label": "Assessments completed within 45 working days (%)", "unit": "percent",
                         "decimals": 1, "polarity": "high"}, name="assessments_45d_pct")


def dudley(store, geo, measures, measure_id: str, la: str = "332"):
    prepared = prepare_measure(store.observations(measure_id), geo, measures.loc[measure_id])
    table, group = prepared.for_la(la, "2021")
    values = list(prepared.neighbour_figures(la, group.codes, int(table.year.iloc[-1])).values())
    names = {"la": geo.name(la), "region": geo.name(geo.areas.at[la, "region_code"]), "england": "England"}
    return table, values, names


def test_dudley_turnover_2025_reads_as_the_issue_describes(store, geo, measures):
    table, values, names = dudley(store, geo, measures, "sw_turnover_rate")
    text = published_commentary(table, measures.loc["sw_turnover_rate"], names, values)
    assert text[0] == ("Dudley's social worker turnover rate rose to 34.9% in Sep 2025 from 24.6% in Sep 2024, the "
                       "highest of its ten statistical neighbours (mean 12.6%) and nearly three times England's 11.8%.")
    assert text[1] == ("As lower is better, Dudley is worse than the neighbour mean, the West Midlands figure (11.5%) "
                       "and England.")
    # 31.7% in 2023, 24.6% in 2024, 34.9% in 2025: down then up, so no direction is claimed
    assert text[2] == ("Over the last three years it has not moved in one direction (31.7% in Sep 2023, 24.6% in "
                       "Sep 2024, 34.9% in Sep 2025).")
    # Sutton's turnover was also 34.9% in 2025: the rank reads as on the pages, "joint 147th of 148"
    assert text[3] == ("It ranks joint 147th of 148 LAs with a figure (1 = best), in quartile band D (the worst "
                       "quarter of LAs).")


def test_a_rising_vacancy_rate_is_a_worsening_trend(store, geo, measures):
    table, values, names = dudley(store, geo, measures, "sw_vacancy_rate")
    text = published_commentary(table, measures.loc["sw_vacancy_rate"], names, values)
    # 11.7% (2023), 16.0% (2024), 17.7% (2025); neighbours' mean 11.44 shows as 11.4%
    assert "above the mean of its ten statistical neighbours (11.4%) and above England's 14.2%" in text[0]
    assert text[2] == ("It has risen in each of the last two years (11.7% in Sep 2023, 16.0% in Sep 2024, 17.7% in "
                       "Sep 2025), a worsening trend.")


def test_a_suppressed_latest_figure_is_said_to_be_missing_with_its_reason(store, geo, measures):
    table, values, names = dudley(store, geo, measures, "cpp_2yr_plus_pct")
    text = published_commentary(table, measures.loc["cpp_2yr_plus_pct"], names, values)
    assert text[0] == ("No figure for Dudley's CP plans at 31 March lasting 2 years or more was published for "
                       "2024-25: c — suppressed to protect confidentiality.")
    assert text[1] == "Its latest published figure is 3.1% for 2023-24."
    assert not any("ranks" in s or "trend" in s for s in text)


def test_neighbours_without_a_figure_are_not_counted(store, geo, measures):
    # Isles of Scilly, 2024-25: 0.0%, eight of its ten neighbours published a figure
    table, values, names = dudley(store, geo, measures, "cpp_2yr_plus_pct", la="420")
    text = published_commentary(table, measures.loc["cpp_2yr_plus_pct"], names, values)
    assert ("was 0.0% in 2024-25, level with the lowest of the eight of its ten statistical neighbours with a "
            "figure (mean 2.4%)") in text[0]
    assert "There are not figures for three years in a row, so no trend is given." in text


def frame(rows: list[tuple]) -> pd.DataFrame:
    """A benchmark table for hand-made cases: (year, la_value, sn_mean, region, england, rank, rank_of, band)."""
    records = [{"year": y, "period": str(y), "la_value": v, "missing_reason": None if v is not None else "c",
                "sn_mean": sn, "sn_count": 10, "sn_of": 10, "region_value": r, "england_value": e, "rank": k,
                "rank_of": of, "quartile": b} for y, v, sn, r, e, k, of, b in rows]
    return pd.DataFrame(records).astype({"rank": "Int64"})


def test_two_points_never_make_a_trend():
    table = frame([(2024, 20.0, 15.0, 15.0, 15.0, 80, 150, "C"), (2025, 25.0, 15.0, 15.0, 15.0, 120, 150, "D")])
    text = published_commentary(table, TURNOVER, NAMES, [10.0, 12.0, 30.0])
    assert text[0].startswith("Dudley's social worker turnover rate rose to 25.0% in 2025 from 20.0% in 2024")
    assert "There are not figures for three years in a row, so no trend is given." in text
    assert trend_sentence([("2024", 20.0), ("2025", 25.0)], TURNOVER) == \
        "There are not figures for three years in a row, so no trend is given."


def test_a_gap_year_breaks_the_run_of_three():
    table = frame([(2022, 20.0, 15.0, 15.0, 15.0, 80, 150, "C"), (2023, None, 15.0, 15.0, 15.0, None, 150, None),
                   (2024, 21.0, 15.0, 15.0, 15.0, 80, 150, "C"), (2025, 22.0, 15.0, 15.0, 15.0, 82, 150, "C")])
    assert "no trend is given" in published_commentary(table, TURNOVER, NAMES, [10.0, 30.0])[2]


def test_a_tie_with_the_highest_neighbour_is_level_not_highest():
    table = frame([(2025, 18.3, 12.6, 11.5, 11.8, 140, 148, "D")])
    text = published_commentary(table.assign(rank_tied=True), TURNOVER, NAMES, [18.3, 7.9, 9.8])
    assert "level with the highest of the three of its ten statistical neighbours with a figure" in text[0]
    assert "It ranks joint 140th of 148 LAs" in text[-1]


@pytest.mark.parametrize(("value", "other", "words"), [
    (34.9, 11.8, "nearly three times"),  # 2.94 to 2.97 whatever the rounding
    (25.0, 11.8, "more than twice"),
    (5.0, 11.8, "less than half"),
    (30.0, 10.0, None),  # 2.98 to 3.02: could be under or over three times
    (17.7, 14.2, None),  # 1.25: no ratio words, just 'above'
    (0.3, 0.1, None),  # 1.67 to 5: far too uncertain
    (4.0, 0.0, None),
])
def test_ratio_words_only_when_robust_to_rounding(value, other, words):
    assert times_phrase(value, other, 1) == words


def test_polarity_decides_better_and_worse():
    table = frame([(2025, 77.3, 90.0, 82.4, 85.7, 122, 152, "D")])
    text = published_commentary(table, ASSESSMENTS, NAMES, [90.0, 95.0])
    assert text[1] == ("As higher is better, Dudley is worse than the neighbour mean, the West Midlands figure "
                       "(82.4%) and England.")
    neither = ASSESSMENTS.copy()
    neither["polarity"] = "neither"
    assert "no better direction" in published_commentary(table, neither, NAMES, [90.0, 95.0])[1]


def test_target_distance_rating_and_forecast():
    table = frame([(2025, 34.9, 12.6, 11.5, 11.8, 147, 148, "D")])
    target = {"value": 15.0, "month": date(2025, 9, 1), "tolerance": 2.0,
              "final": {"value": 12.0, "date": date(2026, 9, 1), "tolerance": 2.0}}
    rated = rag(34.9, 15.0, 2.0, "low", 1)
    text = published_commentary(table, TURNOVER, NAMES, [12.0, 13.0], target=target, rag=rated,
                                forecast={"status": "on course", "month": date(2026, 6, 1), "message": "x"})
    assert text[-2] == ("It is 19.9 percentage points above the target of 15.0% for September 2025 (on the way to "
                        "12.0% by September 2026), worse than the target (rated red).")
    assert text[-1] == "At the current rate of change it would reach the target in June 2026."


@pytest.mark.parametrize(("value", "sn", "england", "polarity", "rag"), [
    (34.9, 12.6, 11.8, "low", "red"),  # Dudley's turnover, 2025
    (11.7, 16.74, 18.9, "low", "green"),  # Dudley's vacancy rate, 2023
    (17.7, 11.44, 17.7, "low", "amber"),  # level with England
    (77.3, None, 85.7, "high", "red"),  # one comparator decides
    (None, 12.6, 11.8, "low", None),
    (20.0, 12.6, 11.8, "neither", None),
])
def test_rag_against_comparators(value, sn, england, polarity, rag):
    assert against_comparators(value, sn, england, polarity, 1) == rag


@pytest.mark.parametrize(("value", "expected"), [(80.0, "green"), (78.0, "amber"), (77.9, "red"),
                                                 (79.96, "green"), (77.96, "amber")])
def test_rag_against_a_target_compares_figures_as_shown(value, expected):
    # 79.96 is shown as 80.0%, on the target; 77.96 as 78.0%, 2.0 points short: within the tolerance
    assert rag(value, 80.0, 2.0, "high", 1) == expected


def test_final_target_is_the_latest_dated_one_else_the_standing_one():
    targets = pd.DataFrame({"measure_id": ["m", "m", "s"], "value": [80.0, 95.0, 12.0],
                            "target_date": [pd.Timestamp("2021-02-01"), pd.Timestamp("2021-04-01"), pd.NaT],
                            "tolerance": [None, 2.0, None], "source": ["plan", "plan", "plan"],
                            "owner": ["HoS", "HoS", "DCS"]})
    own = lambda m: targets[targets.measure_id == m]  # noqa: E731
    assert final_target(own("m")) == {"value": 95.0, "date": date(2021, 4, 1), "tolerance": 2.0}
    assert final_target(own("s")) == {"value": 12.0, "date": None, "tolerance": None}
    assert final_target(own("x")) is None


MASH = pd.Series({"label": "Contacts decided within one working day (%)", "unit": "percent", "decimals": 1,
                  "polarity": "high"}, name="mash_decisions_1wd_pct")


def monthly(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["month", "value", "numerator", "denominator", "status"]).assign(
        month=lambda d: pd.to_datetime(d.month))


def test_local_commentary_quotes_counts_only_in_a_private_paper():
    points = monthly([("2021-01-01", 77.1, 270, 350, None), ("2021-02-01", 80.0, 280, 350, None),
                      ("2021-03-01", 82.9, 290, 350, None)])
    private = local_commentary(points, MASH, "Dudley")
    assert private[0] == ("Dudley's contacts decided within one working day rose to 82.9% in March 2021 from 80.0% "
                          "in February 2021 (290 of 350).")
    assert private[1] == ("It has risen in each of the last two months (77.1% in Jan 2021, 80.0% in Feb 2021, "
                          "82.9% in Mar 2021), an improving trend.")
    public = local_commentary(points, MASH, "Dudley", public=True)
    assert "290" not in " ".join(public) and "350" not in " ".join(public)


def test_local_commentary_on_a_suppressed_month_small_base_and_spc():
    suppressed = monthly([("2021-02-01", 80.0, 280, 350, None), ("2021-03-01", None, None, None, "c")])
    assert local_commentary(suppressed, MASH, "Dudley", public=True) == [
        "There is no figure for Dudley's contacts decided within one working day in March 2021: it is not shown "
        "because it rests on a very small number of cases."]
    small = monthly([("2021-02-01", 50.0, 6, 12, None), ("2021-04-01", 75.0, 9, 12, None)])
    text = local_commentary(small, MASH, "Dudley", spc={"variation": "special_cause_concern",
                                                         "assurance": "consistent_fail", "n": 14, "trial": False})
    assert text[0] == "Dudley's contacts decided within one working day was 75.0% in April 2021 (9 of 12)."
    assert "small number of cases" in text[1]
    assert text[2] == "There are not figures for three months in a row, so no trend is given."
    assert text[3].startswith("On a process control (XmR) chart of 14 months, the latest month shows a special "
                              "cause signal of concern; at this level of variation it will consistently miss")


def test_subject_keeps_acronyms_and_drops_the_unit():
    assert narrative.subject(pd.Series({"label": "CP plans at 31 March lasting 1 year or more (%)"})) == \
        "CP plans at 31 March lasting 1 year or more"
    assert narrative.subject(TURNOVER) == "social worker turnover rate"


def test_no_neighbour_figures_and_a_missing_local_month_say_so():
    table = frame([(2025, 20.0, None, 15.0, 11.8, 80, 150, "C")])
    text = published_commentary(table, TURNOVER, NAMES, [])
    assert text[0] == "Dudley's social worker turnover rate was 20.0% in 2025, above England's 11.8%."
    assert text[1] == "None of its statistical neighbours has a figure for that year."
    gap = monthly([("2021-03-01", None, None, None, "x")])
    assert local_commentary(gap, MASH, "Dudley") == [
        "There is no figure for Dudley's contacts decided within one working day in March 2021: x — not available."]


def test_local_commentary_before_the_first_target_and_on_demo_figures():
    # Dudley's assessments within 45 days (dudley_figures.csv): 70.3% Nov, 50.3% Dec 2020 (76 of 151), 47% Jan 2021
    # (109 of 232); its first target (dudley_targets.csv) is 75% for April 2021
    assessments = pd.Series({**ASSESSMENTS, "decimals": 1}, name="assessments_45d_pct")
    points = monthly([("2020-11-01", 70.3, None, None, None), ("2020-12-01", 50.3, 76, 151, None),
                      ("2021-01-01", 47.0, 109, 232, None)])
    text = local_commentary(points, assessments, "Dudley", first_target={"value": 75.0, "date": date(2021, 4, 1)},
                            demo="transcribed")
    assert text == [
        "Dudley's assessments completed within 45 working days fell to 47.0% in January 2021 from 50.3% in "
        "December 2020 (109 of 232).",
        "It has fallen in each of the last two months (70.3% in Nov 2020, 50.3% in Dec 2020, 47.0% in Jan 2021), a "
        "worsening trend.",
        "No target applies to January 2021: the first, 75.0%, is for April 2021, so the figure is not rated.",
        "The latest figure is demo data transcribed from Dudley's published papers, not a live figure."]
    synthetic = local_commentary(points.tail(1), assessments, "Dudley", demo="synthetic")
    assert synthetic[-1] == ("The latest figure is synthetic demo data, made up to show how the pack works: it is "
                             "not Dudley's.")


def test_outlook_says_but_when_the_latest_figure_and_the_limits_disagree():
    met = Forecast("met", date(2024, 1, 1), None, 6, None, "the latest figure meets the target")
    assert ratings.outlook(met, "consistent_fail", date(2024, 1, 1), date(2024, 1, 1)) == (
        "the latest figure meets the target, but at this level of variation it will consistently miss the target "
        "unless something changes")
    assert ratings.outlook(met, "inconsistent", date(2024, 1, 1), date(2024, 1, 1)) == (
        "the latest figure meets the target; at this level of variation it will meet the target in some months and "
        "miss it in others")
