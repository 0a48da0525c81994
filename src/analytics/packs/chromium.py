"""One headless Chromium that opens an HTML document, waits until plotly.js has drawn every chart, and prints it.

The browser is Debian's Chromium at paths.chromium_path(), driven over a pipe by
choreographer (nothing is downloaded). It starts as soon as the context manager
is entered and finishes opening in the background, so the caller can build the
document meanwhile. Nothing is preloaded: the pack's plotly.js is inline, which
V8's code cache does not serve, so compiling it ahead on a page of its own only
made opening slower (README, Performance).

Printing:
- the page is laid out at the print width with print styles before it is drawn,
  so each chart is drawn at the size it is printed (charts draw at the width of
  their container when their script runs; printing does not redraw them);
- a chart counts as drawn once its plot's promise has resolved and it carries
  the data-drawn attribute that MARK_DRAWN sets (render.py adds it to each chart);
- every request that is not for a local file is refused and listed in `refused`.
"""

import asyncio
import base64
import html
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import choreographer

from analytics.paths import chromium_path

TIMEOUT = 120  # seconds for any one step: opening, drawing or printing
# run after each chart's Plotly.newPlot promise resolves (plotly.io.to_html's post_script)
MARK_DRAWN = "document.getElementById('{plot_id}').dataset.drawn = 'true';"
LOCAL = ("file:", "data:", "about:", "blob:")
NETWORK = ["http://*", "https://*", "ws://*", "wss://*", "ftp://*"]

# Resolves with the number of charts once `charts` of them are drawn and the fonts have loaded; rejects, saying how
# far it got, after `ms` milliseconds.
WAIT_FOR_CHARTS = """async (charts, ms) => {
  const drawn = () => document.querySelectorAll('.plotly-graph-div[data-drawn="true"]').length;
  const until = performance.now() + ms;
  while (drawn() < charts) {
    if (!window.Plotly) throw new Error('plotly.js did not load');
    if (performance.now() > until) throw new Error(`${drawn()} of ${charts} charts drawn after ${ms} ms`);
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  await document.fonts.ready;
  return drawn();
}"""


class Chromium:
    """Use as a context manager; `pdf()` prints a document (several, one after another, with one browser).

    Its event loop runs on a thread of its own, so the caller's thread (Streamlit's
    script thread, say) stays free to build the document and report progress.
    """

    def __init__(self, path: Path | None = None):
        self.path = Path(path or chromium_path())
        self.refused: list[str] = []  # network requests the documents made since the browser opened, all refused
        self._errors: list[str] = []  # script errors in the document being drawn

    def __enter__(self) -> "Chromium":
        if not self.path.exists():
            raise FileNotFoundError(f"Chromium is needed at {self.path} to print PDFs "
                                    "(apt-get install chromium, or set BROWSER_PATH)")
        self._folder = tempfile.TemporaryDirectory(prefix="pack-")
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pack-chromium", daemon=True)
        self._thread.start()
        self._opening = asyncio.run_coroutine_threadsafe(self._open(), self._loop)
        return self

    def __exit__(self, *exc) -> None:
        try:
            if self._opening.done() and not self._opening.exception():
                self._run(self._browser.close())
            else:
                self._opening.cancel()
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
            self._loop.close()
            self._folder.cleanup()

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(TIMEOUT)

    async def _open(self) -> None:
        self._browser = choreographer.Browser(self.path, headless=True)
        await self._browser.open()
        self._tab = await self._browser.create_tab("about:blank")
        for command, params in [("Page.enable", None), ("Runtime.enable", None), ("Network.enable", None),
                                ("Network.setBlockedURLs", {"urls": NETWORK})]:
            await self._command(command, params)
        self._tab.subscribe("Network.requestWillBeSent", self._request)
        self._tab.subscribe("Runtime.exceptionThrown", self._exception)

    async def _request(self, event) -> None:
        url = event["params"]["request"]["url"]
        if not url.startswith(LOCAL):
            self.refused.append(url)

    async def _exception(self, event) -> None:
        details = event["params"]["exceptionDetails"]
        self._errors.append(details.get("exception", {}).get("description") or details.get("text", ""))

    async def _command(self, command: str, params: dict | None = None) -> dict:
        reply = await self._tab.send_command(command, params=params)
        if "error" in reply:
            raise RuntimeError(f"Chromium refused {command}: {reply['error'].get('message', reply['error'])}")
        return reply["result"]

    async def _navigate(self, uri: str) -> None:
        loaded = self._tab.subscribe_once("Page.loadEventFired")
        await self._command("Page.navigate", {"url": uri})
        await loaded

    async def _load(self, uri: str, width: int, charts: int) -> None:
        self._errors.clear()
        await self._command("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": round(width * 2 ** 0.5), "deviceScaleFactor": 1,
                             "mobile": False})
        await self._command("Emulation.setEmulatedMedia", {"media": "print"})
        await self._navigate(uri)
        result = await self._command("Runtime.evaluate", {
            "expression": f"({WAIT_FOR_CHARTS})({charts}, {TIMEOUT * 1000 - 5000})",
            "awaitPromise": True, "returnByValue": True})
        if "exceptionDetails" in result or self._errors:
            problem = result.get("exceptionDetails", {}).get("exception", {}).get("description", "")
            raise RuntimeError(f"Chromium could not draw the charts: {'; '.join([problem, *self._errors])}")

    async def _print(self, footer: str) -> bytes:
        result = await self._command("Page.printToPDF", {
            "preferCSSPageSize": True, "printBackground": True, "displayHeaderFooter": True,
            "headerTemplate": "<span></span>",
            "footerTemplate": f'<div style="font-size:7pt;width:100%;text-align:center;color:#505A5F">'
                              f'{html.escape(footer)} · page <span class="pageNumber"></span> of '
                              f'<span class="totalPages"></span></div>'})
        return base64.b64decode(result["data"])

    def pdf(self, document: str, footer: str, width: int, charts: int,
            progress: Callable[[float, str], None] | None = None) -> bytes:
        """`document` printed to PDF, laid out `width` CSS pixels wide (the page less its margins), once its
        `charts` Plotly charts are drawn; `footer` and the page number at the foot of every page.
        `progress(done, text)` is called on the caller's thread, from 0 to below 1."""
        report = progress or (lambda done, text: None)
        report(0.0, "Starting Chromium")
        self._opening.result(TIMEOUT)
        page = Path(self._folder.name) / "pack.html"
        page.write_text(document, encoding="utf-8")
        report(0.2, f"Drawing {charts} charts" if charts != 1 else "Drawing the chart")
        self._run(self._load(page.as_uri(), width, charts))
        report(0.8, "Printing the PDF")
        return self._run(self._print(footer))
