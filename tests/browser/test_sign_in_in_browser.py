"""Sign-in against a real OIDC provider on localhost (oidc-provider-mock, started here), as a person does it: two
users with different roles, what each is shown and may do, and the audit trail naming who did it."""


import pytest

from analytics import services
from analytics.access import AccessDenied, signed_in
from analytics.local.store import LocalStore
from tests.browser.conftest import ARTEFACTS, ROOT, auth_secrets, free_port, start_server, wait_until_ready

pytestmark = pytest.mark.browser

VIEWER = {"email": "vera.viewer@council.test", "name": "Vera Viewer", "roles": ["viewer"]}
ANALYST = {"email": "ana.analyst@council.test", "name": "Ana Analyst", "roles": ["Analyst"]}
FIGURES = "month,measure,value\n2018-01,case_supervision_pct,71.5\n2018-02,case_supervision_pct,74\n"


@pytest.fixture(scope="module")
def provider():
    from oidc_provider_mock import User, run_server_in_thread

    users = [User(sub="vera", claims=VIEWER), User(sub="ana", claims=ANALYST)]
    with run_server_in_thread(user_claims=users, require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def signed_server(store, provider, tmp_path_factory):
    """The dashboard with [auth] pointing at the provider, on a local store of its own."""
    folder = tmp_path_factory.mktemp("signed")
    port = free_port()
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(auth_secrets(port, provider))
    location = str(folder / "local.duckdb")
    process, url = start_server(ROOT / "app.py",
                                ARTEFACTS / "streamlit_signed.log",
                                {"ANALYTICS_LOCAL_STORE": location, "ANALYTICS_LOCAL_KEY": str(folder / "local.key")},
                                ("--secrets.files", str(secrets_file)), port=port, host="localhost")
    yield url, location
    process.terminate()
    process.wait(timeout=20)


def sign_in(page, url: str, subject: str) -> None:
    """From a link to the dashboard, through the provider's sign-in form, back to the dashboard."""
    page.goto(f"{url}/?la=332")
    page.get_by_role("button", name="Sign in").click(timeout=60_000)
    page.locator("input[name='sub']").fill(subject, timeout=60_000)
    page.get_by_role("button", name="Authorize").click()
    page.get_by_text("Signed in as").wait_for(timeout=60_000)
    wait_until_ready(page, 0)


def navigation(page) -> str:
    return page.locator("[data-testid='stSidebarNav']").inner_text()


def test_a_viewer_sees_the_figures_but_cannot_import(signed_server, page):
    url, location = signed_server
    sign_in(page, url, "vera")
    assert "Signed in as Vera Viewer (viewer)" in page.locator("[data-testid='stSidebar']").inner_text()
    nav = navigation(page)
    assert "Workforce Board" in nav and "Overview" in nav
    assert "Import figures" not in nav and "Board packs" not in nav and "Audit trail" not in nav
    # a link straight to the import page does not open it
    page.goto(f"{url}/data?la=332")
    wait_until_ready(page, 0, footer=False)
    assert page.locator("[data-testid='stFileUploader']").count() == 0
    page.screenshot(path=ARTEFACTS / "signed_in_viewer.png", full_page=True)
    assert page.locator("[data-testid='stException']").count() == 0
    # and the import service itself refuses the viewer, whoever calls it
    local = LocalStore(location)
    try:
        viewer = signed_in(VIEWER, {})
        with pytest.raises(AccessDenied):
            services.import_file(local, services.UploadCheck("f.csv", None), viewer)
        refused = local.audit(identity=VIEWER["email"])
        assert refused[["action", "outcome", "role"]].values.tolist() == [["import", "refused", "viewer"]]
    finally:
        local.close()


def test_an_analyst_imports_and_the_audit_trail_names_them(signed_server, page, tmp_path):
    url, location = signed_server
    sign_in(page, url, "ana")
    assert "Import figures" in navigation(page) and "Audit trail" not in navigation(page)
    page.goto(f"{url}/data?la=332")
    wait_until_ready(page, 0)
    assert "recorded as ana.analyst@council.test" in page.locator("[data-testid='stMain']").inner_text()
    figures = tmp_path / "supervision2018.csv"
    figures.write_text(FIGURES)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(figures))
    page.get_by_role("button", name="Import 2 rows").click(timeout=60_000)
    page.get_by_text("Imported supervision2018.csv as batch").wait_for(timeout=60_000)
    wait_until_ready(page, 0)
    page.screenshot(path=ARTEFACTS / "signed_in_analyst.png", full_page=True)
    assert page.locator("[data-testid='stException']").count() == 0
    local = LocalStore(location)
    try:
        trail = local.audit(identity=ANALYST["email"])
        assert trail[["action", "outcome", "role", "via"]].values.tolist() == [["import", "done", "analyst",
                                                                                "sign-in"]]
        batch = local.batches().set_index("batch_id").loc[trail.batch_id.iloc[0]]
        assert batch.file_name == "supervision2018.csv" and batch.imported_by == ANALYST["email"]
    finally:
        local.close()


def test_someone_signed_out_sees_only_the_sign_in_page(signed_server, page):
    url, _ = signed_server
    page.goto(f"{url}/workforce_board?la=332")
    page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
    assert page.locator("[data-testid='stSidebarNav']").count() == 0
    assert "Workforce Board" not in page.locator("[data-testid='stMain']").inner_text()
