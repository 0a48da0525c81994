"""Observations from the DfE Explore Education Statistics files (tidy CSV, one row per area and year)."""

from pathlib import Path

import pandas as pd

from analytics.periods import financial_year_label
from analytics.published.catalogue import DERIVED_MEASURES, release_specs
from analytics.published.ingest import IngestError, parse_column, read_published_csv
from analytics.published.ingest.areas import ENGLAND, joint_code

# How each publication labels its periods for users.
PERIOD_LABELS = {
    "csww": str,  # reporting year: workforce at 30 September of that year
    "cin": lambda y: financial_year_label(int(y)),
    "cla": lambda y: financial_year_label(int(y)),
    "ons": str,
}
GEOGRAPHY = ["time_period", "geographic_level", "region_code", "old_la_code"]
LEVELS = {"National", "Regional", "Local authority"}
OBSERVATION_COLUMNS = ["measure_id", "area_code", "period", "year", "value", "status", "source"]


def _area_codes(path: Path, frame: pd.DataFrame) -> pd.Series:
    level = frame.geographic_level
    unknown = sorted(set(level) - LEVELS)
    if unknown:
        raise IngestError(path, f"unexpected geographic_level {unknown}")
    codes = frame.old_la_code.map(joint_code).where(level == "Local authority", frame.region_code)
    return codes.where(level != "National", ENGLAND)


def _observations(path: Path, frame: pd.DataFrame, spec: pd.Series) -> pd.DataFrame:
    rows = frame
    for column, wanted in spec.filters:
        rows = rows[rows[column] == wanted]
    if rows.empty:
        raise IngestError(path, f"no rows for {dict(spec.filters)} (measure {spec.id})")
    value, status = parse_column(path, rows, spec.column)
    return pd.DataFrame({
        "measure_id": spec.id,
        "area_code": rows.area_code,
        "period": rows.time_period.map({y: PERIOD_LABELS[spec.publication](y) for y in rows.time_period.unique()}),
        "year": rows.time_period.astype(int),
        "value": value,
        "status": status,
        "source": path.name,
    })


def _one_year_or_more(by_id: dict[str, pd.DataFrame], measure_id: str, long_bands: list[str],
                      short_bands: list[str], whole: str | float) -> pd.DataFrame:
    """CP plans at 31 March lasting 1 year or more, from table D5's duration bands.

    The two long bands added when both are published; otherwise the whole less the
    three short bands, which DfE publishes when it suppresses both long ones (their
    total is then already public). Missing, with the first long band's reason,
    when neither route is open. `whole` is a measure id (the total count) or 100.
    All the bands come from the same rows of one file, so they align on its index.
    """
    value = lambda ids: pd.concat([by_id[i].value for i in ids], axis=1)  # noqa: E731
    total = by_id[whole].value if isinstance(whole, str) else whole
    derived = value(long_bands).sum(axis=1, min_count=len(long_bands)).fillna(
        total - value(short_bands).sum(axis=1, min_count=len(short_bands))).round(6)
    reason = pd.concat([by_id[i].status for i in long_bands], axis=1).bfill(axis=1).iloc[:, 0]
    return by_id[long_bands[0]].assign(measure_id=measure_id, value=derived,
                                       status=reason.where(derived.isna(), None))


def load(data_dir: Path) -> pd.DataFrame:
    """Every measure listed in the catalogue's release specs, plus the derived CP-plan duration measures."""
    specs = release_specs()
    by_id = {}
    for file, file_specs in specs.groupby("file", sort=False):
        path = data_dir / file
        needed = sorted({s.column for s in file_specs.itertuples()}
                        | {c for f in file_specs.filters for c, _ in f})
        frame = read_published_csv(path, GEOGRAPHY + needed)
        frame = frame.assign(area_code=_area_codes(path, frame))
        by_id |= {spec.id: _observations(path, frame, spec) for spec in file_specs.itertuples()}
    derived = [
        _one_year_or_more(by_id, "cpp_1yr_plus_pct", ["cpp_dur_1_2y_pct", "cpp_2yr_plus_pct"],
                          ["cpp_dur_0_3m_pct", "cpp_dur_3_6m_pct", "cpp_dur_6_12m_pct"], 100.0),
        _one_year_or_more(by_id, "cpp_1yr_plus_count", ["cpp_dur_1_2y_count", "cpp_2yr_plus_count"],
                          ["cpp_dur_0_3m_count", "cpp_dur_3_6m_count", "cpp_dur_6_12m_count"], "cpp_at31_count"),
    ]
    assert set(DERIVED_MEASURES.id) == {d.measure_id.iloc[0] for d in derived}
    return pd.concat([*by_id.values(), *derived], ignore_index=True)[OBSERVATION_COLUMNS]
