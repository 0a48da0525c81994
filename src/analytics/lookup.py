"""Turning what a user typed (an LA name or code, a measure id) into a known key, or a helpful refusal."""

import difflib

import pandas as pd


class NotFound(LookupError):
    """Nothing matched; `suggestions` holds the closest known values."""

    def __init__(self, kind: str, text: str, suggestions: list[str]):
        hint = f" Did you mean: {'; '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"Unknown {kind} '{text}'.{hint}")
        self.suggestions = suggestions


def resolve_la(areas: pd.DataFrame, text: str) -> str:
    """An LA's area code from its name, old three-digit number or ONS code (any case)."""
    las = areas.reset_index() if "area_code" not in areas.columns else areas
    las = las[las.level == "la"]
    wanted = str(text).strip().casefold()
    for column in ("area_code", "new_la_code", "name"):
        hit = las[las[column].astype(str).str.casefold() == wanted]
        if len(hit) == 1:
            return str(hit.area_code.iloc[0])
    names = las.name.tolist()
    close = difflib.get_close_matches(str(text), names, n=5, cutoff=0.6)
    close += [n for n in names if wanted and wanted in n.casefold() and n not in close][: 5 - len(close)]
    suggestions = [f"{n} ({las.loc[las.name == n, 'area_code'].iloc[0]})" for n in close]
    raise NotFound("local authority", text, suggestions)


def resolve_measure(measures: pd.DataFrame, text: str) -> str:
    """A measure id, accepting any case; unknown ids get the closest ids and labels as suggestions."""
    ids = measures.reset_index()["id"] if "id" not in measures.columns else measures["id"]
    wanted = str(text).strip().casefold()
    exact = [i for i in ids if i.casefold() == wanted]
    if exact:
        return exact[0]
    close = difflib.get_close_matches(wanted, list(ids), n=5, cutoff=0.5)
    raise NotFound("measure", text, close)


def resolve_choice(kind: str, choices: list[str], text: str) -> str:
    """One of a short list of names (a meeting), any case; otherwise the closest as suggestions."""
    wanted = str(text).strip().casefold()
    for choice in choices:
        if choice.casefold() == wanted:
            return choice
    close = difflib.get_close_matches(wanted, choices, n=3, cutoff=0.4)
    raise NotFound(kind, text, close or list(choices))
