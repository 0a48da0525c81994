"""Commentary for papers, written from the numbers: every figure in a sentence is one the caller passed in.

- A trend needs three periods in a row with figures; with fewer, none is claimed.
- A missing or suppressed latest figure is said to be missing, with its reason.
- "Highest" and "lowest" of the neighbours count only neighbours with a figure,
  and only when strictly true (a tie is "level with").
- "Nearly three times", "more than twice", "less than half" are used only when
  the same words hold for any unrounded figures that round to the ones shown.
- Better and worse follow the measure's polarity; a measure without one is
  described as higher or lower only.
- Figures are compared as shown (rounded to the measure's decimals).
"""

import math
import re
from datetime import date

import pandas as pd

from analytics.formatting import format_value, is_missing, measure_formatter, missing_text, ordinal_rank
from analytics.local.spc import ASSURANCE_TEXT, VARIATION_TEXT
from analytics.ratings import RAG_TEXT, compare
from analytics.suppression import CODES

NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                "twelve"]
BAND_MEANING = {"A": "the best quarter of LAs", "B": "the second-best quarter", "C": "the second-worst quarter",
                "D": "the worst quarter of LAs"}


def number_word(n: int) -> str:
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else f"{n:,}"


def subject(measure: pd.Series) -> str:
    """The measure as the subject of a sentence: 'Social worker turnover rate (FTE)' -> 'social worker turnover
    rate'; acronyms keep their capitals ('CP plans ...')."""
    label = re.sub(r"\s*\([^)]*\)\s*$", "", str(measure["label"])).strip()
    first = label.split()[0] if label else ""
    return label if first.isupper() or first[1:2].isupper() else label[:1].lower() + label[1:]



def _gap_text(gap: float, measure: pd.Series) -> str:
    """A difference as users read it: '19.9 percentage points', '2.1'."""
    places = int(measure["decimals"])
    if measure["unit"] == "percent":
        return f"{abs(gap):,.{places}f} percentage points"
    return format_value(abs(gap), measure["unit"], places)


def _times_words(ratio: float) -> str | None:
    if ratio < 0.5:
        return "less than half"
    whole = math.floor(ratio)
    if ratio < 2 or ratio == whole:
        return None
    if ratio - whole >= 0.7:
        return f"nearly {number_word(min(whole + 1, 12))} times" if whole < 10 else "more than ten times"
    return "more than twice" if whole == 2 else f"more than {number_word(min(whole, 10))} times"


def times_phrase(value: float, other: float, decimals: int) -> str | None:
    """'nearly three times', 'more than twice', 'less than half': only when robust to the rounding of both
    figures (the same words for every pair of figures that round to these), and never for zero or negatives."""
    if is_missing(value) or is_missing(other):
        return None
    half = 0.5 * 10 ** -decimals
    if value - half <= 0 or other - half <= 0:
        return None
    low, high = (value - half) / (other + half), (value + half) / (other - half)
    words = _times_words(low)
    return words if words is not None and words == _times_words(high) else None


def _rounded(value, decimals: int) -> float:
    return round(float(value), decimals)


def change_clause(value: float, label: str, previous: float | None, previous_label: str | None,
                  measure: pd.Series) -> str:
    """'rose to 34.9% in 2025 from 24.6% in 2024'; without a previous figure, 'was 34.9% in 2025'."""
    fmt, places = measure_formatter(measure), int(measure["decimals"])
    if previous is None or is_missing(previous):
        return f"was {fmt(value)} in {label}"
    now, before = _rounded(value, places), _rounded(previous, places)
    if now == before:
        return f"was {fmt(value)} in {label}, the same as in {previous_label}"
    verb = "rose" if now > before else "fell"
    return f"{verb} to {fmt(value)} in {label} from {fmt(previous)} in {previous_label}"


def trend_sentence(points: list[tuple[str, float | None]], measure: pd.Series, step: str = "year") -> str:
    """The direction of travel over the last three periods in a row (`points`: (label, value), oldest first,
    consecutive periods only). Fewer than three figures in a row: says no trend is given."""
    last = points[-3:]
    if len(last) < 3 or any(is_missing(v) for _, v in last):
        return f"There are not figures for three {step}s in a row, so no trend is given."
    fmt, places = measure_formatter(measure), int(measure["decimals"])
    (p1, v1), (p2, v2), (p3, v3) = last
    a, b, c = (_rounded(v, places) for v in (v1, v2, v3))
    listed = f"{fmt(v1)} in {p1}, {fmt(v2)} in {p2}, {fmt(v3)} in {p3}"
    if a == b == c:
        return f"It has been unchanged at {fmt(v3)} over the last three {step}s ({p1} to {p3})."
    if a < b < c or a > b > c:
        verb = "risen" if c > a else "fallen"
        verdict = compare(c, a, measure["polarity"], places)
        judged = {"better": ", an improving trend", "worse": ", a worsening trend"}.get(verdict, "")
        return f"It has {verb} in each of the last two {step}s ({listed}){judged}."
    return f"Over the last three {step}s it has not moved in one direction ({listed})."


