"""The measures a council's own figures can be filed under, and matching what a file calls a measure to one.

Three sources, in this order of precedence: the published catalogue (the store's
`measures` table: a local figure for the same measure uses the published id, so it
sits beside the benchmarks), the local-only measures shipped in
local_measures.csv (derived from Dudley's improvement plan and scrutiny papers),
and measures a council declared itself when importing (kept in the local store).
measure_aliases.csv maps the names people give columns ("vacancy rate") to ids.
"""

import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

LOCAL_MEASURES = Path(__file__).with_name("local_measures.csv")
ALIASES = Path(__file__).with_name("measure_aliases.csv")
COLUMNS = ["id", "label", "unit", "polarity", "topic", "definition", "origin"]
POLARITIES = ("high", "low", "neither")
# Units a declared measure may have, with the values they allow (None: no bound).
UNIT_RANGES: dict[str, tuple[float | None, float | None]] = {
    "percent": (0.0, 100.0), "count": (0.0, None), "fte": (0.0, None), "cases_per_fte": (0.0, None),
    "days": (0.0, None), "per_10k": (0.0, None), "gbp": (None, None), "score": (None, None),
    "rate": (0.0, None), "value": (None, None),
}


def key(text: str) -> str:
    """What two spellings of one name share: 'Vacancy Rate (%)' and 'vacancy_rate %' -> 'vacancy rate percent'."""
    text = str(text).casefold().replace("%", " percent ")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


@dataclass(frozen=True)
class MeasureDeclaration:
    """A new local measure a user declares for a name the catalogue does not know."""

    name: str  # as the file writes it
    id: str
    label: str
    unit: str
    polarity: str
    definition: str = ""

    def problems(self) -> list[str]:
        found = []
        if not re.fullmatch(r"[a-z][a-z0-9_]{1,62}", self.id):
            found.append(f"id '{self.id}' must be lower-case letters, digits and underscores")
        if not self.label.strip():
            found.append("a label is needed")
        if self.unit not in UNIT_RANGES:
            found.append(f"unit '{self.unit}' is not one of {', '.join(UNIT_RANGES)}")
        if self.polarity not in POLARITIES:
            found.append(f"polarity '{self.polarity}' is not one of {', '.join(POLARITIES)}")
        return found


@dataclass(frozen=True)
class Catalogue:
    measures: pd.DataFrame  # indexed by id: label, unit, polarity, topic, definition, origin
    names: dict[str, set[str]]  # key(id, label or alias) -> ids

    @classmethod
    def build(cls, published: pd.DataFrame, declared: pd.DataFrame | None = None) -> "Catalogue":
        """`published`: Store().measures(); `declared`: LocalStore().declared_measures()."""
        parts = [published.assign(origin="published"), shipped_local_measures().assign(origin="local")]
        if declared is not None and len(declared):
            parts.append(declared.assign(origin="declared"))
        measures = pd.concat([p.reindex(columns=COLUMNS) for p in parts], ignore_index=True)
        measures = measures.drop_duplicates("id").set_index("id")
        names: dict[str, set[str]] = {}
        aliases = _aliases()
        pairs = [*zip(measures.index, measures.index), *zip(measures.label, measures.index),
                 *zip(aliases.alias, aliases.measure_id)]
        for name, measure_id in pairs:
            if isinstance(name, str) and measure_id in measures.index:
                names.setdefault(key(name), set()).add(measure_id)
        return cls(measures, names)

    def match(self, text: str) -> str | None:
        """The measure a name means: its id in any case, its label or a known alias; None if none or several."""
        text = str(text).strip()
        if text in self.measures.index:
            return text
        ids = self.names.get(key(text), set())
        return next(iter(ids)) if len(ids) == 1 else None

    def suggestions(self, text: str, n: int = 5) -> list[str]:
        """The closest ids, by id or by label ('id — label')."""
        wanted = key(text)
        candidates = list(self.names)
        close = difflib.get_close_matches(wanted, candidates, n=n * 2, cutoff=0.5)
        ids = list(dict.fromkeys(i for name in close for i in sorted(self.names[name])))[:n]
        return [f"{i} — {self.measures.at[i, 'label']}" for i in ids]

    def with_declarations(self, declarations: list[MeasureDeclaration]) -> "Catalogue":
        if not declarations:
            return self
        rows = pd.DataFrame([{"id": d.id, "label": d.label, "unit": d.unit, "polarity": d.polarity,
                              "topic": "Local (declared)", "definition": d.definition, "origin": "declared"}
                             for d in declarations]).set_index("id")
        names = {k: set(v) for k, v in self.names.items()}
        for d in declarations:
            for name in (d.name, d.id, d.label):
                names.setdefault(key(name), set()).add(d.id)
        return Catalogue(pd.concat([self.measures, rows[~rows.index.isin(self.measures.index)]]), names)


# The shipped files do not change while the product runs: read each once.
@functools.cache
def _aliases() -> pd.DataFrame:
    return pd.read_csv(ALIASES, dtype=str)


@functools.cache
def _shipped() -> pd.DataFrame:
    return pd.read_csv(LOCAL_MEASURES, dtype=str)


def shipped_local_measures() -> pd.DataFrame:
    return _shipped().copy()
