"""Take the README's screenshots: every page of the dashboard in headless Chromium at a laptop's 1440 x 900,
Dudley, default settings (the whole page, however long, at that width).

Run by hand from the project root: `.venv/bin/python scripts/readme_screenshots.py`.
Writes docs/screenshots/*.png (palette-reduced to keep the repository small). To look at another LA's pages
without touching the README's: `--la 420 --pages overview workforce --out test-artefacts/screens`.
"""

import argparse
import sys
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    auth_secrets,
    free_port,
    start_server,
    wait_until_ready,
)

OUT = ROOT / "docs" / "screenshots"
WIDTH, HEIGHT = 1440, 900
# file name -> (path, Plotly charts to wait for)
SHOTS = {"overview": ("", 0), "workforce": ("workforce", 2), "practice": ("practice", 2),
         "explorer": ("explorer", 2), "workforce_board": ("workforce_board", 2),
         "improvement_plan": ("improvement_plan", 1), "import": ("data", 0), "packs": ("packs", 0),
         "sources": ("sources", 0)}  # and the audit trail, signed in as an administrator (admin_shot)


def page_height(page) -> int:
    """How tall the page's content is: Streamlit scrolls its main block, so a full-page shot needs a viewport that
    tall."""
    return int(page.evaluate("document.querySelector(\"[data-testid='stMain']\").scrollHeight"))


def shoot(page, url: str, charts: int, target: Path) -> None:
    """The whole page at `url`, however long, at the laptop's width."""
    page.goto(url)
    wait_until_ready(page, charts)
    page.set_viewport_size({"width": WIDTH, "height": max(HEIGHT, page_height(page))})
    wait_until_ready(page, charts)
    page.wait_for_timeout(1500)  # let the tiles' charts and chart transitions settle
    page.screenshot(path=target)
    Image.open(target).convert("RGB").quantize(colors=128).save(target, optimize=True)
    print(f"{target}: {target.stat().st_size // 1024} KB")


def admin_shot(browser, la: str, target: Path) -> None:
    """The audit trail is for an administrator only, and local mode makes everyone an analyst: signed in as one,
    through a mock OpenID Connect provider on localhost (as tests/browser/test_sign_in_in_browser.py does)."""
    from oidc_provider_mock import User, run_server_in_thread

    admin = User(sub="ada", claims={"email": "ada.admin@council.test", "name": "Ada Admin", "roles": ["admin"]})
    with run_server_in_thread(user_claims=[admin], require_nonce=True) as provider, \
            tempfile.TemporaryDirectory() as local:
        port = free_port()
        settings = Path(local) / "secrets.toml"
        settings.write_text(auth_secrets(port, f"http://localhost:{provider.server_port}"))
        server, url = start_server(ROOT / "app.py", Path(local) / "streamlit.log",
                                   {"ANALYTICS_LOCAL_STORE": f"{local}/local.duckdb",
                                    "ANALYTICS_LOCAL_KEY": f"{local}/local.key"},
                                   ("--secrets.files", str(settings)), port=port, host="localhost")
        try:
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
            page.goto(f"{url}/?la={la}")
            page.get_by_role("button", name="Sign in").click(timeout=60_000)
            page.locator("input[name='sub']").fill("ada", timeout=60_000)
            page.get_by_role("button", name="Authorize").click()
            page.get_by_text("Signed in as").wait_for(timeout=60_000)
            shoot(page, f"{url}/admin?la={la}", 0, target)
            page.close()
        finally:
            server.terminate()
            server.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--la", default="332", help="the LA's three-digit DfE number (default Dudley, 332)")
    parser.add_argument("--pages", nargs="*", choices=[*SHOTS, "admin"], default=[*SHOTS, "admin"])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    name_of = (lambda page: f"{page}.png") if args.la == "332" else (lambda page: f"{page}_{args.la}.png")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        with tempfile.TemporaryDirectory() as local:
            server, url = start_server(ROOT / "app.py", Path(local) / "streamlit.log",
                                       {"ANALYTICS_LOCAL_STORE": f"{local}/local.duckdb",
                                        "ANALYTICS_LOCAL_KEY": f"{local}/local.key"})
            try:
                for name in [p for p in args.pages if p in SHOTS]:
                    path, charts = SHOTS[name]
                    page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
                    shoot(page, f"{url}/{path}?la={args.la}", charts, args.out / name_of(name))
                    page.close()
            finally:
                server.terminate()
                server.wait(timeout=20)
        if "admin" in args.pages:
            admin_shot(browser, args.la, args.out / name_of("admin"))
        browser.close()


if __name__ == "__main__":
    main()