def _neighbour_position(value: float, found: list[float], of: int, average: str, average_value,
                        measure: pd.Series) -> str | None:
    """Where the LA stands among its neighbours that have a figure; None when none has one."""
    fmt, places = measure_formatter(measure), int(measure["decimals"])
    n = len(found)
    if n == 0:
        return None
    group = (f"its {number_word(n)} statistical neighbours" if n == of else
             f"the {number_word(n)} of its {number_word(of)} statistical neighbours with a figure")
    if n == 1:
        return f"{_side(value, found[0], places)} the one statistical neighbour with a figure ({fmt(found[0])})"
    me, others = _rounded(value, places), [_rounded(v, places) for v in found]
    summary = f"{average} {fmt(average_value)}"
    if me > max(others):
        return f"the highest of {group} ({summary})"
    if me < min(others):
        return f"the lowest of {group} ({summary})"
    if me == max(others) and me != min(others):
        return f"level with the highest of {group} ({summary})"
    if me == min(others) and me != max(others):
        return f"level with the lowest of {group} ({summary})"
    return f"{_side(value, average_value, places)} the {average} of {group} ({fmt(average_value)})"


def _side(value, other, places: int) -> str:
    gap = _rounded(value, places) - _rounded(other, places)
    return "above" if gap > 0 else "below" if gap < 0 else "level with"


def _england_clause(value: float, england, measure: pd.Series) -> str | None:
    if is_missing(england):
        return None
    fmt, places = measure_formatter(measure), int(measure["decimals"])
    times = times_phrase(value, england, places)
    if times:
        return f"{times} England's {fmt(england)}"
    return f"{_side(value, england, places)} England's {fmt(england)}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def verdict_sentence(row: pd.Series, measure: pd.Series, names: dict[str, str], average: str) -> str:
    """Better or worse than the neighbour average, the region and England, by the measure's polarity."""
    fmt, places, polarity = measure_formatter(measure), int(measure["decimals"]), measure["polarity"]
    if polarity not in ("high", "low"):
        return "This measure has no better direction, so the comparison is not judged better or worse."
    comparators = [(f"the neighbour {average}", row[f"sn_{average}"]),
                   (f"the {names['region']} figure ({fmt(row.region_value)})", row.region_value),
                   ("England", row.england_value)]
    grouped = {"worse": [], "better": [], "level": []}
    for text, other in comparators:
        verdict = compare(row.la_value, other, polarity, places)
        if verdict:
            grouped[verdict].append(text)
    parts = [f"{word} {_join(items)}" for word, items in
             (("worse than", grouped["worse"]), ("better than", grouped["better"]), ("level with", grouped["level"]))
             if items]
    if not parts:
        return "No comparator has a figure for that year."
    return f"As {'lower' if polarity == 'low' else 'higher'} is better, {names['la']} is {'; '.join(parts)}."


def rank_sentence(row: pd.Series) -> str | None:
    """'It ranks joint 147th of 148 LAs with a figure (1 = best), in quartile band D (the worst quarter of LAs).'"""
    if is_missing(row["rank"]):
        return None
    text = f"It ranks {ordinal_rank(row['rank'], row.rank_of, bool(row.get('rank_tied')))} LAs with a figure (1 = best)"
    band = row.quartile if isinstance(row.quartile, str) else None
    return f"{text}, in quartile band {band} ({BAND_MEANING[band]})." if band else f"{text}."


