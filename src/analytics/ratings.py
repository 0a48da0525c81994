"""A measure's verdict for a period: red, amber or green, and what it was rated against.

`verdict` is the one place a rating is decided, for the Overview, the Workforce
Board, the Improvement plan and every pack: against the council's target for the
period where one applies (targets.rag), otherwise against the neighbour average
and England. A figure in the worst quarter of LAs (band D) is never green. Figures
are compared as papers show them (rounded to the measure's decimals), so a rating
never contradicts the numbers printed beside it.
"""

from dataclasses import dataclass
from datetime import date

from analytics.formatting import format_value, is_missing
from analytics.local.spc import ASSURANCE_TEXT
from analytics.local.targets import MET, NOT_AT_RATE, ON_COURSE, Forecast
from analytics.local.targets import rag as target_rag
from analytics.months import month_index, month_label

RAG_TEXT = {"green": "Green", "amber": "Amber", "red": "Red", None: "Not rated"}
WORST_BAND = "D"
BAND_HELD = "held at amber: in the worst quarter of LAs (band D)"
COMPARATORS = "neighbours and England"
DEMO_TARGET = "demo target"


@dataclass(frozen=True)
class Verdict:
    rag: str | None  # 'green', 'amber', 'red' or None (not rated)
    against: str  # what the figure was rated against, always said beside the rating
    note: str | None = None  # why a rating was held back (band D)

    @property
    def label(self) -> str:
        return RAG_TEXT[self.rag]

    @property
    def text(self) -> str:
        """'Red against target 18.0 for Sep 2025 (demo target)', 'Not rated: no target set'."""
        words = f"{self.label} against {self.against}" if self.rag else f"Not rated: {self.against}"
        return f"{words} ({self.note})" if self.note else words


def target_text(value: float, month: date | None, unit: str, decimals: int, demo: bool = False) -> str:
    """'target 18.0 for Sep 2025', with '(demo target)' when the target comes from the labelled demo."""
    when = f" for {month_label(month)}" if month else ""
    return f"target {format_value(value, unit, decimals)}{when}{f' ({DEMO_TARGET})' if demo else ''}"


def verdict(value, measure, target: dict | None = None, comparators: tuple | None = None,
            band: str | None = None, untargeted: str = "no target set") -> Verdict:
    """The rating of one figure (`measure`: a catalogue row with unit, polarity and decimals).

    `target`: as targets.target_at gives it (value, tolerance, month), with `demo` True for a demo target; it
    decides when given. Otherwise `comparators` (neighbour average, England) decide, as against_comparators;
    with neither the figure is not rated, for the reason `untargeted`. `band`: the figure's quartile band.
    """
    polarity, places, unit = measure["polarity"], int(measure["decimals"]), measure["unit"]
    if target:
        rag = target_rag(value, target["value"], target["tolerance"], polarity, places)
        against = target_text(target["value"], target.get("month"), unit, places, bool(target.get("demo")))
    elif comparators is not None:
        rag, against = against_comparators(value, *comparators, polarity, places), COMPARATORS
    else:
        return Verdict(None, untargeted)
    if rag == "green" and band == WORST_BAND:
        return Verdict("amber", against, BAND_HELD)
    return Verdict(rag, against)


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


def outlook(forecast: Forecast | None, assurance: str | None, latest: date | None, now: date | None = None) -> str:
    """Where a measure is heading against its final target, in the one wording every page and pack uses: the
    forecast from the recent trend, then what the process chart's limits say (spc.ASSURANCE_TEXT).

    `latest`: the month of the latest figure; `now`: the latest complete month, so that a forecast month already
    past is not put as if it were still ahead.
    """
    if forecast is None:
        return "no target to forecast against"
    words = forecast.message
    if (forecast.status == ON_COURSE and forecast.month and now and latest
            and month_index(forecast.month) <= month_index(now)):
        words = (f"the trend to {month_label(latest)} pointed to reaching the target in "
                 f"{month_label(forecast.month)}, but there is no figure since {month_label(latest)}")
    if assurance in ASSURANCE_TEXT:
        # a latest figure on target from a process whose limits lie wholly short of it (or the reverse) is not a
        # contradiction but an unusual month: say so rather than set the two side by side
        differ = words == forecast.message and (  # a past forecast's wording already has its 'but'
            (forecast.status in (MET, ON_COURSE) and assurance == "consistent_fail")
            or (forecast.status == NOT_AT_RATE and assurance == "consistent_pass"))
        words += f"{', but' if differ else ';'} {ASSURANCE_TEXT[assurance]}"
    return words


def rules_text() -> list[str]:
    """How ratings are given, as the annex of a pack states it."""
    return [
        "Where the council has set targets for a measure, a figure is rated against the target for its month: the "
        "council's own monthly figure for the month it covers, a published figure for the month its period ends. "
        "Dated targets are joined by straight lines month by month and the last one holds after its date; a target "
        "without a date applies in any month no dated target covers. Before the first target there is none, so a "
        "monthly figure is not rated and a published one is rated against its comparators. Green when on or better "
        "than the target, amber when worse by no more than the target's tolerance, red when worse by more. A target "
        "from the labelled demo says so beside the rating.",
        "Otherwise the latest figure is rated against its statistical neighbours' average and England: green when "
        "better than both, red when worse than both, amber when better than one and worse than the other or "
        "level with either. If only one of the two has a figure, it alone decides.",
        "A published figure in the worst quarter of LAs (quartile band D) is never rated green: it is held at "
        "amber, and the rating says so.",
        "Better and worse follow each measure's direction (for turnover lower is better; for assessments on time "
        "higher is better). Measures with no better direction, and missing figures, are not rated. Figures are "
        "compared as shown, to the measure's decimal places.",
    ]
