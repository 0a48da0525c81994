"""One headless Chromium holding a blank page (a document's styles and plotly.js, an empty body), into which a
document's parts are added as they are made, each part's charts drawn as it arrives, then printed whole.

The browser is Debian's Chromium at paths.chromium_path(), driven over a pipe by
choreographer (nothing is downloaded). It starts opening when `open()` is called
(or the context manager is entered) and finishes in the background, so the
caller can build the document meanwhile.

Why parts, not one file: a pack's ten charts take 0.4-0.8 s to draw and plotly.js
0.1-0.5 s to compile, which a file opened once the pack is built adds to its
time. Added as each section is built, a chart is drawn while Python builds the
next, on the blank page whose plotly.js compiled while the figures were read,
so what is left once the pack is built is the printing (README, Performance).
One Chromium prints any number of documents, one at a time: the dashboard keeps
one per server (ui/cache.py), the command line opens its own.

Printing:
- the page is laid out at the print width with print styles before anything is
  drawn, so each chart is drawn at the size it is printed (charts draw at the
  width of their container; printing does not redraw them);
- a chart counts as drawn once its plot's promise has resolved and it carries
  the data-drawn attribute that MARK_DRAWN sets (render.py adds it to each chart);
- every request that is not for a local file is refused and listed in `refused`.
"""

import asyncio
import base64
import html
import json
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager, suppress
from pathlib import Path

import choreographer
from choreographer.channels import ChannelClosedError

from analytics.paths import chromium_path

TIMEOUT = 120  # seconds for any one step: opening, drawing, printing, or waiting for another document to print
# run after each chart's Plotly.newPlot promise resolves (plotly.io.to_html's post_script)
MARK_DRAWN = "document.getElementById('{plot_id}').dataset.drawn = 'true';"
LOCAL = ("file:", "data:", "about:", "blob:")
NETWORK = ["http://*", "https://*", "ws://*", "wss://*", "ftp://*"]

# Adds one part (one element, in markup, with the id `id`) at the end of the body and runs its scripts: a script
# added as markup never runs, so each is replaced by a copy made as an element, which runs as it is inserted.
ADD_PART = """(id, markup) => {
  document.body.insertAdjacentHTML('beforeend', markup);
  const part = document.getElementById(id);
  if (!part) throw new Error(`the part '${id}' has no element with its id`);
  part.classList.add('part');
  for (const script of part.querySelectorAll('script')) {
    const copy = document.createElement('script');
    copy.text = script.text;
    script.replaceWith(copy);
  }
}"""
# Puts the parts in the document's order (moving a drawn chart does not redraw it) and names the document.
ARRANGE = """(ids, title) => {
  for (const id of ids) {
    const part = document.getElementById(id);
    if (!part) throw new Error(`the document has no part '${id}'`);
    document.body.append(part);
  }
  const parts = document.querySelectorAll('.part').length;
  if (parts !== ids.length) throw new Error(`${parts} parts on the page for ${ids.length} in the document`);
  document.title = title;
}"""
# Resolves with the number of charts once `charts` of them are drawn and the fonts have loaded; rejects, saying how
# far it got, after `ms` milliseconds.
WAIT_FOR_CHARTS = """async (charts, ms) => {
  const drawn = () => document.querySelectorAll('.plotly-graph-div[data-drawn="true"]').length;
  const until = performance.now() + ms;
  while (drawn() < charts) {
    if (performance.now() > until) throw new Error(`${drawn()} of ${charts} charts drawn after ${ms} ms`);
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  await document.fonts.ready;
  return drawn();
}"""


