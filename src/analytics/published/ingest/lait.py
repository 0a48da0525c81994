"""Observations and catalogue rows for the 434 indicators of the DfE Local Authority Interactive Tool.

The LAIT file is long (one row per indicator, area and year) and keys areas by
LA number, which we join on; LAIT's own screens join on names. Two things are
put right here rather than carried into ranks and averages:
- LAIT repeats a joint workforce return's figure under both LAs (Kingston upon
  Thames and Richmond upon Thames; North and West Northamptonshire). Where both
  show the same workforce figure for a year it is stored once, for the joint area.
- Rows with no year (a block of '-' under '0') are dropped; a number there
  would stop the build, because it could not be placed in time.
"""

from pathlib import Path

import pandas as pd

from analytics.periods import end_year
from analytics.published.catalogue import lait_catalogue
from analytics.published.ingest import IngestError, parse_column, require_columns, require_file
from analytics.published.ingest.areas import LAIT_REGION_NUMBERS

DATA_FILE = "lait/bds_long_0.parquet"
DICTIONARY_FILE = "lait/lait_data_dictionary.csv"
COLUMNS = ["Short Desc", "Years", "Values", "LA Number"]
WORKFORCE_TOPIC = "Children's Services Workforce"


def load_catalogue(data_dir: Path) -> pd.DataFrame:
    path = require_file(data_dir / DICTIONARY_FILE)
    try:
        dictionary = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise IngestError(path, f"cannot be read as CSV: {exc}") from exc
    require_columns(path, dictionary, ["Measure_short", "Measure", "Topic", "Polarity", "y_axis_name",
                                       "Year_Type", "No_Quartile", "Description", "dps"])
    return lait_catalogue(dictionary)


def _collapse_joint_returns(obs: pd.DataFrame, joint_members: pd.DataFrame, workforce_ids: set[str]) -> pd.DataFrame:
    in_scope = obs.measure_id.isin(workforce_ids) & obs.area_code.isin(joint_members.member_code)
    pairs = obs[in_scope].merge(joint_members, left_on="area_code", right_on="member_code")
    # A figure is a joint return when both members show the same number for that measure and period.
    same = (pairs.groupby(["joint_code", "measure_id", "period"])
            .value.agg(["count", "nunique"]).query("count == 2 and nunique == 1").reset_index())
    collapsed = pairs.merge(same[["joint_code", "measure_id", "period"]])
    drop = obs.index[in_scope][obs[in_scope].set_index(["measure_id", "period", "area_code"]).index.isin(
        collapsed.set_index(["measure_id", "period", "member_code"]).index)]
    joint_rows = (collapsed.drop_duplicates(["joint_code", "measure_id", "period"])
                  .assign(area_code=lambda d: d.joint_code)[obs.columns])
    return pd.concat([obs.drop(index=drop), joint_rows], ignore_index=True)


def load(data_dir: Path, catalogue: pd.DataFrame, known_areas: set[str],
         joint_members: pd.DataFrame) -> pd.DataFrame:
    path = require_file(data_dir / DATA_FILE)
    try:
        raw = pd.read_parquet(path, columns=COLUMNS)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise IngestError(path, f"cannot be read as Parquet: {exc}") from exc
    require_columns(path, raw, COLUMNS)

    number = pd.to_numeric(raw["LA Number"], errors="coerce").astype("Int64").astype("string")
    area_code = number.map({n: LAIT_REGION_NUMBERS.get(n, n) for n in number.dropna().unique()})
    unknown = sorted(set(area_code.dropna()) - known_areas)
    if unknown or area_code.isna().any():
        raise IngestError(path, f"LA numbers not in the LA code list: {unknown or 'blank'}")

    ids = dict(zip(catalogue.origin.str.removeprefix(DATA_FILE.split("/")[1] + ": "), catalogue.id, strict=True))
    measure_id = raw["Short Desc"].map(ids)
    if measure_id.isna().any():
        missing = sorted(raw.loc[measure_id.isna(), "Short Desc"].unique())[:5]
        raise IngestError(path, f"indicators not in the data dictionary: {missing}")

    value, status = parse_column(path, raw, "Values")
    obs = pd.DataFrame({
        "measure_id": measure_id, "area_code": area_code, "period": raw["Years"],
        "year": raw["Years"].map({label: end_year(label) for label in raw["Years"].unique()}),
        "value": value, "status": status, "source": path.name,
    })
    undated = obs.year.isna()
    if obs[undated].value.notna().any():
        raise IngestError(path, f"figures with no year: {obs[undated & obs.value.notna()].period.unique()[:3]}")
    obs = obs[~undated].astype({"year": int})
    workforce = set(catalogue.loc[catalogue.topics.str.contains(WORKFORCE_TOPIC, regex=False), "id"])
    return _collapse_joint_returns(obs, joint_members, workforce)
