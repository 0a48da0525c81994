"""One Chromium kept open and printing pack after pack, as the dashboard's server keeps one: documents one at a
time, nothing of one left in the next, and a browser that stops is said to have stopped, not used again."""

import re
import subprocess
import threading
from pathlib import Path

import pytest

from analytics.packs.render import browser, pack_pdf
from tests.packs.pack_fixtures import pack_for

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture()
def kept():
    if not CHROMIUM.exists():
        pytest.fail(f"Debian's Chromium is needed at {CHROMIUM} (apt-get install chromium); .ci/run installs it")
    with browser(CHROMIUM) as opened:
        yield opened


def info(pdf: bytes, path: Path) -> tuple[str, int]:
    path.write_bytes(pdf)
    text = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return re.search(r"^Title:\s+(.*)$", text, re.M)[1], int(re.search(r"^Pages:\s+(\d+)", text, re.M)[1])


def test_two_sessions_printing_at_once_each_get_their_own_pack(store, kept, tmp_path):
    packs = {"board": pack_for(store, "332", "workforce-board"), "scrutiny": pack_for(store, "420", "scrutiny")}
    printed = {}
    threads = [threading.Thread(target=lambda k=k, p=p: printed.__setitem__(k, pack_pdf(p, kept)))
               for k, p in packs.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)
    assert info(printed["board"], tmp_path / "a.pdf") == ("Workforce Board: Dudley, September 2025", 8)
    assert info(printed["scrutiny"], tmp_path / "b.pdf") == ("Scrutiny committee: Isles of Scilly, September 2025",
                                                             packs["scrutiny"].pages)
    assert kept.refused == []


def test_a_pack_that_fails_half_way_leaves_nothing_on_the_page_for_the_next(store, kept, tmp_path):
    pack = pack_for(store, "332", "workforce-board")
    with pytest.raises(ValueError, match="the build failed"), kept.document() as document:
        document.add("cover", '<section class="page" id="cover"><h1>Half a pack</h1></section>')
        raise ValueError("the build failed")
    assert info(pack_pdf(pack, kept), tmp_path / "pack.pdf")[1] == pack.pages == 8
    text = subprocess.run(["pdftotext", str(tmp_path / "pack.pdf"), "-"], capture_output=True, text=True).stdout
    assert "Half a pack" not in text


def test_a_part_without_the_id_it_was_added_under_is_refused_by_name(kept):
    with kept.document() as document:
        document.add("annex", '<section class="page">no id</section>')
        with pytest.raises(RuntimeError, match="the part 'annex' has no element with its id"):
            document.pdf(["annex"], "A paper", "A paper", 0)


def test_a_chromium_that_has_stopped_says_so_and_is_not_used_again(store, kept):
    pack = pack_for(store, "332", "workforce-board")
    assert pack_pdf(pack, kept).startswith(b"%PDF")
    assert kept.usable
    kept._browser.subprocess.kill()
    kept._browser.subprocess.wait(10)
    assert not kept.usable
    with pytest.raises(RuntimeError, match="Chromium has stopped; try again"):
        pack_pdf(pack, kept)
