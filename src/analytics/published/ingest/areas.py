"""Areas: England, the regions, every local authority (LA) past and present, and joint returns.

An LA is keyed by its old three-digit DfE number ('332'); its ONS code
(E08000027) is kept beside it. Abolished LAs stay as areas of their own with
their history, and the reorganisations that replaced them are recorded, as LAIT
does: nothing is spliced together, so no LA vanishes or is counted twice.
"""

from dataclasses import dataclass
from pathlib import Path

import duckdb
from python_calamine import CalamineWorkbook

from analytics.published.ingest import IngestError, given, require_columns, require_file
from analytics.published.store import stage

ENGLAND = "E92000001"
LONDON = "E12000007"

# Local government reorganisations since the published series begin (structural
# change orders), each taking effect on 1 April of `year`: a predecessor's last
# figures are for the year ending 31 March of `year`.
BOUNDARY_CHANGES = [  # (predecessor, successor, year, description)
    ("835", "838", 2019, "Dorset County Council was replaced by Dorset Council on 1 April 2019"),
    ("835", "839", 2019, "Christchurch moved from Dorset to Bournemouth, Christchurch and Poole on 1 April 2019"),
    ("836", "839", 2019, "Poole became part of Bournemouth, Christchurch and Poole on 1 April 2019"),
    ("837", "839", 2019, "Bournemouth became part of Bournemouth, Christchurch and Poole on 1 April 2019"),
    ("928", "940", 2021, "Northamptonshire was split into North and West Northamptonshire on 1 April 2021"),
    ("928", "941", 2021, "Northamptonshire was split into North and West Northamptonshire on 1 April 2021"),
    ("909", "942", 2023, "Cumbria was split into Cumberland and Westmorland and Furness on 1 April 2023"),
    ("909", "943", 2023, "Cumbria was split into Cumberland and Westmorland and Furness on 1 April 2023"),
]

# LAIT numbers its England and regional rows; these are the ONS codes they stand for.
LAIT_REGION_NUMBERS = {
    "970": ENGLAND, "980": "E12000001", "981": "E12000002", "982": "E12000003", "983": "E12000004",
    "984": "E12000005", "985": "E12000006", "986": LONDON, "987": "E13000001", "988": "E13000002",
    "989": "E12000008", "990": "E12000009",
}

CODE_LIST = "lait/la_code_list.xlsx"
# The release tables (release_measures.csv) whose rows name every LA and region, and the joint returns.
CIN_TABLE = "cin_b1"
WORKFORCE_TABLE = "csww_indicators"


def joint_code(published: str) -> str:
    """'314 / 318' -> '314/318': one area for a return made jointly by two LAs."""
    return "/".join(part.strip() for part in published.split("/"))


AREA_COLUMNS = ("area_code", "name", "level", "old_la_code", "new_la_code", "region_code", "subregion_code",
                "la_type", "created", "abolished")


@dataclass
class Areas:
    codes: set[str]  # every area
    la_codes: set[str]  # the LAs, past and present
    by_ons_code: dict[str, str]  # an LA's ONS code -> its area code
    joint_members: list[tuple[str, str]]  # (joint area, member LA)


def _text(cell) -> str | None:
    """A workbook cell as the text it shows: a whole number has no '.0'; blank (or 'NA') is None."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return given(str(cell))


def _code_list(path: Path) -> dict[str, str | None]:
    """The LA code list: each LA number -> its type (rows with no type are headings)."""
    require_file(path)
    try:
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    except Exception as exc:  # the reader raises many types for a damaged workbook
        raise IngestError(path, f"cannot be read as a workbook: {exc}") from exc
    names = [str(c) for c in rows[0]] if rows else []
    require_columns(path, names, ["LA Number", "LA Name", "Region", "Type"])
    number, kind = names.index("LA Number"), names.index("Type")
    return {_text(row[number]): _text(row[kind]) for row in rows[1:] if _text(row[kind]) is not None}


def _region_codes(code: str) -> tuple[str, str | None]:
    """(region, subregion): Inner and Outer London (E13) are subregions of London."""
    return (LONDON, code) if code.startswith("E13") else (code, None)


def load(con: duckdb.DuckDBPyConnection, data_dir: Path, geography: dict[str, tuple[list[tuple], Path]]) -> Areas:
    """Stage areas, joint_members and boundary_changes in `con`.

    `geography` is releases.Releases.areas: each table's time and geography rows
    (releases.AREA_COLUMNS, every edition, oldest first) and its newest file.
    """
    code_list = _code_list(data_dir / CODE_LIST)
    cin, _ = geography[CIN_TABLE]
    workforce, workforce_path = geography[WORKFORCE_TABLE]
    rows = [(ENGLAND, "England", "england", None, None, None, None, None, None, None)]

    regions = {}
    for _, level, code, _, name, _, _ in cin:
        if level == "Regional":
            regions.setdefault(code, name)
    for code, name in regions.items():
        subregion = code.startswith("E13")
        rows.append((code, name, "subregion" if subregion else "region", None, None, LONDON if subregion else code,
                     None, None, None, None))

    # An LA's newest published row gives its current name, ONS code and region (the later edition on a tie).
    newest = {}
    for row in sorted((r for r in cin if r[1] == "Local authority"), key=lambda r: r[0]):
        newest[row[3]] = row
    unmatched = newest.keys() ^ code_list.keys()
    if unmatched:
        raise IngestError(data_dir / CODE_LIST, "LA numbers not matched with the children in need file: "
                          + ", ".join(sorted(map(str, unmatched))))
    ended, started = {}, {}
    for predecessor, successor, year, _ in BOUNDARY_CHANGES:
        ended[predecessor] = min(year, ended.get(predecessor, year))
        started[successor] = min(year, started.get(successor, year))
    for number, (_, _, region, _, _, ons_code, name) in sorted(newest.items()):
        abolished = ended.get(number)
        rows.append((number, name if abolished is None else f"{name} (to March {abolished})", "la", number, ons_code,
                     *_region_codes(region), code_list[number], started.get(number), abolished))
    la_codes = set(newest)

    joints = {}
    for _, level, region, number, _, ons_code, name in workforce:
        if level == "Local authority" and "/" in number:
            joints.setdefault(number, (joint_code(number), f"{name} (joint return)", "joint", joint_code(number),
                                       ons_code.replace(" ", ""), *_region_codes(region), None, None, None))
    rows += joints.values()
    members = [(code, member) for code, *_ in joints.values() for member in code.split("/")]
    unknown = {member for _, member in members} - la_codes
    if unknown:
        raise IngestError(workforce_path, f"joint return names unknown LA(s) {sorted(unknown)}")

    stage(con, "staged_areas", {c: [r[n] for r in rows] for n, c in enumerate(AREA_COLUMNS)},
          {"created": "INTEGER", "abolished": "INTEGER"})
    stage(con, "staged_joint_members", {"joint_code": [j for j, _ in members], "member_code": [m for _, m in members]})
    stage(con, "staged_boundary_changes", {c: [r[n] for r in BOUNDARY_CHANGES] for n, c in
                                           enumerate(("predecessor", "successor", "year", "description"))},
          {"year": "INTEGER"})
    return Areas({r[0] for r in rows}, la_codes, {r[4]: r[0] for r in rows if r[2] == "la"}, members)
