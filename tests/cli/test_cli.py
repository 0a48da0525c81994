"""The command line, run as a user runs it."""

import json
import os
import re
import subprocess
import sys

import pytest

from tests.conftest import seeded_demo

KEYS = {"year", "la_value", "sn_mean", "sn_median", "sn_count", "region_value", "england_value",
        "rank", "rank_of", "quartile", "missing_reason"}


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analytics", *args], capture_output=True, text=True, timeout=120,
                          env=env)


@pytest.fixture
def env(tmp_path) -> dict:
    """A local store of the test's own (empty until a test fills it)."""
    return {**os.environ, "ANALYTICS_LOCAL_STORE": str(tmp_path / "local.duckdb"),
            "ANALYTICS_LOCAL_KEY": str(tmp_path / "local.key")}


def pdf_pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)$", info, re.M)[1])


@pytest.fixture(scope="module", autouse=True)
def _built(store):
    """The session store fixture builds data/dashboard.duckdb before these run."""


@pytest.mark.parametrize("la", ["Dudley", "dudley", "332", "E08000027"])
def test_benchmark_json_for_dudley_turnover(la):
    result = run("benchmark", "--la", la, "--measure", "sw_turnover_rate", "--model", "2021", "--json")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["year"] for r in rows] == list(range(2017, 2026))
    assert all(set(r) >= KEYS for r in rows)
    latest = rows[-1]
    assert (latest["la_value"], latest["england_value"], latest["region_value"]) == (34.9, 11.8, 11.5)
    assert latest["sn_mean"] == pytest.approx(12.6) and latest["sn_count"] == 10
    assert (latest["rank"], latest["rank_of"], latest["quartile"]) == (147, 148, "D")
    assert latest["missing_reason"] is None


def test_suppressed_figure_is_null_with_reason():
    result = run("benchmark", "--la", "Dudley", "--measure", "cpp_2yr_plus_pct", "--year", "2025", "--json")
    row = json.loads(result.stdout)
    assert row["la_value"] is None and row["missing_reason"] == "c"


@pytest.mark.parametrize(("args", "suggestion"), [
    (["--la", "Dudly", "--measure", "sw_turnover_rate"], "Dudley (332)"),
    (["--la", "Dudley", "--measure", "sw_turnover"], "sw_turnover_rate"),
])
def test_unknown_la_or_measure_exits_2_with_close_matches(args, suggestion):
    result = run("benchmark", *args)
    assert result.returncode == 2
    assert "Unknown" in result.stderr and suggestion in result.stderr
    assert "Traceback" not in result.stderr


def test_measures_lists_core_ids_with_units_and_polarity():
    result = run("measures", "--json")
    measures = {m["id"]: m for m in json.loads(result.stdout)}
    for core in ["sw_vacancy_rate", "sw_turnover_rate", "sw_agency_rate", "sw_caseload", "sw_absence_rate",
                 "cpp_1yr_plus_pct", "cpp_2yr_plus_pct", "cpp_subsequent_pct", "rereferral_pct",
                 "assessments_45d_pct"]:
        assert measures[core]["polarity"] in {"low", "high"}
    assert measures["sw_caseload"]["unit"] == "cases_per_fte"
    assert len(measures) > 500


def test_the_readable_measures_list_gives_each_definition_under_its_measure():
    lines = run("measures", "--topic", "Assessment").stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("assessments_45wd_pct "))
    under = " ".join(line.strip() for line in lines[at + 1:at + 6] if line.startswith("    "))
    assert under.startswith("Annex A list 4: of the assessments authorised in the month")
    assert "England and Wales bank holidays" in under


def test_pack_command_writes_the_workforce_board_pdf(tmp_path, env):
    # an empty local store: the published figures only
    out = tmp_path / "pack.pdf"
    result = run("pack", "--la", "Dudley", "--meeting", "workforce-board", "--period", "2025-09", "--out", str(out),
                 env=env)
    assert result.returncode == 0, result.stderr
    assert "Workforce Board: Dudley, September 2025 (8 pages, 5 measures)." in result.stdout
    assert out.read_bytes().startswith(b"%PDF") and pdf_pages(out) == 8


