"""What the user is looking at (LA, neighbour model, average, comparators, years), and its URL form.

A link pasted into a board paper carries the selection in its query string;
anything in it that is not understood falls back to the default with a notice.
"""

from dataclasses import dataclass, field, replace

from analytics.published.geography import DEFAULT_MODEL, MODELS

DEFAULT_LA = "332"  # Dudley
AVERAGES = {"mean": "Mean", "median": "Median"}
COMPARATORS = {"sn": "Statistical neighbours", "region": "Region", "england": "England"}
# parameters a single page reads for itself (the explorer's measure; each page's measure, year, view and month,
# named as the widget that chooses them), so a link reopens the same view
PAGE_PARAMS = ("measure", "workforce_measure", "workforce_year", "workforce_view", "practice_measure",
               "practice_year", "practice_view", "board_month", "plan_area")


@dataclass(frozen=True)
class Selection:
    la: str = DEFAULT_LA
    model: str = DEFAULT_MODEL
    average: str = "mean"
    comparators: tuple[str, ...] = tuple(COMPARATORS)
    first_year: int = 2013
    last_year: int = 2025


@dataclass
class Parsed:
    selection: Selection
    notices: list[str] = field(default_factory=list)


def _first(value):
    return value[0] if isinstance(value, list | tuple) and value else value


def parse(params: dict, la_codes: set[str], la_names: dict[str, str], years: tuple[int, int],
          default: Selection | None = None) -> Parsed:
    """A Selection from URL query parameters; each bad value is replaced by the default and explained."""
    default = default or Selection(first_year=years[0], last_year=years[1])
    chosen, notices = default, []

    la = _first(params.get("la"))
    if la is not None:
        if str(la) in la_codes:
            chosen = replace(chosen, la=str(la))
        else:
            notices.append(f"The link asked for local authority '{la}', which is not known; "
                           f"showing {la_names[default.la]}.")
    model = _first(params.get("model"))
    if model is not None:
        if model in MODELS:
            chosen = replace(chosen, model=model)
        else:
            notices.append(f"The link asked for neighbour model '{model}'; showing the {MODELS[default.model]}.")
    average = _first(params.get("avg"))
    if average is not None:
        if average in AVERAGES:
            chosen = replace(chosen, average=average)
        else:
            notices.append(f"The link asked for a '{average}' neighbour average; showing the "
                           f"{default.average}.")
    show = _first(params.get("show"))
    if show is not None:
        wanted = [c for c in str(show).split(",") if c]
        known = tuple(c for c in COMPARATORS if c in wanted)
        if set(wanted) - set(COMPARATORS):
            notices.append(f"The link's comparators '{show}' are not all known; showing "
                           f"{', '.join(COMPARATORS[c] for c in known) or 'none'}.")
        chosen = replace(chosen, comparators=known)
    first, last = _first(params.get("from")), _first(params.get("to"))
    if first is not None or last is not None:
        try:
            start = int(first) if first is not None else chosen.first_year
            end = int(last) if last is not None else chosen.last_year
            if not years[0] <= start <= end <= years[1]:
                raise ValueError
            chosen = replace(chosen, first_year=start, last_year=end)
        except (TypeError, ValueError):
            notices.append(f"The link's years ({first}–{last}) are outside {years[0]}–{years[1]}; "
                           f"showing {chosen.first_year}–{chosen.last_year}.")
    unknown = sorted(set(params) - {"la", "model", "avg", "show", "from", "to", *PAGE_PARAMS})
    if unknown:
        notices.append(f"The link's {', '.join(repr(k) for k in unknown)} "
                       f"{'is' if len(unknown) == 1 else 'are'} not used by this dashboard and "
                       f"{'was' if len(unknown) == 1 else 'were'} ignored.")
    return Parsed(chosen, notices)


def encode(selection: Selection) -> dict[str, str]:
    """The query parameters that reproduce a selection."""
    return {"la": selection.la, "model": selection.model, "avg": selection.average,
            "show": ",".join(selection.comparators), "from": str(selection.first_year),
            "to": str(selection.last_year)}
