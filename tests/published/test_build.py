"""The build replaces the store only when it has read everything; otherwise the old store is kept byte for byte."""

import hashlib
import shutil
from pathlib import Path

import pytest

from analytics.paths import data_dir
from analytics.published.build import build, ensure_store, fingerprint
from analytics.published.ingest import IngestError


@pytest.fixture(scope="module")
def good_build(tmp_path_factory):
    """A copy of the bundled inputs and a store built from them."""
    root = tmp_path_factory.mktemp("inputs")
    for folder in ("dfe", "lait"):
        shutil.copytree(data_dir() / folder, root / folder)
    out = root / "store.duckdb"
    build(root, out)
    return root, out


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _damage(root: Path, name: str, how: str, tmp_path: Path) -> Path:
    """Copy the inputs and damage one file."""
    copy = tmp_path / "damaged"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("*.duckdb"))
    target = copy / name
    if how == "delete":
        target.unlink()
    elif how == "truncate":
        target.write_bytes(target.read_bytes()[:1000])
    elif how == "garble":
        text = target.read_text(encoding="utf-8-sig").replace(",34.9,", ",thirty-four,", 1)
        target.write_text(text, encoding="utf-8")
    elif how == "repeat":  # the first data row (England's) twice
        lines = target.read_text(encoding="utf-8-sig").splitlines(keepends=True)
        target.write_text("".join(lines[:2] + lines[1:]), encoding="utf-8")
    elif how == "ragged":  # the header and two rows, the second with a cell too many
        lines = target.read_text(encoding="utf-8-sig").splitlines(keepends=True)
        target.write_text("".join(lines[:2] + [lines[2].rstrip("\r\n") + ",1\n"]), encoding="utf-8")
    elif how == "binary":
        target.write_bytes(bytes(range(256)) * 40)
    return copy


ODS = "LA_Inspection_Outcomes_as_at_31_March_2025.ods"


@pytest.mark.parametrize(("name", "how", "message"), [
    ("dfe/csww_indicators_2017_to_2025.csv", "delete", "no file holds the Children's social work workforce table"),
    ("lait/bds_long_0.parquet", "truncate", "bds_long_0.parquet: cannot be read as Parquet"),
    ("dfe/csww_indicators_2017_to_2025.csv", "garble", "'thirty-four' is neither a number nor a known special code"),
    ("dfe/d5_cpps_at31march_by_duration_2013_to_2025.csv", "binary", "d5_cpps_at31march_by_duration_2013_to_2025.csv"),
    (f"dfe/{ODS}", "truncate", ODS),
    ("dfe/d3_cpps_subsequent_plan_2013_to_2025.csv", "repeat", "two rows for area E92000001 in 2025 (measure cpp_"),
    ("dfe/csww_indicators_2017_to_2025.csv", "ragged", "csww_indicators_2017_to_2025.csv: holds no rows of figures"),
])
def test_damaged_input_stops_the_build_and_keeps_the_store(good_build, tmp_path, name, how, message):
    root, out = good_build
    kept = tmp_path / "store.duckdb"
    shutil.copy(out, kept)
    before = _digest(kept)
    damaged = _damage(root, name, how, tmp_path)
    with pytest.raises(IngestError) as caught:
        build(damaged, kept)
    assert message in str(caught.value)
    assert _digest(kept) == before
    assert not list(tmp_path.glob("*.building"))


def test_garbled_cell_is_named_by_line_and_column(good_build, tmp_path):
    root, out = good_build
    damaged = _damage(root, "dfe/csww_indicators_2017_to_2025.csv", "garble", tmp_path)
    with pytest.raises(IngestError, match=r"line \d+, column 'turnover_rate_fte'"):
        build(damaged, tmp_path / "new.duckdb")
    assert not (tmp_path / "new.duckdb").exists()


def test_ensure_store_rebuilds_only_when_inputs_change(good_build, tmp_path):
    root, out = good_build
    assert ensure_store(root, out) is None
    changed = tmp_path / "changed"
    shutil.copytree(root, changed, ignore=shutil.ignore_patterns("*.duckdb"))
    model = "dfe/sn_model_2025_wide.csv"
    (changed / model).write_bytes((root / model).read_bytes() + b"\n")
    assert fingerprint(changed) != fingerprint(root)
    assert ensure_store(changed, tmp_path / "store.duckdb") is not None


@pytest.mark.parametrize(("column", "cell", "message"), [
    # the file's second data row (line 3 as a spreadsheet numbers it): RTA, 2014-16, Barnet, 10.79
    ('"Values"', "'thirty-four'", "line 3, column 'Values': 'thirty-four' is neither a number nor a known special"),
    ('"Years"', "'0'", "figures with no year: ['0']"),
    ('"LA Number"', "999.0", "LA numbers not in the LA code list: ['999']"),
])
def test_damaged_lait_cell_stops_the_build(good_build, tmp_path, column, cell, message):
    import duckdb

    root, _ = good_build
    damaged = _damage(root, "lait/bds_long_0.parquet", "keep", tmp_path)
    source = root / "lait" / "bds_long_0.parquet"
    duckdb.execute(f"""COPY (SELECT * EXCLUDE (file_row_number)
                                      REPLACE (CASE WHEN file_row_number = 1 THEN {cell} ELSE {column} END AS {column})
                             FROM read_parquet(?, file_row_number = true))
                       TO '{damaged / "lait" / "bds_long_0.parquet"}' (FORMAT parquet)""", [str(source)])
    with pytest.raises(IngestError) as caught:
        build(damaged, tmp_path / "new.duckdb")
    assert message in str(caught.value)
    assert not (tmp_path / "new.duckdb").exists()