def test_pack_command_adds_the_council_figures_from_the_local_store(store, tmp_path, env):
    seeded_demo(env["ANALYTICS_LOCAL_STORE"], store)
    out = tmp_path / "pack.pdf"
    result = run("pack", "--la", "Dudley", "--meeting", "workforce-board", "--period", "2021-01", "--out", str(out),
                 env=env)
    assert result.returncode == 0, result.stderr
    # the reported caseload (December 2020) and permanent share (January 2021) add a page each
    assert ("Workforce Board: Dudley, January 2021 (10 pages, 7 measures, 2 from the council's own figures)."
            in result.stdout)
    assert "Note: Demo data: Dudley's own figures and targets, transcribed" in result.stdout
    assert pdf_pages(out) == 10
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True).stdout
    pages = text.split("\f")
    assert "Demo data: Dudley's own figures" in pages[0]
    assert "Average caseload per social worker (FTE): Dudley's own monthly" in pages[7]
    assert "Demo data: Dudley's own figures" in pages[7] and "24.1" in pages[7]


def test_pack_command_writes_a_public_html_pack(tmp_path, env):
    out = tmp_path / "scrutiny.html"
    result = run("pack", "--la", "420", "--meeting", "scrutiny", "--period", "2025-09", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert "public: small numbers suppressed" in result.stdout
    assert "Scrutiny committee" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "message"), [
    (["--la", "Dudly", "--meeting", "scrutiny"], "Dudley (332)"),
    (["--la", "Dudley", "--meeting", "workforce"], "workforce-board"),
    (["--la", "Dudley", "--meeting", "scrutiny", "--period", "2025-13"], "YYYY-MM"),
    (["--la", "Dudley", "--meeting", "scrutiny", "--out", "pack.docx"], ".pdf or .html"),
])
def test_pack_command_refuses_bad_input_with_status_2(args, message, env):
    defaults = {"--period": "2025-09", "--out": "pack.pdf"}
    extra = [x for k, v in defaults.items() if k not in args for x in (k, v)]
    result = run("pack", *args, *extra, env=env)
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_newer_edition_adding_2026_reaches_the_benchmark_command(next_edition):
    root, out = next_edition
    env = {**os.environ, "ANALYTICS_DATA_DIR": str(root), "ANALYTICS_STORE": str(out)}
    result = run("benchmark", "--la", "Dudley", "--measure", "sw_turnover_rate", "--json", env=env)
    assert result.returncode == 0, result.stderr
    rows = {r["year"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert rows[2026]["la_value"] == 30.1 and rows[2026]["england_value"] == 11.8
    assert rows[2025]["la_value"] == 34.9


def test_releases_lists_each_file_its_years_and_revisions(next_edition):
    root, out = next_edition
    env = {**os.environ, "ANALYTICS_DATA_DIR": str(root), "ANALYTICS_STORE": str(out)}
    result = run("releases", "--json", env=env)
    assert result.returncode == 0, result.stderr
    csww = next(p for p in json.loads(result.stdout) if p["publication"] == "csww")
    files = {f["file"]: f for f in csww["files"]}
    newer, older = files["dfe/2026/csww_indicators_2017_to_2026.csv"], files["dfe/csww_indicators_2017_to_2025.csv"]
    assert (newer["edition"], newer["years"], newer["years_used"]) == (1, "2017 to 2026", "2017 to 2026")
    assert (older["edition"], older["years_used"]) == (2, "none (a newer edition covers them all)")
    # Dudley's 2025 vacancy rate, 17.7 in the bundled file, is 17.9 in the newer: the one revision
    assert newer["revisions"] == [{"old_source": "dfe/csww_indicators_2017_to_2025.csv",
                                   "measure_id": "sw_vacancy_rate", "label": "Social worker vacancy rate (FTE)",
                                   "figures": 1, "revised": 1, "newly_suppressed": 0, "now_published": 0,
                                   "code_changed": 0}]
    text = run("releases", env=env).stdout
    assert "sw_vacancy_rate" in text and "1 revised by dfe/2026/csww_indicators_2017_to_2026.csv" in text
