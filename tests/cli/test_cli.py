"""The command line, run as a user runs it."""

import json
import re
import subprocess
import sys

import pytest

KEYS = {"year", "la_value", "sn_mean", "sn_median", "sn_count", "region_value", "england_value",
        "rank", "rank_of", "quartile", "missing_reason"}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analytics", *args], capture_output=True, text=True, timeout=120)


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


def test_pack_command_writes_the_workforce_board_pdf(tmp_path):
    out = tmp_path / "pack.pdf"
    result = run("pack", "--la", "Dudley", "--meeting", "workforce-board", "--period", "2025-09", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Workforce Board: Dudley, September 2025 (8 pages, 5 measures)" in result.stdout
    assert out.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert re.search(r"^Pages:\s+8$", info, re.M)


def test_pack_command_writes_a_public_html_pack(tmp_path):
    out = tmp_path / "scrutiny.html"
    result = run("pack", "--la", "420", "--meeting", "scrutiny", "--period", "2025-09", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "public: small numbers suppressed" in result.stdout
    assert "Scrutiny committee" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "message"), [
    (["--la", "Dudly", "--meeting", "scrutiny"], "Dudley (332)"),
    (["--la", "Dudley", "--meeting", "workforce"], "workforce-board"),
    (["--la", "Dudley", "--meeting", "scrutiny", "--period", "2025-13"], "YYYY-MM"),
    (["--la", "Dudley", "--meeting", "scrutiny", "--out", "pack.docx"], ".pdf or .html"),
])
def test_pack_command_refuses_bad_input_with_status_2(args, message):
    defaults = {"--period": "2025-09", "--out": "pack.pdf"}
    extra = [x for k, v in defaults.items() if k not in args for x in (k, v)]
    result = run("pack", *args, *extra)
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr
