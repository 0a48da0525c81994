"""Areas: England, the regions, every local authority (LA) past and present, and joint returns.

An LA is keyed by its old three-digit DfE number ('332'); its ONS code
(E08000027) is kept beside it. Abolished LAs stay as areas of their own with
their history, and the reorganisations that replaced them are recorded, as LAIT
does: nothing is spliced together, so no LA vanishes or is counted twice.
"""

from pathlib import Path

import pandas as pd

from analytics.published.ingest import IngestError, require_columns, require_file

ENGLAND = "E92000001"
LONDON = "E12000007"

# Local government reorganisations since the published series begin (structural
# change orders), each taking effect on 1 April of `year`: a predecessor's last
# figures are for the year ending 31 March of `year`.
BOUNDARY_CHANGES = pd.DataFrame(
    [
        ("835", "838", 2019, "Dorset County Council was replaced by Dorset Council on 1 April 2019"),
        ("835", "839", 2019, "Christchurch moved from Dorset to Bournemouth, Christchurch and Poole on 1 April 2019"),
        ("836", "839", 2019, "Poole became part of Bournemouth, Christchurch and Poole on 1 April 2019"),
        ("837", "839", 2019, "Bournemouth became part of Bournemouth, Christchurch and Poole on 1 April 2019"),
        ("928", "940", 2021, "Northamptonshire was split into North and West Northamptonshire on 1 April 2021"),
        ("928", "941", 2021, "Northamptonshire was split into North and West Northamptonshire on 1 April 2021"),
        ("909", "942", 2023, "Cumbria was split into Cumberland and Westmorland and Furness on 1 April 2023"),
        ("909", "943", 2023, "Cumbria was split into Cumberland and Westmorland and Furness on 1 April 2023"),
    ],
    columns=["predecessor", "successor", "year", "description"],
)

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


def _code_list(path: Path) -> pd.DataFrame:
    require_file(path)
    try:
        frame = pd.read_excel(path, dtype=str, engine="calamine")
    except Exception as exc:  # the reader raises many types for a damaged workbook
        raise IngestError(path, f"cannot be read as a workbook: {exc}") from exc
    require_columns(path, frame, ["LA Number", "LA Name", "Region", "Type"])
    return frame[frame["Type"].notna()].rename(
        columns={"LA Number": "old_la_code", "LA Name": "list_name", "Type": "la_type"}
    )[["old_la_code", "list_name", "la_type"]]


def load(data_dir: Path, geography: dict[str, tuple[pd.DataFrame, Path]]
         ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Return (areas, joint_members, boundary_changes).

    `geography` is releases.Releases.areas: each table's time and geography columns
    (every edition, oldest first) and its newest file.
    """
    code_list = _code_list(data_dir / CODE_LIST)
    cin, _ = geography[CIN_TABLE]
    workforce, workforce_path = geography[WORKFORCE_TABLE]

    regions = (cin[cin.geographic_level == "Regional"][["region_code", "region_name"]]
               .drop_duplicates("region_code")
               .rename(columns={"region_code": "area_code", "region_name": "name"}))
    regions["level"] = regions.area_code.map(lambda c: "subregion" if c.startswith("E13") else "region")
    regions["region_code"] = regions.area_code.where(regions.level == "region", LONDON)

    # An LA's newest published row gives its current name, ONS code and region.
    las = (cin[cin.geographic_level == "Local authority"]
           .sort_values("time_period", kind="stable")
           .drop_duplicates("old_la_code", keep="last"))
    las = las.merge(code_list, on="old_la_code", how="outer", indicator=True)
    unmatched = las[las._merge != "both"]
    if not unmatched.empty:
        raise IngestError(data_dir / CODE_LIST, "LA numbers not matched with the children in need file: "
                          + ", ".join(sorted(unmatched.old_la_code.astype(str))))
    las["area_code"] = las.old_la_code
    las["level"] = "la"
    las["subregion_code"] = las.region_code.where(las.region_code.str.startswith("E13"))
    las["region_code"] = las.region_code.where(~las.region_code.str.startswith("E13"), LONDON)
    ended = BOUNDARY_CHANGES.groupby("predecessor").year.min()
    started = BOUNDARY_CHANGES.groupby("successor").year.min()
    las["abolished"] = las.old_la_code.map(ended).astype("Int64")
    las["created"] = las.old_la_code.map(started).astype("Int64")
    las["name"] = las.la_name.where(las.abolished.isna(), las.la_name + " (to March " +
                                    las.abolished.astype("string") + ")")

    joint_rows = workforce[(workforce.geographic_level == "Local authority")
                           & workforce.old_la_code.str.contains("/")].drop_duplicates("old_la_code")
    joints = pd.DataFrame({
        "area_code": joint_rows.old_la_code.map(joint_code),
        "name": joint_rows.la_name + " (joint return)",
        "level": "joint",
        "old_la_code": joint_rows.old_la_code.map(joint_code),
        "new_la_code": joint_rows.new_la_code.str.replace(" ", ""),
        "region_code": joint_rows.region_code.where(~joint_rows.region_code.str.startswith("E13"), LONDON),
        "subregion_code": joint_rows.region_code.where(joint_rows.region_code.str.startswith("E13")),
    })
    members = pd.DataFrame(
        [(code, member) for code in joints.area_code for member in code.split("/")],
        columns=["joint_code", "member_code"],
    )
    unknown = set(members.member_code) - set(las.area_code)
    if unknown:
        raise IngestError(workforce_path, f"joint return names unknown LA(s) {sorted(unknown)}")

    england = pd.DataFrame([{"area_code": ENGLAND, "name": "England", "level": "england"}])
    columns = ["area_code", "name", "level", "old_la_code", "new_la_code", "region_code",
               "subregion_code", "la_type", "created", "abolished"]
    areas = pd.concat([england, regions, las, joints], ignore_index=True).reindex(columns=columns)
    areas["created"] = areas.created.astype("Int64")
    areas["abolished"] = areas.abolished.astype("Int64")
    return areas, members, BOUNDARY_CHANGES.copy()
