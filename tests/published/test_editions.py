"""Releases are found by what they hold: other spellings, several editions, revisions, and files that do not fit.

The fixture editions are written here. The newer edition is the bundled
workforce file (reporting years 2017 to 2025); the older one is small, spelled
as older workforce editions are (`turnover_rate_fte_%`, `social_worker_fte`, ...),
and covers 2016, which only it has, and 2024, which the bundled file revises.
"""

import os
import shutil
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pandas as pd
import pytest

from analytics.paths import data_dir
from analytics.published.ingest import IngestError, releases

BUNDLED = "dfe/csww_indicators_2017_to_2025.csv"
HEADER = ("time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
          "old_la_code,new_la_code,la_name,")
OLDER = HEADER + """social_worker_fte,leaver_fte,turnover_rate_fte_%,vacancy_rate_fte_%,agency_worker_rate_fte_%
2024,Reporting year,National,E92000001,England,,,,,,34328.2,4728.7,13.9,17.3,16.2
2024,Reporting year,Local authority,E92000001,England,E12000005,West Midlands,332,,Dudley,167.5,41.3,25.1,16,17.3
2024,Reporting year,Local authority,E92000001,England,E12000001,North East,394,,Sunderland,227.4,24.9,11.0,4.2,low
2016,Reporting year,National,E92000001,England,,,,,,28500.0,4800.0,16.7,17.0,16.1
2016,Reporting year,Local authority,E92000001,England,E12000005,West Midlands,332,,Dudley,150.0,30.0,20.0,12.0,10.0
"""
OLDER_NAME = "dfe/older/csww_2016_and_2024.csv"


