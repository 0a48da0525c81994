"""Red, amber and green for papers against comparators, for measures with no target (targets.rag rates against
a target).

Figures are compared as papers show them (rounded to the measure's decimals),
so a rating never contradicts the numbers printed beside it.
"""

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


def rules_text() -> list[str]:
    """How ratings are given, as the annex of a pack states it."""
    return [
        "Where the council has set targets for a measure, a figure is rated against the target for its month: the "
        "council's own monthly figure for the month it covers, a published figure for the month its period ends. "
        "Dated targets are joined by straight lines month by month and the last one holds after its date; a target "
        "without a date applies in any month no dated target covers. Before the first target there is none, so a "
        "monthly figure is not rated and a published one is rated against its comparators. Green when on or better "
        "than the target, amber when worse by no more than the target's tolerance, red when worse by more.",
        "Otherwise the latest figure is rated against its statistical neighbours' average and England: green when "
        "better than both, red when worse than both, amber when better than one and worse than the other or "
        "level with either. If only one of the two has a figure, it alone decides.",
        "Better and worse follow each measure's direction (for turnover lower is better; for assessments on time "
        "higher is better). Measures with no better direction, and missing figures, are not rated. Figures are "
        "compared as shown, to the measure's decimal places.",
    ]
