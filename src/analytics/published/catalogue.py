"""The measure catalogue: one row per measure, whatever file it comes from.

Columns: id, label, unit, axis_title, polarity ('high' | 'low' | 'neither': which
direction is better), topic, topics (every LAIT topic it is listed under),
definition, methodology, publication, source, year_type, quartiles (whether
quartile bands apply), decimals, next_update, origin (the published column or
LAIT short name it was read from).

The DfE release measures are written by hand in release_measures.csv, each
naming its table (a kind of Explore Education Statistics file, whatever the
file is called) and column; care leavers' activity and children looked after are
generated from their breakdowns; the 434 LAIT indicators come from the LAIT data
dictionary. Adding a measure a release carries is one row in release_measures.csv.
"""

import csv
import re
from pathlib import Path

from analytics.formatting import unit_decimals
from analytics.published.ingest import given
from analytics.published.sources import PUBLICATIONS

RELEASE_MEASURES = Path(__file__).with_name("release_measures.csv")

# The core measures the boards steer by. Their ids are fixed: pages, targets and
# imported files refer to them.
CORE_MEASURES = [
    "sw_vacancy_rate", "sw_turnover_rate", "sw_agency_rate", "sw_caseload", "sw_absence_rate",
    "cpp_1yr_plus_pct", "cpp_2yr_plus_pct", "cpp_subsequent_pct", "rereferral_pct", "assessments_45d_pct",
]

# What each page of the dashboard leads with.
OVERVIEW_MEASURES = [
    "sw_vacancy_rate", "sw_turnover_rate", "sw_agency_rate", "sw_caseload", "cpp_1yr_plus_pct",
    "cpp_subsequent_pct", "rereferral_pct", "assessments_45d_pct", "cp_reviews_in_time_pct", "cla_sw_instability_pct",
]
# The count a published percentage rests on, and what it counts: where that count is small or suppressed, a rank
# or band of the percentage says little, and the pages say so (summaries.base_caveat).
_WORKFORCE_BASE = ("sw_fte", "social workers in post (FTE)")
_PLANS_BASE = ("cpp_at31_count", "children on plans at 31 March")
BASES = {
    "sw_vacancy_rate": _WORKFORCE_BASE, "sw_turnover_rate": _WORKFORCE_BASE, "sw_agency_rate": _WORKFORCE_BASE,
    "sw_absence_rate": _WORKFORCE_BASE, "cpp_1yr_plus_pct": _PLANS_BASE, "cpp_2yr_plus_pct": _PLANS_BASE,
    "cpp_subsequent_pct": ("cpp_starts_count", "plans starting in the year"),
    "rereferral_pct": ("referrals_count", "referrals"),
}
SMALL_BASE = 20  # below this, one child or one worker moves a percentage by five points or more
WORKFORCE_MEASURES = ["sw_vacancy_rate", "sw_turnover_rate", "sw_agency_rate", "sw_caseload", "sw_absence_rate"]
WORKFORCE_CONTEXT = ["sw_fte", "sw_starters_fte", "sw_leavers_fte"]
PRACTICE_MEASURES = [
    "cpp_1yr_plus_pct", "cpp_2yr_plus_pct", "cpp_subsequent_pct", "rereferral_pct", "assessments_45d_pct",
    "cp_reviews_in_time_pct", "icpc_15d_pct",
]
CP_DURATION_BANDS = {
    "3 months or less": "cpp_dur_0_3m_pct", "3 to 6 months": "cpp_dur_3_6m_pct",
    "6 months to 1 year": "cpp_dur_6_12m_pct", "1 to 2 years": "cpp_dur_1_2y_pct",
    "2 years or more": "cpp_2yr_plus_pct",
}

# LAIT indicators that the product names itself because pages and targets use them: (id, short label).
LAIT_IDS = {
    "Continue_Assess_Comp": ("assessments_45d_pct", "Assessments completed within 45 working days (%)"),
    "RevCP": ("cp_reviews_in_time_pct", "Child protection reviews held in timescale (%)"),
    "Stability_SocialWorker": ("cla_sw_instability_pct",
                               "Children in care with 3 or more social workers in the year (%)"),
    "CP_conf_15days": ("icpc_15d_pct", "Initial child protection conferences within 15 days (%)"),
}

YEAR_TYPES = {
    "csww": "Reporting year (workforce at 30 September)",
    "cin": "Year ending 31 March",
    "cla": "Year ending 31 March",
    "ons": "Mid-year (30 June)",
}
NEXT_UPDATES = {
    "csww": "Annual: the edition after the bundled one covers reporting year 2026",
    "cin": "Annual: the edition after the bundled one covers the year ending 31 March 2026",
    "cla": "Annual: the edition after the bundled one covers the year ending 31 March 2026",
    "ons": "Annual: the mid-2025 estimates follow the bundled mid-2024 ones",
}

