"""Two dashboard servers and the command line on one store, on both backends: eight browser sessions read while
three imports and three undos run. Afterwards every batch is whole or absent, what the pages show equals a fresh read
of the store, and no session showed an exception. Bounded: localhost only, a fixed number of loads."""

import asyncio
import os
import subprocess
import sys
import threading

import pytest

from analytics.local.store import LocalStore
from tests.browser.conftest import ARTEFACTS, CHROMIUM, CHROMIUM_ARGS, ROOT, start_server

pytestmark = pytest.mark.browser

# enough to have reads in flight on both servers through every write; more only measures how two cores queue
# Chromium's work (twenty sessions, eight at once, and ten writes took 3.5 minutes a backend)
SESSIONS = 8
LOADS_WHILE_WRITING = 1  # each session's loads while the writes run, at most
AT_ONCE = 4  # page loads in flight together
TIMEOUT_MS = 180_000
# the script has finished and drawn the page to its footer, or stopped at an exception
READY = """() => !document.querySelector("[data-testid='stStatusWidget']")
    && !document.querySelector("[data-stale='true']") && !document.querySelector("[data-testid='stSkeleton']")
    && (document.querySelector("[data-testid='stMain']").innerText.includes('Open Government Licence')
        || document.querySelector("[data-testid='stException']"))"""


def figures_file(folder, year: int):
    path = folder / f"supervision_{year}.csv"
    path.write_text("month,measure,value,team\n" + "".join(
        f"{year}-{m:02d},case_supervision_pct,{60 + m},{team}\n" for m in range(1, 13) for team in ("MASH", "CIN")))
    return path


def cli(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analytics", *args], capture_output=True, text=True, timeout=180,
                          env=env)


def writes(env, folder, done: threading.Event, failures: list) -> None:
    """Three imports and three undos from the command line: two of the new batches and one of the demo's."""
    try:
        batches = []
        steps = [("import", 2011), ("import", 2012), ("undo", 0), ("undo", "demo"), ("import", 2013), ("undo", 1)]
        demo = iter([2])  # the demo's targets
        for what, which in steps:
            if what == "import":
                result = cli(env, "import", str(figures_file(folder, which)))
                if result.returncode == 0:
                    batches.append(int(result.stdout.split("as batch ")[1].split(":")[0]))
            else:
                result = cli(env, "undo", str(next(demo) if which == "demo" else batches[which]))
            if result.returncode != 0:
                failures.append(result.stderr)
    finally:
        done.set()


async def session(browser, url: str, done: threading.Event, seen: list, exceptions: list, turns) -> str:
    """A fresh browser session opening the Import figures page, and reloading it, while the writes run, then once
    more after; returns what the page said last about the store."""
    context = await browser.new_context(viewport={"width": 1200, "height": 1600})
    page = await context.new_page()
    try:
        for _ in range(LOADS_WHILE_WRITING):
            if done.is_set():
                break
            async with turns:
                await load(page, url, exceptions)
            seen.append(1)
        while not done.is_set():
            await asyncio.sleep(0.2)
        async with turns:
            return await load(page, url, exceptions)
    finally:
        await context.close()


async def load(page, url: str, exceptions: list) -> str:
    await page.goto(f"{url}/data?la=332", timeout=TIMEOUT_MS)
    await page.wait_for_function(READY, timeout=TIMEOUT_MS, polling=250)
    main = page.locator("[data-testid='stMain']")
    if await page.locator("[data-testid='stException']").count():
        exceptions.append(await main.inner_text())
    text = await main.inner_text()
    return "\n".join(line for line in text.splitlines() if "imports in use" in line or "monthly figures held" in line)


async def all_sessions(urls, done, seen, exceptions, count: int = SESSIONS):
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            turns = asyncio.Semaphore(AT_ONCE)
            return await asyncio.gather(*(session(browser, urls[i % 2], done, seen, exceptions, turns)
                                          for i in range(count)))
        finally:
            await browser.close()


def shown_by_a_fresh_read(local: LocalStore) -> str:
    batches = local.batches()
    coverage = local.coverage("332")
    return (f"{batches.undone_at.isna().sum()} of {len(batches)} imports in use; the latest is batch "
            f"{batches.batch_id.max()}.\n{int(coverage.figures.sum()):,} monthly figures held for {len(coverage)} "
            "measures.")


def test_two_servers_and_the_command_line_share_one_store(store, local_location, tmp_path):
    env = {**os.environ, "ANALYTICS_LOCAL_STORE": local_location, "ANALYTICS_LOCAL_KEY": str(tmp_path / "local.key")}
    servers = [start_server(ROOT / "app.py", ARTEFACTS / f"streamlit_shared_{i}.log", env,
                            ("--server.fileWatcherType", "none")) for i in range(2)]
    try:
        done, failures, seen, exceptions = threading.Event(), [], [], []
        # both servers' first runs seed the demo, once, between them
        apart(all_sessions([url for _, url in servers], _set(), [], exceptions, count=2))
        writer = threading.Thread(target=writes, args=(env, tmp_path, done, failures))
        writer.start()
        try:
            last = apart(all_sessions([url for _, url in servers], done, seen, exceptions))
        finally:
            done.set()
            writer.join()
    finally:
        for process, _ in servers:
            process.terminate()
            process.wait(timeout=30)
    assert not failures, failures
    assert not exceptions, exceptions[:1]
    assert seen, "no session loaded a page while the writes ran"
    local = LocalStore(local_location)
    try:
        rows = local.rows_by_batch()
        assert (rows.declared == rows.stored).all(), rows
        batches = local.batches()
        demo = int(batches.demo.sum())
        assert demo >= 2 and len(batches) == demo + 3 and batches.undone_at.notna().sum() == 3  # the demo's, three new
        expected = shown_by_a_fresh_read(local)
    finally:
        local.close()
    assert set(last) == {expected}
    for i in range(2):
        log = (ARTEFACTS / f"streamlit_shared_{i}.log").read_text()
        assert "Traceback" not in log, log[-3000:]


def apart(coroutine):
    """Run the sessions' event loop on a thread of its own: the browser tests' sync Playwright may have one
    running on this thread already."""
    outcome = {}

    def run():
        try:
            outcome["result"] = asyncio.run(coroutine)
        except BaseException as exc:  # noqa: BLE001 - raised again on the test's thread
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def _set() -> threading.Event:
    done = threading.Event()
    done.set()
    return done