def target_sentence(value: float, target: dict, rag: str | None, measure: pd.Series) -> str:
    """How far a figure is from the target for its month, and the rating it gives.

    `target`: value, month (the month the target applies to) and final (the final target's value and date), as
    targets.target_at gives them.
    """
    fmt, places = measure_formatter(measure), int(measure["decimals"])
    month, final = target.get("month"), target.get("final")
    when = f" for {month:%B %Y}" if isinstance(month, date) else ""
    on_the_way = (isinstance(month, date) and final and isinstance(final.get("date"), date)
                  and pd.Timestamp(month) < pd.Timestamp(final["date"]))
    path = f" (on the way to {fmt(final['value'])} by {final['date']:%B %Y})" if on_the_way else ""
    rated = f" (rated {RAG_TEXT[rag].lower()})" if rag else ""
    gap = _rounded(value, places) - _rounded(target["value"], places)
    if round(gap, places) == 0:
        return f"It is on the target of {fmt(target['value'])}{when}{path}{rated}."
    verdict = compare(value, target["value"], measure["polarity"], places)
    side = "above" if gap > 0 else "below"
    judged = f", {verdict} than the target" if verdict in ("better", "worse") else ""
    return f"It is {_gap_text(gap, measure)} {side} the target of {fmt(target['value'])}{when}{path}{judged}{rated}."


def not_yet_targeted_sentence(month: date, first: dict, measure: pd.Series) -> str:
    """For a month before a measure's first target (`first`: value, date)."""
    return (f"No target applies to {month:%B %Y}: the first, {measure_formatter(measure)(first['value'])}, is for "
            f"{first['date']:%B %Y}, so the figure is not rated.")


DEMO_SENTENCES = {
    "synthetic": "The latest figure is synthetic demo data, made up to show how the pack works: it is not {la}'s.",
    "transcribed": "The latest figure is demo data transcribed from {la}'s published papers, not a live figure.",
}


def forecast_sentence(forecast: dict) -> str | None:
    """From a forecast (status, month, message, as targets.forecast gives): when the target would be reached."""
    month, message = forecast.get("month"), forecast.get("message")
    if forecast.get("status") == "on course" and isinstance(month, date):
        return f"At the current rate of change it would reach the target in {month:%B %Y}."
    return f"Forecast: {message}." if message else None


def spc_sentence(spc: dict, step: str = "month") -> str | None:
    """The XmR chart's signals (variation, assurance, n, trial, as spc.xmr gives them)."""
    variation = VARIATION_TEXT.get(spc.get("variation"))
    if not variation:
        return None
    text = f"On a process control (XmR) chart of {spc['n']} {step}s, the latest {step} shows {variation}"
    assurance = ASSURANCE_TEXT.get(spc.get("assurance"))
    text += f"; {assurance}." if assurance else "."
    if spc.get("trial"):
        text += " Its limits are trial limits and will move as more figures arrive."
    return text


def published_commentary(table: pd.DataFrame, measure: pd.Series, names: dict[str, str],
                         neighbour_values: list[float], average: str = "mean",
                         target: dict | None = None, rag: str | None = None,
                         forecast: dict | None = None, held: str | None = None) -> list[str]:
    """Sentences on a published measure for one LA.

    `table`: MeasureBenchmarks.for_la's table, limited to the years the paper covers (oldest first);
    `neighbour_values`: the latest year's figures of the neighbours that have one (same MeasureBenchmarks);
    `target`/`rag`/`forecast`: when the measure has a target; `held`: why the rating was held back
    (ratings.Verdict.note).
    """
    if table.empty:
        return ["No figures are published for this measure in the period the paper covers."]
    fmt = measure_formatter(measure)
    row = table.iloc[-1]
    la = names["la"]
    if is_missing(row.la_value):
        sentences = [f"No figure for {la}'s {subject(measure)} was published for {row.period}: "
                     f"{missing_text(row.missing_reason)}."]
        earlier = table[table.la_value.notna()]
        if not earlier.empty:
            sentences.append(f"Its latest published figure is {fmt(earlier.la_value.iloc[-1])} for "
                             f"{earlier.period.iloc[-1]}.")
        comparators = [f"its statistical neighbours' {average} was {fmt(row[f'sn_{average}'])}"] \
            if not is_missing(row[f"sn_{average}"]) else []
        if not is_missing(row.england_value):
            comparators.append(f"England's was {fmt(row.england_value)}")
        if comparators:
            sentences.append(f"For {row.period}, {_join(comparators)}.")
        return sentences
    previous = table.iloc[-2] if len(table) > 1 and table.year.iloc[-2] == row.year - 1 else None
    headline = change_clause(row.la_value, row.period, None if previous is None else previous.la_value,
                             None if previous is None else previous.period, measure)
    clauses = [c for c in (_neighbour_position(row.la_value, neighbour_values, int(row.sn_of), average,
                                               row[f"sn_{average}"], measure),
                           _england_clause(row.la_value, row.england_value, measure)) if c]
    sentences = [f"{la}'s {subject(measure)} {headline}{', ' + _join(clauses) if clauses else ''}."]
    if not neighbour_values:
        sentences.append("None of its statistical neighbours has a figure for that year.")
    sentences.append(verdict_sentence(row, measure, names, average))
    consecutive = table[table.year > row.year - 3]
    points = list(zip(consecutive.period, consecutive.la_value)) if len(consecutive) == 3 else []
    sentences.append(trend_sentence(points, measure))
    rank = rank_sentence(row)
    if rank:
        sentences.append(rank)
    if target:
        sentences.append(target_sentence(row.la_value, target, rag, measure))
        if forecast:
            sentences.append(forecast_sentence(forecast))
    if held:
        sentences.append(f"Its rating is {held}.")
    return [s for s in sentences if s]