CLA_TABLE = "cla_numbers"
CLA_POPULATIONS = {
    "Children looked after on 31 March each year": ("cla_at31", "Children looked after at 31 March"),
    "Children starting to be looked after each year": ("cla_started", "Children starting to be looked after"),
    "Children ceasing to be looked after each year": ("cla_ceased", "Children ceasing to be looked after"),
}

CARE_LEAVERS_TABLE = "care_leavers"
CARE_LEAVER_AGES = {"17 to 18 years": "17_18", "19 to 21 years": "19_21"}
# breakdown as published -> (id part, label, polarity of its percentage)
CARE_LEAVER_ACTIVITIES = {
    "Total in education, employment or training": ("eet", "in education, employment or training", "high"),
    "Total not in education, employment or training": ("neet", "not in education, employment or training",
                                                       "low"),
    "Total information not known": ("not_known", "activity not known", "low"),
    "Education other than higher education": ("education_non_he", "in education other than higher education",
                                              "neither"),
    "Higher education i.e. studies beyond A level": ("higher_education", "in higher education", "neither"),
    "In an apprenticeship": ("apprenticeship", "in an apprenticeship", "neither"),
    "In training or employment": ("training_employment", "in training or employment", "neither"),
    "In training or employment (excl. apprenticeship)": ("training_employment_excl_apprenticeship",
                                                         "in training or employment (not apprenticeship)",
                                                         "neither"),
    "Not in education, training or employment, owing to illness or disability": (
        "neet_illness_disability", "NEET owing to illness or disability", "neither"),
    "Not in education, training or employment, owing to other reasons": (
        "neet_other", "NEET for other reasons", "neither"),
    "Not in education, training or employment, owing to pregnancy or parenting": (
        "neet_pregnancy_parenting", "NEET owing to pregnancy or parenting", "neither"),
    "Total": ("total", "in total", "neither"),
}

# Derived from table D5: the two longest duration bands together.
DERIVED_MEASURES = [
    {"id": "cpp_1yr_plus_pct", "publication": "cin", "table": "cin_d5",
     "column": "1_year_less_than_2_years_percent + 2_years_or_more_percent (or 100 - shorter bands)",
     "label": "CP plans at 31 March lasting 1 year or more (%)", "unit": "percent",
     "axis_title": "% of CP plans at 31 March", "polarity": "low", "topic": "Child protection",
     "definition": "Children on a child protection plan at 31 March whose plan had lasted 1 year or more, as a "
                   "percentage of all children on a plan: the published '1 year to less than 2 years' and "
                   "'2 years or more' percentages added or, where DfE suppressed both, 100 less the three "
                   "shorter bands (rounding can move this by up to 0.2 points)."},
    {"id": "cpp_1yr_plus_count", "publication": "cin", "table": "cin_d5",
     "column": "1_year_less_than_2_years + 2_years_or_more (or CPP_At31 - shorter bands)",
     "label": "CP plans at 31 March lasting 1 year or more (number)", "unit": "count", "axis_title": "Children",
     "polarity": "neither", "topic": "Child protection",
     "definition": "Children on a child protection plan at 31 March whose plan had lasted 1 year or more: the "
                   "published '1 year to less than 2 years' and '2 years or more' counts added or, where DfE "
                   "suppressed both, the children on a plan less the three shorter bands."},
]
# The catalogue's columns, as the store's measures table has them.
MEASURE_COLUMNS = ("id", "label", "unit", "axis_title", "polarity", "topic", "topics", "definition", "methodology",
                   "publication", "source", "year_type", "quartiles", "decimals", "next_update", "origin")


def slug(text: str) -> str:
    """A readable id part: 'LAC_ceased_SGO%' -> 'lac_ceased_sgo_pct'."""
    text = text.lower().replace("%", "_pct").replace("&", "_and_")
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def _generated_release_specs() -> list[dict]:
    rows = []
    for population, (stem, label) in CLA_POPULATIONS.items():
        filters = (("population_type", population),)
        common = {"publication": "cla", "table": CLA_TABLE, "polarity": "neither", "topic": "Children looked after",
                  "filters": filters}
        rows.append({"id": f"{stem}_count", "column": "children_count", "label": label, "unit": "count",
                     "axis_title": "Children", **common, "definition": f"{label} (year ending 31 March)."})
        rows.append({"id": f"{stem}_rate", "column": "rate_per_10000", "label": f"{label} per 10,000 children",
                     "unit": "per_10k", "axis_title": "Rate per 10,000 children aged 0 to 17", **common,
                     "definition": f"{label} per 10,000 children aged 0 to 17 in the LA's population."})
    for age, age_id in CARE_LEAVER_AGES.items():
        ages = age.replace(" years", "")
        for breakdown, (part, text, polarity) in CARE_LEAVER_ACTIVITIES.items():
            common = {"publication": "cla", "table": CARE_LEAVERS_TABLE, "topic": "Care leavers",
                      "filters": (("care_leaver_age", age), ("breakdown", breakdown))}
            stem = f"care_leavers_{age_id}_{part}"
            rows.append({"id": f"{stem}_count", "column": "care_leaver_count", "unit": "count",
                         "label": f"Care leavers aged {ages} {text} (number)", "axis_title": "Care leavers",
                         "polarity": "neither", **common,
                         "definition": f"Care leavers aged {ages} {text}, at around their birthday in the year."})
            rows.append({"id": f"{stem}_pct", "column": "care_leaver_percent", "unit": "percent",
                         "label": f"Care leavers aged {ages} {text} (%)",
                         "axis_title": f"% of care leavers aged {ages}", "polarity": polarity, **common,
                         "definition": f"Care leavers aged {ages} {text} as a percentage of all care leavers that "
                                       "age the LA was in touch with or whose activity is known."})
    return rows


