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
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, start_server, wait_until_ready  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
WIDTH, HEIGHT = 1440, 900
# file name -> (path, Plotly charts to wait for)
SHOTS = {"overview": ("", 0), "workforce": ("workforce", 2), "practice": ("practice", 2),
         "explorer": ("explorer", 2), "workforce_board": ("workforce_board", 2),
         "improvement_plan": ("improvement_plan", 1), "import": ("data", 0), "packs": ("packs", 0),
         "sources": ("sources", 0), "admin": ("admin", 0)}


def page_height(page) -> int:
    """How tall the page's content is: Streamlit scrolls its main block, so a full-page shot needs a viewport that
    tall."""
    return int(page.evaluate("document.querySelector(\"[data-testid='stMain']\").scrollHeight"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--la", default="332", help="the LA's three-digit DfE number (default Dudley, 332)")
    parser.add_argument("--pages", nargs="*", choices=list(SHOTS), default=list(SHOTS))
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as local:
        server, url = start_server(ROOT / "app.py", Path(local) / "streamlit.log",
                                   {"ANALYTICS_LOCAL_STORE": f"{local}/local.duckdb",
                                    "ANALYTICS_LOCAL_KEY": f"{local}/local.key"})
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                for name in args.pages:
                    path, charts = SHOTS[name]
                    page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
                    page.goto(f"{url}/{path}?la={args.la}")
                    wait_until_ready(page, charts)
                    page.set_viewport_size({"width": WIDTH, "height": max(HEIGHT, page_height(page))})
                    wait_until_ready(page, charts)
                    page.wait_for_timeout(1500)  # let the tiles' charts and chart transitions settle
                    target = args.out / (f"{name}.png" if args.la == "332" else f"{name}_{args.la}.png")
                    page.screenshot(path=target)
                    Image.open(target).convert("RGB").quantize(colors=128).save(target, optimize=True)
                    print(f"{target}: {target.stat().st_size // 1024} KB")
                    page.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