class Chromium:
    """Open with `open()` or as a context manager; `document()` gives one document at a time to add parts to and
    print. Its event loop runs on a thread of its own, so the caller's thread (Streamlit's script thread, say)
    stays free to build the document and report progress.

    `blank`: the page documents are added to, with their styles and scripts and an empty body; `width`: the CSS
    pixels across which they are laid out and printed (the page less its margins).
    """

    def __init__(self, blank: str, width: int, path: Path | None = None):
        self.blank, self.width = blank, width
        self.path = Path(path or chromium_path())
        self.refused: list[str] = []  # network requests the documents made since the browser opened, all refused
        self._errors: list[str] = []  # script errors in the document being drawn
        self._lock = threading.Lock()  # one document at a time
        self._browser: choreographer.Browser | None = None  # once its process has started

    def open(self) -> "Chromium":
        if not self.path.exists():
            raise FileNotFoundError(f"Chromium is needed at {self.path} to print PDFs "
                                    "(apt-get install chromium, or set BROWSER_PATH)")
        self._folder = tempfile.TemporaryDirectory(prefix="pack-")
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pack-chromium", daemon=True)
        self._thread.start()
        # the blank page being loaded (on opening, and again after each document), which the next document waits for
        self._loading = self._submit(self._open())
        return self

    def close(self) -> None:
        try:
            if self._browser is None:
                self._loading.cancel()  # still starting its process
            else:
                self._run(self._browser.close())
                with suppress(Exception):  # a reload cut short by closing fails, as it should
                    self._loading.result(TIMEOUT)
        finally:
            self._run(self._cancel_tasks())
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
            self._loop.close()
            self._folder.cleanup()

    def __enter__(self) -> "Chromium":
        return self.open()

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def usable(self) -> bool:
        """False once opening or loading the blank page failed, or its process has gone: a browser to close and
        open again."""
        if self._browser is not None and self._browser.subprocess.poll() is not None:
            return False
        return not (self._loading.done() and self._loading.exception())

    @contextmanager
    def document(self) -> Iterator["Document"]:
        """The blank page, for one document; loaded afresh afterwards, in the background, so that nothing of one
        document stays in the next (clearing the page instead let its memory grow by 3-4 MB a pack). Waits while
        another document is printed."""
        if not self._lock.acquire(timeout=TIMEOUT):
            raise TimeoutError(f"Chromium was still printing another pack after {TIMEOUT} s")
        if not self.usable:
            self._lock.release()
            raise RuntimeError("Chromium has stopped; try again")
        self._errors.clear()
        document = Document(self, self._loading)
        try:
            yield document
        finally:
            self._loading = self._submit(self._reload([self._loading, *document.pending]))
            self._lock.release()

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(TIMEOUT)

    def _submit(self, coroutine) -> Future:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    @staticmethod
    async def _cancel_tasks() -> None:
        """Ends what choreographer left running (its watchdog, when the browser's process had gone)."""
        for task in asyncio.all_tasks() - {asyncio.current_task()}:
            task.cancel()

    async def _open(self) -> None:
        browser = choreographer.Browser(self.path, headless=True)
        await browser.open()
        self._browser = browser
        self._tab = await browser.create_tab("about:blank")
        for command, params in [("Page.enable", None), ("Runtime.enable", None), ("Network.enable", None),
                                ("Network.setBlockedURLs", {"urls": NETWORK}),
                                ("Emulation.setDeviceMetricsOverride",
                                 {"width": self.width, "height": round(self.width * 2 ** 0.5),
                                  "deviceScaleFactor": 1, "mobile": False}),
                                ("Emulation.setEmulatedMedia", {"media": "print"})]:
            await self._command(command, params)
        self._tab.subscribe("Network.requestWillBeSent", self._request)
        self._tab.subscribe("Runtime.exceptionThrown", self._exception)
        (Path(self._folder.name) / "blank.html").write_text(self.blank, encoding="utf-8")
        await self._load_blank()

    async def _load_blank(self) -> None:
        loaded = self._tab.subscribe_once("Page.loadEventFired")
        await self._command("Page.navigate", {"url": (Path(self._folder.name) / "blank.html").as_uri()})
        await loaded
        if not await self._evaluate("() => Boolean(window.Plotly)"):
            raise RuntimeError("plotly.js did not load in Chromium")

    async def _reload(self, waiting: list[Future]) -> None:
        """The blank page loaded again once the document's parts and the page it was on are done with (their
        errors were the document's to report)."""
        for future in waiting:
            with suppress(Exception):
                await asyncio.wrap_future(future)
        await self._load_blank()

    async def _request(self, event) -> None:
        url = event["params"]["request"]["url"]
        if not url.startswith(LOCAL):
            self.refused.append(url)

    async def _exception(self, event) -> None:
        details = event["params"]["exceptionDetails"]
        self._errors.append(details.get("exception", {}).get("description") or details.get("text", ""))

    async def _command(self, command: str, params: dict | None = None) -> dict:
        try:
            reply = await self._tab.send_command(command, params=params)
        except ChannelClosedError as exc:  # the browser's process has gone
            raise RuntimeError("Chromium has stopped; try again") from exc
        if "error" in reply:
            raise RuntimeError(f"Chromium refused {command}: {reply['error'].get('message', reply['error'])}")
        return reply["result"]

    async def _evaluate(self, function: str, *args):
        """`function` (JavaScript) called with `args` (as JSON) in the page; what it returns, awaited."""
        result = await self._command("Runtime.evaluate", {
            "expression": f"({function})(...{json.dumps(args)})", "awaitPromise": True, "returnByValue": True})
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise RuntimeError(details.get("exception", {}).get("description") or details.get("text", ""))
        return result["result"].get("value")

    async def _add(self, loading: Future, part_id: str, markup: str) -> None:
        await asyncio.wrap_future(loading)
        await self._evaluate(ADD_PART, part_id, markup)

    async def _print(self, ids: list[str], title: str, charts: int, footer: str) -> bytes:
        await self._evaluate(ARRANGE, ids, title)
        try:
            await self._evaluate(WAIT_FOR_CHARTS, charts, TIMEOUT * 1000 - 5000)
        except RuntimeError as exc:
            self._errors.insert(0, str(exc))
        if self._errors:
            raise RuntimeError(f"Chromium could not draw the charts: {'; '.join(self._errors)}")
        result = await self._command("Page.printToPDF", {
            "preferCSSPageSize": True, "printBackground": True, "displayHeaderFooter": True,
            "headerTemplate": "<span></span>",
            "footerTemplate": f'<div style="font-size:7pt;width:100%;text-align:center;color:#505A5F">'
                              f'{html.escape(footer)} · page <span class="pageNumber"></span> of '
                              f'<span class="totalPages"></span></div>'})
        return base64.b64decode(result["data"])