def release_specs() -> list[dict]:
    """One dict per measure read from a DfE release file: where it is and how to filter to it (a blank cell of
    release_measures.csv is None)."""
    with RELEASE_MEASURES.open(encoding="utf-8", newline="") as handle:
        listed = [{k: given(v) for k, v in row.items()} | {"filters": ()} for row in csv.DictReader(handle)]
    return listed + _generated_release_specs()


def release_catalogue(publications: dict | None = None) -> list[dict]:
    """Catalogue rows for the release measures; `publications` (default: as carried) credits each source."""
    publications = publications or PUBLICATIONS
    return [{
        "id": s["id"], "label": s["label"], "unit": s["unit"], "axis_title": s["axis_title"],
        "polarity": s["polarity"], "topic": s["topic"], "topics": s["topic"], "definition": s["definition"],
        "methodology": None, "publication": s["publication"],
        "source": publications[s["publication"]].short_credit, "year_type": YEAR_TYPES.get(s["publication"]),
        "quartiles": s["polarity"] != "neither", "decimals": unit_decimals(s["unit"]),
        "next_update": NEXT_UPDATES.get(s["publication"]), "origin": f"{s['table']}: {s['column']}",
    } for s in release_specs() + DERIVED_MEASURES]


def lait_unit(axis_title: str) -> str:
    """A formatting class from LAIT's axis title ('% of referrals' -> 'percent')."""
    text = str(axis_title).lower()
    if "%" in text or "percent" in text or text in ("turnover rate", "absence rate"):
        return "percent"
    if "per 10,000" in text or "per 10000" in text:
        return "per_10k"
    if "rate per" in text:
        return "rate"
    if "cost" in text or "spend" in text or "£" in text:
        return "gbp"
    if "score" in text:
        return "score"
    if "number" in text or "fte" in text or text.startswith("social workers"):
        return "count"
    return "value"


def _decimals(text: str | None) -> int:
    """LAIT's `dps`: a number of decimal places, 1 where it is not a number ('NA')."""
    try:
        return int(float(text))
    except (TypeError, ValueError):
        return 1


def lait_catalogue(dictionary: list[dict]) -> list[dict]:
    """Catalogue rows for the LAIT indicators, from its data dictionary (one dict per row, None for a blank cell;
    one catalogue row per Measure_short, from its first row).

    The dictionary lists some indicators under two topics; the first is the topic,
    all are kept in `topics` so the explorer finds them under either.
    """
    first: dict[str, dict] = {}
    topics: dict[str, list[str]] = {}
    for row in dictionary:
        short = str(row["Measure_short"])
        first.setdefault(short, row)
        listed = topics.setdefault(short, [])
        if row["Topic"] is not None and row["Topic"] not in listed:
            listed.append(row["Topic"])
    rows = []
    for short, d in first.items():
        polarity = {"High": "high", "Low": "low"}.get(d["Polarity"], "neither")
        label = str(d["Measure"] if d["Measure"] is not None else d["Chart_title"]).strip()
        rows.append({
            "id": LAIT_IDS[short][0] if short in LAIT_IDS else "lait_" + slug(short),
            "label": LAIT_IDS[short][1] if short in LAIT_IDS else label,
            "unit": lait_unit(d["y_axis_name"]),
            "axis_title": str(d["y_axis_name"] if d["y_axis_name"] is not None else "Value").strip(),
            "polarity": polarity, "topic": d["Topic"], "topics": "; ".join(topics[short]),
            "definition": d["Description"], "methodology": d["Methodology"], "publication": "lait",
            "source": d["Data Owner (DO) /Supplier and Contact Details"] or PUBLICATIONS["lait"].short_credit,
            "year_type": d["Year_Type"], "quartiles": (d["No_Quartile"] or "") != "N" and polarity != "neither",
            "decimals": _decimals(d["dps"]), "next_update": d["Next Update"],
            "origin": f"bds_long_0.parquet: {short}",
        })
    ids = [r["id"] for r in rows]
    if len(set(ids)) != len(ids):
        raise ValueError(f"LAIT short names collide as ids: {sorted({i for i in ids if ids.count(i) > 1})}")
    return rows