@pytest.fixture(scope="module")
def releases_copy(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bundled")
    shutil.copytree(data_dir() / "dfe", root / "dfe")
    return root


def _inputs(releases_copy: Path, tmp_path: Path, files: dict[str, str], drop: tuple[str, ...] = ()) -> Path:
    root = tmp_path / "inputs"
    shutil.copytree(releases_copy, root)
    for name in drop:
        (root / name).unlink()
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def load(root: Path) -> SimpleNamespace:
    """The releases read into a connection of their own: the staged figures and revisions as frames."""
    with duckdb.connect() as con:
        found = releases.load(con, root)
        return SimpleNamespace(observations=con.table(found.observations).df(), files=pd.DataFrame(found.files),
                               revisions=con.table(found.revisions).df())


def _figure(found, measure: str, area: str, year: int) -> tuple:
    rows = found.observations.query("measure_id == @measure and area_code == @area and year == @year")
    assert len(rows) == 1, rows
    row = rows.iloc[0]
    missing = lambda v: v is None or v != v  # noqa: E731  (NaN or None)
    return (None if missing(row.value) else row.value), (None if missing(row.status) else row.status), row.source


def test_an_older_edition_with_other_spellings_builds_alone(releases_copy, tmp_path):
    found = load(_inputs(releases_copy, tmp_path, {OLDER_NAME: OLDER}, drop=(BUNDLED,)))
    assert _figure(found, "sw_turnover_rate", "332", 2024) == (25.1, None, OLDER_NAME)
    assert _figure(found, "sw_fte", "332", 2024)[:2] == (167.5, None)  # social_worker_fte
    assert _figure(found, "sw_leavers_fte", "E92000001", 2016)[:2] == (4800.0, None)  # leaver_fte
    assert _figure(found, "sw_vacancy_rate", "394", 2024)[:2] == (4.2, None)
    assert _figure(found, "sw_agency_rate", "394", 2024)[:2] == (None, "low")  # agency_worker_rate_fte_%
    assert set(found.observations.query("measure_id == 'sw_turnover_rate'").year) == {2016, 2024}
    assert found.revisions.empty


def test_newer_edition_wins_where_both_cover_a_year_and_the_older_keeps_its_own(releases_copy, tmp_path):
    found = load(_inputs(releases_copy, tmp_path, {OLDER_NAME: OLDER}))
    assert _figure(found, "sw_turnover_rate", "332", 2024) == (24.6, None, BUNDLED)
    assert _figure(found, "sw_turnover_rate", "332", 2016) == (20.0, None, OLDER_NAME)
    assert _figure(found, "sw_turnover_rate", "332", 2025) == (34.9, None, BUNDLED)
    assert _figure(found, "sw_turnover_rate", "394", 2024) == (None, "u", BUNDLED)
    # an edition's measure the older one does not carry comes only from the newer
    assert set(found.observations.query("measure_id == 'sw_caseload' and area_code == '332'").year) == set(
        range(2017, 2026))
    files = found.files.set_index("file")
    assert files.loc[BUNDLED, ["edition", "years", "years_used"]].tolist() == [1, "2017 to 2025", "2017 to 2025"]
    assert files.loc[OLDER_NAME, ["edition", "years", "years_used"]].tolist() == [2, "2016, 2024", "2016"]


def test_revised_and_newly_suppressed_figures_are_listed(releases_copy, tmp_path):
    found = load(_inputs(releases_copy, tmp_path, {OLDER_NAME: OLDER}))
    log = found.revisions.set_index(["measure_id", "area_code", "year"])
    dudley = log.loc[("sw_turnover_rate", "332", 2024)]
    assert (dudley.change, dudley.old_value, dudley.new_value) == ("revised", 25.1, 24.6)
    assert (dudley.old_source, dudley.new_source) == (OLDER_NAME, BUNDLED)
    sunderland = log.loc[("sw_turnover_rate", "394", 2024)]
    assert (sunderland.change, sunderland.old_value, sunderland.new_status) == ("newly suppressed", 11.0, "u")
    assert log.loc[("sw_leavers_fte", "394", 2024)].change == "newly suppressed"  # 24.9 -> u
    # the same figure in both editions is not a revision: Dudley's vacancy rate 16, England's 17.3
    assert ("sw_vacancy_rate", "332", 2024) not in log.index
    assert ("sw_vacancy_rate", "E92000001", 2024) not in log.index
    # England 2024 turnover 13.9 in both; Dudley's leavers 41.3 in both
    assert ("sw_turnover_rate", "E92000001", 2024) not in log.index
    assert ("sw_leavers_fte", "332", 2024) not in log.index


def test_the_later_file_date_breaks_a_tie_on_the_last_year(releases_copy, tmp_path):
    """Two files with the same years: the one saved later is the newer edition."""
    corrected = OLDER.replace(",25.1,", ",25.3,")
    root = _inputs(releases_copy, tmp_path, {OLDER_NAME: OLDER, "dfe/csww_2016_and_2024_corrected.csv": corrected},
                   drop=(BUNDLED,))
    stamp = datetime(2025, 3, 1).timestamp()
    os.utime(root / OLDER_NAME, (stamp, stamp))
    found = load(root)
    assert _figure(found, "sw_turnover_rate", "332", 2024) == (25.3, None, "dfe/csww_2016_and_2024_corrected.csv")
    assert found.revisions.change.tolist() == ["revised"]


def test_a_column_no_measure_uses_is_listed(releases_copy, tmp_path):
    extra = OLDER.replace("agency_worker_rate_fte_%\n", "agency_worker_rate_fte_%,peer_mentors_fte\n", 1)
    extra = "\n".join(line + ",3.5" if line[:1].isdigit() else line for line in extra.splitlines()) + "\n"
    found = load(_inputs(releases_copy, tmp_path, {OLDER_NAME: extra}))
    assert found.files.set_index("file").loc[OLDER_NAME, "unused_columns"] == "peer_mentors_fte"


def test_a_release_that_fits_no_table_stops_the_build(releases_copy, tmp_path):
    mystery = HEADER + "widgets_count\n2025,Reporting year,National,E92000001,England,,,,,,12\n"
    with pytest.raises(IngestError, match=r"widgets\.csv: looks like an Explore Education Statistics release"
                                          r".* no table .* widgets_count"):
        load(_inputs(releases_copy, tmp_path, {"dfe/new/widgets.csv": mystery}))


def test_an_unreadable_value_names_the_file_line_and_column(releases_copy, tmp_path):
    garbled = OLDER.replace(",25.1,", ",twenty-five,")
    with pytest.raises(IngestError, match=r"csww_2016_and_2024\.csv: line 3, column 'turnover_rate_fte_%': "
                                          r"'twenty-five' is neither a number nor a known special code"):
        load(_inputs(releases_copy, tmp_path, {OLDER_NAME: garbled}))


def test_two_spellings_of_one_column_in_a_file_stop_the_build(releases_copy, tmp_path):
    both = OLDER.replace("turnover_rate_fte_%", "turnover_rate_fte_%,turnover_rate_fte", 1)
    both = "\n".join(line.replace(",25.1,", ",25.1,25.1,") for line in both.splitlines())
    with pytest.raises(IngestError, match="'turnover_rate_fte_%' and 'turnover_rate_fte' both stand for"):
        load(_inputs(releases_copy, tmp_path, {OLDER_NAME: both}))
