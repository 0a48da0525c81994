"""Writing a board pack: one self-contained HTML file (charts interactive offline) or a PDF (static charts).

- HTML: plotly.js is embedded once, inline, and nothing refers to the network,
  so the file opens offline and its charts can still be hovered and zoomed.
- PDF: each chart is drawn to SVG by kaleido driving Debian's Chromium (the path
  from paths.chromium_path(); nothing is downloaded), placed in the same HTML
  with print styles, and printed to PDF by that same Chromium. Page breaks are
  fixed: the cover, the summary, one page per section, the annex, so a pack has
  Pack.pages pages.
"""

import asyncio
import base64
import html
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import kaleido
import plotly.io as pio
from plotly.offline import get_plotlyjs

from analytics.packs.content import Pack, PackSection
from analytics.paths import chromium_path
from analytics.ratings import RAG_TEXT

CHART_WIDTH = 800  # px; the PDF scales the SVG to the page width, so text on it prints at about 10 pt
BROWSER_TIMEOUT = 120  # seconds for any one chart or print
TABS = 2  # charts drawn at once: the development machine and CI have two cores
PLOT_CONFIG = {"displaylogo": False, "responsive": True}

CSS = """
@page { size: A4; margin: 14mm 14mm 18mm; }
body { font-family: Arial, "Liberation Sans", Helvetica, sans-serif; color: #0B0C0C; font-size: 10.5pt;
       line-height: 1.35; margin: 0; }
.page { break-after: page; }
.page:last-child { break-after: auto; }
@media screen { .page { max-width: 1040px; margin: 0 auto 32px; padding: 16px 24px 32px;
                        border-bottom: 4px solid #12436D; } }
h1 { font-size: 28pt; color: #12436D; margin: 0 0 6px; }
h2 { font-size: 15pt; color: #12436D; margin: 0 0 8px; }
h3 { font-size: 11pt; margin: 12px 0 4px; }
.marking { font-weight: bold; letter-spacing: 0.05em; border: 2px solid #0B0C0C; display: inline-block;
           padding: 2px 8px; }
.cover .la { font-size: 20pt; margin: 0 0 24px; }
.cover dl { display: grid; grid-template-columns: 11em 1fr; gap: 6px 12px; font-size: 11pt; }
.cover dt { font-weight: bold; }
.cover dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 6px 0; }
th, td { border-bottom: 1px solid #B1B4B6; padding: 3px 5px; text-align: left; vertical-align: top; }
th { background: #F3F2F1; }
.rag { font-weight: bold; white-space: nowrap; }
.rag-red { background: #D4351C; color: #FFFFFF; }
.rag-amber { background: #F47738; color: #0B0C0C; }
.rag-green { background: #00703C; color: #FFFFFF; }
.chart img { width: 100%; height: auto; display: block; }
.chart .empty { border: 1px dashed #B1B4B6; padding: 24px; color: #505A5F; }
.commentary p { margin: 4px 0; }
.note, .source, .definition { font-size: 8.5pt; color: #505A5F; margin: 4px 0; }
.demo { border-left: 6px solid #F47738; background: #FFF4EC; padding: 4px 10px; margin: 6px 0; font-size: 9pt; }
.demo p { margin: 2px 0; }
.annex { font-size: 8pt; line-height: 1.25; }
.annex p, .annex li { margin: 2px 0; }
"""


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _table(frame, rag_column: str | None = None) -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in frame.columns)
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, record):
            if column == rag_column:
                key = next((k for k, v in RAG_TEXT.items() if v == value and k), None)
                cells.append(f'<td class="rag rag-{key}">{_e(value)}</td>' if key else f"<td>{_e(value)}</td>")
            else:
                cells.append(f"<td>{_e(value)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _demo(notices: list[str]) -> str:
    """The labels demo figures carry wherever they are shown (the pages' wording)."""
    if not notices:
        return ""
    return '<div class="demo">' + "".join(f"<p><strong>{_e(n)}</strong></p>" for n in notices) + "</div>"


def _cover(pack: Pack) -> str:
    marking = "PUBLIC" if pack.public else f"OFFICIAL: for the {pack.meeting.title}, not for publication"
    contents = "".join(f"<li>{_e(s.title)}</li>" for s in pack.sections)
    return f"""<section class="page cover">
<p class="marking">{_e(marking)}</p>
<h1>{_e(pack.meeting.title)}</h1>
<p class="la">{_e(pack.la_name)}: children's services</p>
<dl>
<dt>Local authority</dt><dd>{_e(pack.la_name)}</dd>
<dt>Meeting</dt><dd>{_e(pack.meeting.title)}</dd>
<dt>Period</dt><dd>{pack.period:%B %Y}</dd>
<dt>Date produced</dt><dd>{pack.produced:%d %B %Y}</dd>
<dt>Data as at</dt><dd>{_e(pack.data_as_at)}</dd>
<dt>Compared with</dt><dd>Statistical neighbours, {_e(pack.neighbours)}; region; England</dd>
</dl>
<p>{_e(pack.meeting.purpose)}</p>
{_demo(pack.demo)}
<h3>Contents</h3><ol><li>Summary</li>{contents}<li>Annex: rules and publications</li></ol>
</section>"""


def _summary(pack: Pack) -> str:
    return f"""<section class="page summary">
<h2>Summary</h2>
<p>The latest figure for each measure in this paper, its comparators and its rating (the annex gives the
rating rules). Rank 1 is the best of all LAs with a figure.</p>
{_table(pack.summary_table(), rag_column="RAG")}
</section>"""


def _chart(section: PackSection, static: dict[str, bytes] | None) -> str:
    if section.figure is None:
        return '<div class="chart"><p class="empty">No chart: there are no figures for this period.</p></div>'
    if static is not None:
        data = base64.b64encode(static[section.key]).decode("ascii")
        return f'<div class="chart"><img alt="{_e(section.title)}: chart" src="data:image/svg+xml;base64,{data}"></div>'
    height = section.figure.layout.height or 380
    div = pio.to_html(section.figure, full_html=False, include_plotlyjs=False, config=PLOT_CONFIG,
                      default_width="100%", default_height=f"{height}px")
    return f'<div class="chart">{div}</div>'


def _section(section: PackSection, static: dict[str, bytes] | None) -> str:
    commentary = "".join(f"<p>{_e(s)}</p>" for s in section.commentary)
    table = _table(section.table) if not section.table.empty else ""
    notes = "".join(f'<p class="note">{_e(n)}</p>' for n in section.notes)
    return f"""<section class="page measure" id="{_e(section.key)}">
<h2>{_e(section.title)}</h2>
<p class="definition">{_e(section.definition or 'No definition supplied.')}</p>
{_demo(section.demo)}
{_chart(section, static)}
<div class="commentary">{commentary}</div>
{table}{notes}
<p class="source">Source: {_e(section.source)}</p>
</section>"""


def _annex(pack: Pack) -> str:
    rules = "".join(f"<h3>{_e(h)}</h3>" + "".join(f"<p>{_e(p)}</p>" for p in paras) for h, paras in pack.rules)
    publications = "".join(f"<li>{_e(p.attribution)} {_e(p.url)}</li>" for p in pack.publications)
    return f"""<section class="page annex">
<h2>Annex: rules and publications</h2>
{rules}
<h3>Publications</h3><ul>{publications}</ul>
</section>"""


def pack_html(pack: Pack, static: dict[str, bytes] | None = None) -> str:
    """The pack as one HTML document: interactive charts with plotly.js inline, or, given `static` (section key ->
    SVG bytes), images for printing."""
    script = "" if static is not None else f"<script>{get_plotlyjs()}</script>"
    body = "".join([_cover(pack), _summary(pack), *(_section(s, static) for s in pack.sections), _annex(pack)])
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{_e(pack.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{CSS}</style>{script}</head>
<body>{body}</body></html>"""


class Chromium:
    """One headless Chromium (kaleido's), kept open while a pack's charts are drawn and its pages printed.

    Use as a context manager. Its event loop runs on a thread of its own, so the
    caller's thread (Streamlit's script thread, say) stays free to report progress.
    """

    def __init__(self, path: Path | None = None):
        self.path = Path(path or chromium_path())

    def __enter__(self) -> "Chromium":
        if not self.path.exists():
            raise FileNotFoundError(f"Chromium is needed at {self.path} to draw charts and print PDFs "
                                    "(apt-get install chromium, or set BROWSER_PATH)")
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pack-chromium", daemon=True)
        self._thread.start()
        try:
            self._kaleido = self._run(self._open())
        except BaseException:
            self._stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        try:
            self._run(self._kaleido.close())
        finally:
            self._stop()

    async def _open(self):
        browser = kaleido.Kaleido(n=TABS, path=str(self.path), mathjax=False)
        await browser.open()
        return browser

    def _stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(BROWSER_TIMEOUT)

    def svgs(self, figures: list, width: int = CHART_WIDTH):
        """Each figure as SVG bytes, in order, as each is ready; drawn two at a time (kaleido's tabs)."""
        pending = [asyncio.run_coroutine_threadsafe(self._kaleido.calc_fig(
            figure, opts={"format": "svg", "width": width, "height": figure.layout.height or 380}), self._loop)
            for figure in figures]
        for future in pending:
            yield future.result(BROWSER_TIMEOUT)

    def pdf(self, document: str, footer: str) -> bytes:
        with tempfile.TemporaryDirectory(prefix="pack-") as folder:
            page = Path(folder) / "pack.html"
            page.write_text(document, encoding="utf-8")
            return self._run(self._print(page.as_uri(), footer))

    async def _print(self, uri: str, footer: str) -> bytes:
        tab = await self._kaleido.create_tab("about:blank")
        try:
            await tab.send_command("Page.enable")
            loaded = tab.subscribe_once("Page.loadEventFired")
            await tab.send_command("Page.navigate", params={"url": uri})
            await loaded
            reply = await tab.send_command("Page.printToPDF", params={
                "preferCSSPageSize": True, "printBackground": True, "displayHeaderFooter": True,
                "headerTemplate": "<span></span>",
                "footerTemplate": f'<div style="font-size:7pt;width:100%;text-align:center;color:#505A5F">'
                                  f'{_e(footer)} · page <span class="pageNumber"></span> of '
                                  f'<span class="totalPages"></span></div>'})
            if "error" in reply:
                raise RuntimeError(f"Chromium could not print the pack: {reply['error']}")
            return base64.b64decode(reply["result"]["data"])
        finally:
            await self._kaleido.close_tab(tab.target_id)


def pack_pdf(pack: Pack, browser: Chromium | None = None,
             progress: Callable[[float, str], None] | None = None) -> bytes:
    """The pack as PDF bytes. Pass an open Chromium to draw several packs with one browser."""
    if browser is None:
        with Chromium() as opened:
            return pack_pdf(pack, opened, progress)
    charted = [s for s in pack.sections if s.figure is not None]
    static = {}
    for n, (section, svg) in enumerate(zip(charted, browser.svgs([s.figure for s in charted]))):
        if progress:
            progress((n + 1) / (len(charted) + 1), f"Drew the chart for {section.title}")
        static[section.key] = svg
    if progress:
        progress(len(charted) / (len(charted) + 1), "Printing the PDF")
    return browser.pdf(pack_html(pack, static), pack.title)

