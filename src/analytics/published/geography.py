"""Areas as benchmarking sees them: each LA's region, joint returns, successors and statistical neighbours.

Loaded once from the store; everything here is a lookup, none of it a figure.
"""

from dataclasses import dataclass

import pandas as pd

# The DfE's statistical-neighbour models the store carries. The May 2025 model is the default everywhere (pages,
# the command line, packs): it is the DfE's current grouping, the one LAIT and the CSC dashboards now use.
MODELS = {"2025": "May 2025 model", "2021": "April 2021 groupings"}
DEFAULT_MODEL = "2025"


@dataclass(frozen=True)
class Geography:
    """The facts about areas that benchmarking needs, loaded once from the store."""

    areas: pd.DataFrame  # indexed by area_code
    joint_of: dict[str, str]  # member LA -> joint return area
    successors: dict[str, list[str]]  # abolished LA -> the LAs that replaced it
    neighbours: dict[tuple[str, str], list[str]]  # (model, LA) -> its neighbours, closest first

    @classmethod
    def from_store(cls, store) -> "Geography":
        changes = store.boundary_changes()
        members = store.joint_members()
        neighbours = store.neighbours()  # ordered by model, area, rank
        return cls(
            areas=store.areas().set_index("area_code"),
            joint_of=dict(zip(members.member_code, members.joint_code, strict=True)),
            successors=changes.groupby("predecessor").successor.agg(list).to_dict(),
            neighbours=neighbours.groupby(["model", "area_code"], sort=False).neighbour_code.agg(list).to_dict(),
        )

    def name(self, area_code: str) -> str:
        return str(self.areas.at[area_code, "name"])


@dataclass(frozen=True)
class NeighbourGroup:
    la_code: str
    model: str  # the model asked for
    model_used: str | None  # the model the list came from (another, if the LA is not in the one asked for)
    codes: list[str]
    note: str


def neighbour_group(geo: Geography, la_code: str, model: str) -> NeighbourGroup:
    """The LA's ten neighbours in `model`; an LA the model predates or postdates uses the other model, with a note."""
    if model not in MODELS:
        raise ValueError(f"unknown neighbour model {model!r}; choose one of {', '.join(MODELS)}")
    name = geo.name(la_code)
    for candidate in (model, *[m for m in MODELS if m != model]):
        codes = geo.neighbours.get((candidate, la_code))
        if codes:
            note = "" if candidate == model else (
                f"{name} is not in the {model} neighbour model (it did not exist as an LA then); "
                f"its {candidate} model neighbours are used instead.")
            return NeighbourGroup(la_code, model, candidate, list(codes), note)
    return NeighbourGroup(la_code, model, None, [], f"{name} is in neither neighbour model.")


def region_of(geo: Geography, la_code: str) -> str:
    return str(geo.areas.at[la_code, "region_code"])


def names(geo: Geography, la_code: str) -> dict[str, str]:
    """How charts and sentences name the LA and its comparators: 'la', 'region' and 'england'."""
    return {"la": geo.name(la_code), "region": geo.name(region_of(geo, la_code)), "england": "England"}


def neighbour_units(geo: Geography, la_code: str, neighbour_codes: list[str]) -> set[str]:
    """The distinct reporting bodies among the neighbours: a joint return counts once, and never the LA's own."""
    return {geo.joint_of.get(n, n) for n in neighbour_codes} - {la_code, geo.joint_of.get(la_code)}
