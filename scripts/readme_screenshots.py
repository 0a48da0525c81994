"""Take the README's screenshots: the dashboard in headless Chromium, Dudley, default settings.

Run by hand from the project root: `.venv/bin/python scripts/readme_screenshots.py`.
Writes docs/screenshots/*.png (palette-reduced to keep the repository small).
"""

import sys
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, start_server, wait_until_ready  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
# file name -> (path, Plotly charts to wait for, viewport height)
SHOTS = {"overview": ("", 0, 1450), "workforce": ("workforce", 2, 1750)}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as local:
        server, url = start_server(ROOT / "app.py", Path(local) / "streamlit.log",
                                   {"ANALYTICS_LOCAL_STORE": f"{local}/local.duckdb",
                                    "ANALYTICS_LOCAL_KEY": f"{local}/local.key"})
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                for name, (path, charts, height) in SHOTS.items():
                    page = browser.new_page(viewport={"width": 1400, "height": height})
                    page.goto(f"{url}/{path}?la=332")
                    wait_until_ready(page, charts)
                    page.wait_for_timeout(1500)  # let sparklines and chart transitions settle
                    target = OUT / f"{name}.png"
                    page.screenshot(path=target)
                    Image.open(target).convert("RGB").quantize(colors=128).save(target, optimize=True)
                    print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KB")
                    page.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
