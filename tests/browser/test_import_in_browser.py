"""The import flow through the real upload widget: a good file is previewed and imported, a bad one refused."""

import pytest

from tests.browser.conftest import ARTEFACTS, wait_until_ready

pytestmark = pytest.mark.browser

GOOD = "month,measure,value\n2024-01,case_supervision_pct,81.5\n2024-02,case_supervision_pct,84\n"
BAD = ("month,measure,value\n2024-01,case_supervision_pct,181.5\n2024-13,case_supervision_pct,84\n"
       "2024-03,case_supervison,70\n")


def upload(server, page, path, text: str) -> None:
    """Open the Import figures page and give the real upload widget a file."""
    path.write_text(text)
    page.goto(f"{server}/data?la=332")
    wait_until_ready(page, 0)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(path))


def test_good_file_is_previewed_then_imported(server, page, tmp_path):
    upload(server, page, tmp_path / "supervision.csv", GOOD)
    button = page.get_by_role("button", name="Import 2 rows")
    button.wait_for(timeout=60_000)
    assert "monthly figures, long layout · 2 rows read" in page.locator("[data-testid='stMain']").inner_text()
    button.click()
    page.get_by_text("Imported supervision.csv as batch").wait_for(timeout=60_000)
    wait_until_ready(page, 0)
    page.screenshot(path=ARTEFACTS / "import_good.png", full_page=True)
    assert page.locator("[data-testid='stException']").count() == 0


def test_bad_file_is_refused_naming_rows_and_columns(server, page, tmp_path):
    upload(server, page, tmp_path / "bad.csv", BAD)
    page.get_by_text("Nothing was imported: 3 problems").wait_for(timeout=60_000)
    wait_until_ready(page, 0)
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "Import 3 rows" not in text
    page.screenshot(path=ARTEFACTS / "import_bad.png", full_page=True)
    assert page.locator("[data-testid='stException']").count() == 0


def test_an_annex_a_workbook_is_previewed_with_its_changes_then_imported(server, page, tmp_path):
    from datetime import date

    from tests.pages.test_local_pages import annex_workbook

    path = tmp_path / "annex a.xlsx"
    path.write_bytes(annex_workbook(date(2025, 1, 31)))  # the date box starts empty: the workbook states its date
    page.goto(f"{server}/data?la=332")
    wait_until_ready(page, 0)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(path))
    button = page.get_by_role("button", name="Import 2 rows")
    button.wait_for(timeout=60_000)
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "Ofsted Annex A workbook" in text and "Against what is stored" in text
    page.screenshot(path=ARTEFACTS / "import_annex_a.png", full_page=True)
    button.click()
    page.get_by_text("Imported annex a.xlsx as batch").wait_for(timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0
