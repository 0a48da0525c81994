"""Packs written out: PDFs with one page per part, every page rendered by pdftoppm, and offline HTML."""

import re
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from plotly.offline import get_plotlyjs

from analytics import services
from analytics.access import command_line_user
from analytics.packs.meetings import MEETINGS, PackRequest
from analytics.packs.render import PLOTLY_JS, browser, pack_html, pack_pdf
from tests.packs.pack_fixtures import new_pack, pack_for

CHROMIUM = Path("/usr/bin/chromium")
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        pytest.fail(f"Debian's Chromium is needed at {CHROMIUM} (apt-get install chromium); .ci/run installs it")
    with browser(CHROMIUM) as opened:
        yield opened


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Page size:.*\(A4\)", info, re.M), info
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])


def lines(path: Path, page: int) -> dict[str, float]:
    """Each line of text printed on a page (1 = the first), with the height in points of its box (about 1.1 times
    its font size). Each entry of a Plotly legend is a line of its own."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    found = {}
    for line in ET.fromstring(xml).iter(f"{XHTML}line"):
        text = " ".join(w.text for w in line.iter(f"{XHTML}word"))
        found[text] = min(found.get(text, 99.0), float(line.get("yMax")) - float(line.get("yMin")))
    return found


def legend_entries(figure) -> list[str]:
    return [t.name for t in figure.data if t.name and t.showlegend is not False]


@pytest.mark.parametrize("la", ["332", "420"])  # Dudley; Isles of Scilly, heavily suppressed
@pytest.mark.parametrize("meeting", list(MEETINGS))
def test_pdf_has_a_page_per_part_and_every_page_renders(store, chromium, tmp_path, meeting, la):
    pack = pack_for(store, la, meeting)
    path = tmp_path / "pack.pdf"
    steps = []
    path.write_bytes(pack_pdf(pack, chromium, progress=lambda done, text: steps.append((done, text))))
    charts = sum(s.figure is not None for s in pack.sections)
    assert [text for _, text in steps] == [f"Drawing {charts} charts", "Printing the PDF"]
    assert [done for done, _ in steps] == sorted(done for done, _ in steps) and steps[-1][0] < 1
    # cover, summary, one page per measure, annex
    assert pdf_pages(path) == pack.pages == len(pack.sections) + 3
    rendered = subprocess.run(["pdftoppm", "-r", "20", "-png", str(path), str(tmp_path / "page")],
                              capture_output=True, text=True)
    assert rendered.returncode == 0 and rendered.stderr == ""
    assert len(list(tmp_path.glob("page-*.png"))) == pack.pages
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    pages = text.split("\f")
    assert pack.meeting.title in pages[0] and "Summary" in pages[1] and "Annex" in pages[pack.pages - 1]
    for number, (page, section) in enumerate(zip(pages[2:], pack.sections), start=3):
        assert section.title.split(" (")[0] in page
        if section.figure is None:
            continue
        # plotly.js drew the chart before the page was printed: its axis title and legend are on the page, and the
        # legend prints at 8 pt or more
        assert section.figure.layout.yaxis.title.text in " ".join(page.split())
        printed = lines(path, number)
        for entry in legend_entries(section.figure):
            assert printed.get(entry, 0) >= 9, (section.title, entry, printed.get(entry))
    # the pack's charts asked for nothing from the network
    assert chromium.refused == []


def test_public_pdf_with_local_figures_prints_suppressed_cells(store, chromium, tmp_path):
    pack = pack_for(store, "332", "scrutiny", local=True)
    path = tmp_path / "scrutiny.pdf"
    path.write_bytes(pack_pdf(pack, chromium))
    assert pdf_pages(path) == pack.pages == 11
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    assert "Other teams (combined)" in text and "PUBLIC" in text
    assert "Protecting individuals in this public paper" in text


def test_html_pack_is_self_contained_with_one_interactive_chart_per_section(store):
    pack = pack_for(store, "332", "advisor-checkin", local=True)
    page = pack_html(pack)
    assert page.count("<script>") == 1 + len(pack.sections) and page.count("Plotly.newPlot(") == len(pack.sections)
    # plotly.js's basic bundle is inline once; outside it (its own code mentions map tile servers it never loads
    # here) nothing refers to the network
    bundle = PLOTLY_JS.read_text()
    assert page.count(bundle) == 1 and get_plotlyjs() not in page
    document = page.replace(bundle, "")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", document)
    assert "<link" not in document
    # a team name from the council's own data is text, never markup
    assert "=HYPERLINK(&quot;x&quot;)" in page and '=HYPERLINK("x")' not in page


def test_the_packs_plotly_js_is_the_version_plotly_py_writes_figures_for():
    def version(bundle: str) -> str:
        return re.search(r"plotly\.js (\(basic - minified\) )?v(\d+\.\d+\.\d+)", bundle[:200])[2]

    assert version(PLOTLY_JS.read_text()) == version(get_plotlyjs())
    assert "MIT License" in (PLOTLY_JS.parent / "plotly-basic.LICENSE").read_text()


def test_a_chart_the_basic_bundle_cannot_draw_is_refused_not_left_blank(store):
    pack = new_pack(store, "332", "workforce-board", date(2025, 9, 1), False, False)  # not the shared one: changed
    section = next(s for s in pack.sections if s.figure is not None)
    section.figure.add_heatmap(z=[[1, 2], [3, 4]])
    with pytest.raises(ValueError, match=f"{section.measure_id}: .*cannot draw \\['heatmap'\\] traces"):
        pack_html(pack)


def test_a_pack_is_made_only_as_pdf_or_html(store, local):
    request = PackRequest("332", "workforce-board", date(2025, 9, 1))
    with pytest.raises(ValueError, match="as pdf or html, not 'docx'"):
        services.make_pack(services.Published.open(store), local, command_line_user(), request, "docx")
