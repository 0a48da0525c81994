"""Red, amber and green for papers: against a target when the measure has one, otherwise against comparators.

Figures are compared as papers show them (rounded to the measure's decimals),
so a rating never contradicts the numbers printed beside it.
"""

import pandas as pd

from analytics.formatting import is_missing

RAG_TEXT = {"green": "Green", "amber": "Amber", "red": "Red", None: "Not rated"}


def compare(value, other, polarity: str, decimals: int) -> str | None:
    """'better', 'worse' or 'level' by the measure's polarity; None without both figures or a better direction."""
    if is_missing(value) or is_missing(other) or polarity not in ("high", "low"):
        return None
    gap = round(float(value), decimals) - round(float(other), decimals)
    if round(gap, decimals) == 0:
        return "level"
    return "better" if (gap > 0) == (polarity == "high") else "worse"


def against_comparators(value, neighbours, england, polarity: str, decimals: int) -> str | None:
    """Green when better than both the neighbour average and England, red when worse than both, amber otherwise.

    With only one of the two available it alone decides (level is amber); with neither, no rating.
    """
    verdicts = [v for v in (compare(value, c, polarity, decimals) for c in (neighbours, england)) if v]
    if not verdicts:
        return None
    if all(v == "better" for v in verdicts):
        return "green"
    if all(v == "worse" for v in verdicts):
        return "red"
    return "amber"


def against_target(value, target: float, tolerance, polarity: str, decimals: int) -> str | None:
    """Green when on or better than the target, amber when worse by no more than the tolerance, red otherwise."""
    verdict = compare(value, target, polarity, decimals)
    if verdict in (None, "better", "level"):
        return None if verdict is None else "green"
    shortfall = abs(round(float(value), decimals) - round(float(target), decimals))
    allowed = 0.0 if is_missing(tolerance) else float(tolerance)
    return "amber" if round(shortfall - allowed, decimals) <= 0 else "red"


def final_target(targets: pd.DataFrame | None, measure_id: str) -> dict | None:
    """A measure's final target from a target table (measure_id, target_date, value, tolerance, source, owner):
    its latest dated target, else its standing one (no date). None when it has none."""
    if targets is None or targets.empty:
        return None
    own = targets[targets.measure_id == measure_id]
    if own.empty:
        return None
    dated = own[own.target_date.notna()]
    row = dated.loc[pd.to_datetime(dated.target_date).idxmax()] if len(dated) else own.iloc[-1]
    return {"value": float(row.value), "date": None if pd.isna(row.target_date) else
            pd.Timestamp(row.target_date).date(), "tolerance": row.get("tolerance"),
            "source": row.get("source"), "owner": row.get("owner")}


def rules_text() -> list[str]:
    """How ratings are given, as the annex of a pack states it."""
    return [
        "Where the council has set a target for a measure, its latest figure is rated against the final target: "
        "green when on or better than the target, amber when worse by no more than the target's tolerance, red "
        "when worse by more.",
        "Otherwise the latest figure is rated against its statistical neighbours' average and England: green when "
        "better than both, red when worse than both, amber when better than one and worse than the other or "
        "level with either. If only one of the two has a figure, it alone decides.",
        "Better and worse follow each measure's direction (for turnover lower is better; for assessments on time "
        "higher is better). Measures with no better direction, and missing figures, are not rated. Figures are "
        "compared as shown, to the measure's decimal places.",
    ]