def local_commentary(points: pd.DataFrame, measure: pd.Series, la_name: str, public: bool = False,
                     target: dict | None = None, rag: str | None = None, first_target: dict | None = None,
                     forecast: dict | None = None, spc: dict | None = None, demo: str | None = None,
                     outlook: str | None = None) -> list[str]:
    """Sentences on one of the council's own monthly measures, whole service.

    `points`: month (first of the month), value, numerator, denominator, status (the reason where value is
    missing, 'c' where a public paper suppresses it), oldest first, up to the paper's month. In a public paper
    no count is quoted. `target`: the target for the latest figure's month (targets.target_at) with its `rag`;
    `first_target`: when the measure has targets but none applies to that month yet; `forecast`: as
    targets.forecast gives it; `spc`: the XmR chart's variation, assurance, n and trial; `demo`: 'synthetic' or
    'transcribed' when the latest figure comes from a demo batch; `outlook`: ratings.outlook, as the pages word it
    (it replaces the forecast sentence and the process chart's assurance).
    """
    if points.empty:
        return ["There are no monthly figures for this measure up to the paper's month."]
    row = points.iloc[-1]
    label = f"{row.month:%B %Y}"
    if is_missing(row.value):
        reason = ("it is not shown because it rests on a very small number of cases" if row.status == "c"
                  else missing_text(row.status) if row.status in CODES else row.status or "no figure was reported")
        sentences = [f"There is no figure for {la_name}'s {subject(measure)} in {label}: {reason}."]
    else:
        sentences = _latest_sentences(points, measure, la_name, public)
        if target:
            sentences.append(target_sentence(row.value, target, rag, measure))
        elif first_target:
            sentences.append(not_yet_targeted_sentence(row.month, first_target, measure))
    if outlook:  # the pages' words: the forecast and what the process limits say
        sentences.append(f"Forecast: {outlook}.")
        spc = spc and {**spc, "assurance": None}
    elif forecast:
        sentences.append(forecast_sentence(forecast))
    if spc:
        sentences.append(spc_sentence(spc))
    if demo:
        sentences.append(DEMO_SENTENCES[demo].format(la=la_name))
    return [s for s in sentences if s]


def _latest_sentences(points: pd.DataFrame, measure: pd.Series, la_name: str, public: bool) -> list[str]:
    """The latest figure against the month before, its base, and the trend over the last three months in a row."""
    row = points.iloc[-1]
    label = f"{row.month:%B %Y}"
    previous = points.iloc[-2] if len(points) > 1 else None
    consecutive = previous is not None and (row.month.year * 12 + row.month.month) - \
        (previous.month.year * 12 + previous.month.month) == 1
    headline = change_clause(row.value, label, previous.value if consecutive else None,
                             f"{previous.month:%B %Y}" if consecutive else None, measure)
    counts = ""
    if not public and not is_missing(row.numerator) and not is_missing(row.denominator):
        counts = f" ({row.numerator:,.0f} of {row.denominator:,.0f})"
    sentences = [f"{la_name}'s {subject(measure)} {headline}{counts}."]
    if not is_missing(row.denominator) and row.denominator < 20:
        sentences.append("It rests on a small number of cases, so a single case moves it noticeably.")
    months = [m.year * 12 + m.month for m in points.month]
    run = 1
    while run < min(3, len(points)) and months[-run] - months[-run - 1] == 1:
        run += 1
    recent = points.tail(run)
    sentences.append(trend_sentence([(f"{m:%b %Y}", v) for m, v in zip(recent.month, recent.value)], measure,
                                    "month"))
    return sentences
