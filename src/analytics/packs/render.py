"""Writing a board pack: one self-contained HTML file, which is also the document the PDF prints.

- HTML: plotly.js is embedded once, inline, and nothing refers to the network,
  so the file opens offline and its charts can still be hovered and zoomed. It is
  plotly.js's basic bundle (scatter, bar and pie traces, all a pack draws): 1.2 MB
  against the full bundle's 4.8 MB, which a browser took about a second longer to
  compile on opening a pack (README, Performance).
- PDF: the same parts on the same page (its head, with plotly.js, is the blank
  page of chromium.py), laid out at the A4 print width in one headless Debian
  Chromium: each section is added, and its chart drawn, as soon as it is built
  (add_section), and the whole printed once the pack is built (print_pack). Page
  breaks are fixed: the cover, the summary, one page per section, the annex, so
  a pack has Pack.pages pages.
"""

import html
from collections.abc import Callable
from functools import cache
from pathlib import Path

import plotly.io as pio

from analytics.charts.style import RAG_COLOURS, RAG_TEXT_COLOURS
from analytics.packs.chromium import MARK_DRAWN, Chromium, Document
from analytics.packs.content import Pack, PackSection
from analytics.ratings import RAG_TEXT

A4_WIDTH_MM = 210
MARGIN_MM = (14, 14, 18)  # top, sides, bottom (the foot holds the page number)
# CSS pixels (96 to the inch) across the printed page inside its margins: charts are drawn at this width for print
PRINT_WIDTH = int((A4_WIDTH_MM - 2 * MARGIN_MM[1]) / 25.4 * 96)
# Charts are laid out for a screen at least this wide (at the print width plotly turns the year labels and they run
# into the axis title); in print each is drawn this wide and zoomed to the page, so its 13 px text prints at 8.4 pt
CHART_WIDTH = 800
PLOT_CONFIG = {"displaylogo": False, "responsive": True}
# npm's plotly.js-basic-dist-min at the version of plotly.js that plotly.py carries (a test checks they agree), with
# its MIT licence beside it
PLOTLY_JS = Path(__file__).with_name("vendor") / "plotly-basic.min.js"
BASIC_TRACES = frozenset({"scatter", "bar", "pie"})


@cache
def plotly_js() -> str:
    return PLOTLY_JS.read_text(encoding="utf-8")

CSS = f"""
@page {{ size: A4; margin: {MARGIN_MM[0]}mm {MARGIN_MM[1]}mm {MARGIN_MM[2]}mm; }}
""" + """
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
""" + "".join(f".rag-{k} {{ background: {c}; color: {RAG_TEXT_COLOURS[k]}; }}\n" for k, c in RAG_COLOURS.items()) + """
@media print { .modebar-container { display: none; } }  /* plotly's toolbar: for the screen only */
""" + f"@media print {{ .chart {{ zoom: {PRINT_WIDTH / CHART_WIDTH:.4f}; }} }}" + """
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


def _left_out(items: list[str]) -> str:
    """The council's own measures the paper leaves out, and why, so a paper never drops them without a word."""
    if not items:
        return ""
    return ('<div class="demo"><p><strong>Left out: the council\'s own figures for</strong></p><ul>'
            + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul></div>")


def _cover(pack: Pack) -> str:
    marking = "PUBLIC" if pack.public else f"OFFICIAL: for the {pack.meeting.title}, not for publication"
    contents = "".join(f"<li>{_e(s.title)}</li>" for s in pack.sections)
    return f"""<section class="page cover" id="cover">
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
{_left_out(pack.left_out)}
<h3>Contents</h3><ol><li>Summary</li>{contents}<li>Annex: rules and publications</li></ol>
</section>"""


def _summary(pack: Pack) -> str:
    return f"""<section class="page summary" id="summary">
<h2>Summary</h2>
<p>The latest figure for each measure in this paper, its comparators and its rating (the annex gives the
rating rules). Rank 1 is the best of all LAs with a figure.</p>
{_table(pack.summary_table(), rag_column="RAG")}
</section>"""


def _chart(section: PackSection) -> str:
    if section.figure is None:
        return '<div class="chart"><p class="empty">No chart: there are no figures for this period.</p></div>'
    other = {trace.type for trace in section.figure.data} - BASIC_TRACES
    if other:  # the basic bundle would leave the chart blank
        raise ValueError(f"{section.measure_id}: plotly.js's basic bundle cannot draw {sorted(other)} traces")
    height = section.figure.layout.height or 380
    div = pio.to_html(section.figure, full_html=False, include_plotlyjs=False, config=PLOT_CONFIG,
                      default_width="100%", default_height=f"{height}px", post_script=MARK_DRAWN)
    return f'<div class="chart">{div}</div>'


def _section(section: PackSection) -> str:
    commentary = "".join(f"<p>{_e(s)}</p>" for s in section.commentary)
    table = _table(section.table) if not section.table.empty else ""
    notes = "".join(f'<p class="note">{_e(n)}</p>' for n in section.notes)
    return f"""<section class="page measure" id="{_e(section.key)}">
<h2>{_e(section.title)}</h2>
<p class="definition">{_e(section.definition or 'No definition supplied.')}</p>
{_demo(section.demo)}
{_chart(section)}
<div class="commentary">{commentary}</div>
{table}{notes}
<p class="source">Source: {_e(section.source)}</p>
</section>"""


def _annex(pack: Pack) -> str:
    rules = "".join(f"<h3>{_e(h)}</h3>" + "".join(f"<p>{_e(p)}</p>" for p in paras) for h, paras in pack.rules)
    publications = "".join(f"<li>{_e(p.attribution)} {_e(p.url)}</li>" for p in pack.publications)
    return f"""<section class="page annex" id="annex">
<h2>Annex: rules and publications</h2>
{rules}
<h3>Publications</h3><ul>{publications}</ul>
</section>"""


def _page(title: str, body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{_e(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{CSS}</style><script>{plotly_js()}</script></head>
<body>{body}</body></html>"""


def pack_html(pack: Pack) -> str:
    """The pack as one HTML document, with plotly.js inline and each chart interactive."""
    return _page(pack.title, "".join([_cover(pack), _summary(pack), *(_section(s) for s in pack.sections),
                                      _annex(pack)]))


def browser(path: Path | None = None) -> Chromium:
    """A Chromium (not yet open) whose blank page is a pack's, laid out at the print width."""
    return Chromium(_page("", ""), PRINT_WIDTH, path)


def add_section(document: Document, section: PackSection) -> None:
    """Adds a section to a PDF being made, drawing its chart in the background while the next is built."""
    document.add(section.key, _section(section))


def print_pack(pack: Pack, document: Document, progress: Callable[[float, str], None] | None = None) -> bytes:
    """The pack printed from `document`, to which its sections may have been added already as they were built."""
    for section in pack.sections:
        if section.key not in document.added:
            add_section(document, section)
    for part, markup in [("cover", _cover(pack)), ("summary", _summary(pack)), ("annex", _annex(pack))]:
        document.add(part, markup)
    charts = sum(s.figure is not None for s in pack.sections)
    return document.pdf(["cover", "summary", *(s.key for s in pack.sections), "annex"], pack.title, pack.title,
                        charts, progress)


def pack_pdf(pack: Pack, chromium: Chromium | None = None,
             progress: Callable[[float, str], None] | None = None) -> bytes:
    """The pack, already built, as PDF bytes. Pass an open Chromium to print several packs with one browser."""
    if chromium is None:
        with browser() as opened:
            return pack_pdf(pack, opened, progress)
    with chromium.document() as document:
        return print_pack(pack, document, progress)
