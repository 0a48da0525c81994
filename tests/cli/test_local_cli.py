"""`python -m analytics import | batches | undo`, run as a user runs them, on a local store of their own."""

import getpass
import json
import os
import subprocess
import sys

import pytest


@pytest.fixture
def env(tmp_path, store):
    """A fresh local store and key for each test; the published store is the session's."""
    return {**os.environ, "ANALYTICS_LOCAL_STORE": str(tmp_path / "local.duckdb"),
            "ANALYTICS_LOCAL_KEY": str(tmp_path / "local.key")}


def run(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analytics", *args], capture_output=True, text=True, timeout=120,
                          env=env)


def batches(env) -> list[dict]:
    return json.loads(run(env, "batches", "--json").stdout)


def test_dry_run_writes_nothing_then_import_and_undo(env, tmp_path):
    figures = tmp_path / "figures.csv"
    figures.write_text("Month,Measure,Value\nJan-23,Vacancy rate,18%\nFeb-23,sw_vacancy_rate,17.5\n")
    dry = run(env, "import", str(figures), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "2 rows of monthly figures (long layout) would be imported" in dry.stdout
    assert batches(env) == []
    done = run(env, "import", str(figures))
    assert done.returncode == 0 and "as batch 1" in done.stdout
    # recorded as the operating-system account that ran the command
    assert [(b["batch_id"], b["rows"], b["imported_by"]) for b in batches(env)] == [(1, 2, f"cli:{getpass.getuser()}")]
    again = run(env, "import", str(figures))
    assert again.returncode == 1 and "already" in again.stderr
    assert run(env, "undo", "1").returncode == 0
    assert batches(env)[0]["undone_at"] is not None
    assert run(env, "undo", "9").returncode == 2


def test_validation_failures_exit_1_with_row_and_column(env, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("month,measure,value\n2023-01,sw_vacancy_rate,18\n2023-02,sw_vacancy_rate,118\n")
    result = run(env, "import", str(bad))
    assert result.returncode == 1
    assert "row 3, column 'value': 118 is outside 0 to 100 for a percentage" in result.stderr
    assert "Traceback" not in result.stderr and batches(env) == []


def test_unreadable_file_exits_1_and_usage_errors_exit_2(env, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = run(env, "import", str(empty))
    assert result.returncode == 1 and "the file is empty" in result.stderr
    assert run(env, "import", str(tmp_path / "missing.csv")).returncode == 2
    assert run(env, "import", str(empty), "--kind", "nonsense").returncode == 2
    assert run(env, "import", str(empty), "--la", "Dudly").returncode == 2


def test_declaring_a_new_measure(env, tmp_path):
    contacts = tmp_path / "contacts.csv"
    contacts.write_text("month,measure,value\n2021-01,Contacts received,1035\n")
    assert run(env, "import", str(contacts)).returncode == 1
    result = run(env, "import", str(contacts), "--declare", "Contacts received", "mash_contacts_count",
                 "Contacts received by the MASH", "count", "neither")
    assert result.returncode == 0, result.stderr


def test_roles_and_the_audit_trail_from_the_command_line(env):
    given = run(env, "roles", "--set", "Clerk@Council.test", "board")
    assert given.returncode == 0 and "clerk@council.test" in given.stdout and "board" in given.stdout
    assert run(env, "roles", "--set", "clerk@council.test", "superuser").returncode == 2
    trail = run(env, "audit", "--csv")
    assert trail.returncode == 0
    assert f"cli:{getpass.getuser()}" in trail.stdout and "clerk@council.test: no role -> board" in trail.stdout


def test_an_annex_a_workbook_imported_then_its_figures_as_json_lines(env, tmp_path):
    from datetime import date

    from tests.annex_books import ASSESSMENTS, workbook

    book = tmp_path / "annex a march.xlsx"
    # authorised on working days 45 and 46 after Monday 11 Nov 2024 (Christmas and New Year bank holidays between)
    book.write_bytes(workbook({"List 4 - Assessments": [
        ASSESSMENTS, ["A1", None, date(2024, 11, 11), date(2025, 1, 16), "East", "Jo"],
        ["A2", None, date(2024, 11, 11), date(2025, 1, 17), "East", "Jo"]]}))
    done = run(env, "import", str(book), "--la", "Dudley", "--as-at", "2025-01-31")
    assert done.returncode == 0, done.stderr
    assert "List 4: 2 new, 0 changed, 0 unchanged rows" in done.stdout
    found = run(env, "figures", "--la", "Dudley", "--measure", "assessments_45wd_pct", "--json")
    assert found.returncode == 0, found.stderr
    lines = [json.loads(line) for line in found.stdout.splitlines()]
    assert [(r["month"], r["value"], r["numerator"], r["denominator"], r["team"]) for r in lines] == [
        ("2025-01", 50.0, 1.0, 2.0, None)]
    assert lines[0]["source"].startswith("Annex A extract as at 31 Jan 2025")


def test_the_demos_whole_service_figures_say_team_null_in_strict_json(env):
    assert run(env, "demo").returncode == 0
    found = run(env, "figures", "--la", "Dudley", "--measure", "unallocated_children_count", "--json")
    assert found.returncode == 0, found.stderr

    def no_nan(constant):
        raise AssertionError(f"{constant} is not JSON")

    lines = [json.loads(line, parse_constant=no_nan) for line in found.stdout.splitlines()]
    assert lines and all(r["team"] is None for r in lines)


def test_demo_loads_the_labelled_demo_into_an_empty_store_once(env):
    loaded = run(env, "demo")
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.startswith("Loaded the labelled demo")
    held = batches(env)
    assert held and all(b["demo"] for b in held)
    again = run(env, "demo")
    assert again.returncode == 1 and "already holds figures" in again.stderr
    assert len(batches(env)) == len(held)
