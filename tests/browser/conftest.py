"""A real dashboard server and a real browser: `streamlit run app.py` on a free port, Debian's Chromium headless."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = ROOT / "test-artefacts" / "browser"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_health(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer /_stcore/health within {timeout} s")


def auth_secrets(port: int, provider: str) -> str:
    """A secrets.toml whose [auth] signs in through the OIDC provider at `provider` (a URL), for a dashboard on
    localhost:`port`."""
    return f"""[auth]
redirect_uri = "http://localhost:{port}/oauth2callback"
cookie_secret = "{secrets.token_urlsafe(32)}"
client_id = "children-services-dashboard"
client_secret = "{secrets.token_urlsafe(16)}"
server_metadata_url = "{provider}/.well-known/openid-configuration"
"""


def start_server(script: Path, log: Path, env: dict[str, str] | None = None, options: tuple[str, ...] = (),
                 port: int | None = None, host: str = "127.0.0.1") -> tuple[subprocess.Popen, str]:
    """`streamlit run script` on localhost; `options`: more streamlit options (and `--` with the script's own)."""
    port = port or free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
               *options]
    process = subprocess.Popen(command, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT,
                               env=os.environ | {"PYTHONUNBUFFERED": "1"} | (env or {}))
    url = f"http://{host}:{port}"
    wait_for_health(url, process)
    return process, url


@pytest.fixture(scope="session")
def server(store, tmp_path_factory):
    """The dashboard on a free localhost port (the store fixture has built data/dashboard.duckdb), with a local
    store of its own that starts empty, so it seeds the labelled demo as a new installation does."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    local = tmp_path_factory.mktemp("server_local")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # each xdist worker runs a server of its own
    process, url = start_server(ROOT / "app.py", ARTEFACTS / f"streamlit{worker}.log",
                                {"ANALYTICS_LOCAL_STORE": str(local / "local.duckdb"),
                                 "ANALYTICS_LOCAL_KEY": str(local / "local.key")})
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's Chromium is needed at {CHROMIUM} (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _page(browser, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height})
    yield context.new_page()
    context.close()


@pytest.fixture
def page(browser):
    yield from _page(browser, 1400, 1800)


@pytest.fixture
def laptop(browser):
    """A laptop's screen, 1440 x 900."""
    yield from _page(browser, 1440, 900)


def wait_until_ready(page, charts: int, footer: bool = True, timeout_ms: int = 90_000) -> None:
    """Until the script has finished, nothing on screen is stale or a loading skeleton, `charts` Plotly charts are
    drawn and (for the dashboard's pages) the licence footer every page ends with is on screen."""
    page.wait_for_selector("[data-testid='stMainBlockContainer'] [data-testid='stElementContainer']",
                           timeout=timeout_ms)
    page.wait_for_function(
        """([charts, footer]) => !document.querySelector("[data-testid='stStatusWidget']")
            && !document.querySelector("[data-stale='true']")
            && !document.querySelector("[data-testid='stSkeleton']")
            // a chart counts once however many svg layers Plotly gives it (three each)
            && [...document.querySelectorAll('.js-plotly-plot')].filter(p => p.querySelector('.main-svg'))
                   .length >= charts
            && (!footer || document.querySelector("[data-testid='stMain']").innerText
                             .includes('Open Government Licence'))""",
        arg=[charts, footer], timeout=timeout_ms, polling=200)
