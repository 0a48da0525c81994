"""Hand-made local figures shaped as pack_sources gives them, and a pack builder over the real store."""

from dataclasses import replace
from datetime import date
from functools import cache

import pandas as pd

from analytics import services
from analytics.local.figures import LocalFigures
from analytics.local.views import SERIES_COLUMNS
from analytics.packs.meetings import PackRequest

LOCAL_MEASURES = pd.DataFrame({
    "label": ["Contacts decided within one working day (%)",
              "Children on a child protection plan at the month end"],
    "unit": ["percent", "count"], "polarity": ["high", "neither"],
    "definition": ["Contacts whose next step was decided within one working day, as a percentage of contacts.",
                   "Children on a child protection plan at the end of the month."],
}, index=["mash_decisions_1wd_pct", "cpp_open_count"])

# September 2025 by team: MASH decisions (decided, contacts) and children on a plan
TEAMS_SEPT = {"North": (50, 60, 40), "South": (4, 4, 3), "East": (26, 30, 12), "=HYPERLINK(\"x\")": (9, 12, 2)}
STAFF = pd.DataFrame({"month": pd.Timestamp("2025-09-01"), "team": ["North", "South", "East", "=HYPERLINK(\"x\")"],
                      "staff": [12, 3, 8, 6]})


def local_series() -> pd.DataFrame:
    """Twelve months of whole-service figures (October 2024 to September 2025) and the teams in September; the
    whole-service August figure rests on 3 undecided contacts, a small count a public paper must not show."""
    rows = []
    decided = [70, 71, 72, 74, 75, 78, 80, 81, 82, 84, 97, 89]
    for month, made in zip(pd.date_range("2024-10-01", "2025-09-01", freq="MS"), decided):
        rows.append({"measure_id": "mash_decisions_1wd_pct", "month": month, "team": None,
                     "value": 100 * made / 100 if month.month != 9 else 100 * 89 / 106,
                     "numerator": made, "denominator": 100 if month.month != 9 else 106})
        rows.append({"measure_id": "cpp_open_count", "month": month, "team": None,
                     "value": 57.0 if month.month == 9 else 50.0 + month.month, "numerator": None,
                     "denominator": None})
    for team, (made, contacts, plans) in TEAMS_SEPT.items():
        rows.append({"measure_id": "mash_decisions_1wd_pct", "month": pd.Timestamp("2025-09-01"), "team": team,
                     "value": 100 * made / contacts, "numerator": made, "denominator": contacts})
        rows.append({"measure_id": "cpp_open_count", "month": pd.Timestamp("2025-09-01"), "team": team,
                     "value": float(plans), "numerator": None, "denominator": None})
    return pd.DataFrame(rows).assign(status=None, origin="reported", batch_id=float("nan"))


# MASH: 85% by June 2025 and 95% by March 2026; turnover: 40% by March 2025 and 30% by March 2026
TARGETS = pd.DataFrame({"measure_id": ["mash_decisions_1wd_pct", "mash_decisions_1wd_pct", "sw_turnover_rate",
                                       "sw_turnover_rate"],
                        "target_date": pd.to_datetime(["2025-06-01", "2026-03-01", "2025-03-01", "2026-03-01"]),
                        "value": [85.0, 95.0, 40.0, 30.0], "tolerance": [2.0, 2.0, 5.0, 5.0],
                        "source": ["Improvement plan"] * 4, "owner": ["Head of service"] * 4})


def local_figures() -> LocalFigures:
    return LocalFigures(local_series(), LOCAL_MEASURES, TARGETS, team_staff=STAFF)


@cache
def published(store) -> services.Published:
    """The published figures, each measure's benchmarks worked out once for all the tests."""
    opened = services.Published.open(store)
    return services.Published(opened.store, opened.geo, opened.measures, cache(opened.prepared))


def pack_for(store, la: str, meeting: str, period: date = date(2025, 9, 1), public: bool = False, local: bool = False,
             targets: pd.DataFrame | None = None):
    """A pack as the CLI builds it; the same arguments without targets give the same (shared) pack."""
    if targets is None:
        return shared_pack(store, la, meeting, period, public, local)
    return new_pack(store, la, meeting, period, public, local, targets)


@cache
def shared_pack(store, la, meeting, period, public, local):
    return new_pack(store, la, meeting, period, public, local)


def new_pack(store, la: str, meeting: str, period: date, public: bool, local: bool,
             targets: pd.DataFrame | None = None):
    request = PackRequest(la, meeting, period, model="2021", public=public, produced=date(2025, 10, 6))
    figures = local_figures() if local else LocalFigures(
        pd.DataFrame(columns=SERIES_COLUMNS), LOCAL_MEASURES, TARGETS.iloc[:0])
    if targets is not None:
        figures = replace(figures, targets=targets)
    return services.pack_from_figures(published(store), figures, request)