class Document:
    """One document on the blank page: its parts added in any order as they are made, then printed in order."""

    def __init__(self, browser: Chromium, loading: Future):
        self._browser, self._loading = browser, loading  # the blank page this document's parts go on
        self._parts: dict[str, Future] = {}

    @property
    def added(self) -> set[str]:
        return set(self._parts)

    @property
    def pending(self) -> list[Future]:
        """The parts being added, each a future (or with its error)."""
        return list(self._parts.values())

    def add(self, part_id: str, markup: str) -> None:
        """Adds a part, one element with the id `part_id`, and draws its charts, in the background: this returns
        at once, and a part that fails says so when the document is printed."""
        self._parts[part_id] = self._browser._submit(self._browser._add(self._loading, part_id, markup))

    def pdf(self, ids: list[str], title: str, footer: str, charts: int,
            progress: Callable[[float, str], None] | None = None) -> bytes:
        """The parts `ids`, in that order, printed to PDF once the document's `charts` Plotly charts are drawn;
        `footer` and the page number at the foot of every page. `progress(done, text)` is called on the caller's
        thread, from 0 to below 1."""
        report = progress or (lambda done, text: None)
        report(0.0, f"Drawing {charts} charts" if charts != 1 else "Drawing the chart")
        for part in self._parts.values():
            part.result(TIMEOUT)
        report(0.6, "Printing the PDF")
        return self._browser._run(self._browser._print(ids, title, charts, footer))
