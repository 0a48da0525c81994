"""Multi-panel figures legible at a laptop's width (1440 x 900): in every Plotly chart of the Practice page's
views and the Workforce Board, no title, legend, panel title, annotation or axis title overlaps another, and the
legend stays clear of Plotly's toolbar."""

from urllib.parse import quote

import pytest

from tests.browser.conftest import ARTEFACTS, wait_until_ready

pytestmark = pytest.mark.browser

# every text block Plotly draws, with what it is, for the report
OVERLAPS = """() => {
  const boxes = (plot) => {
    const found = [];
    const add = (el, what) => { const r = el.getBoundingClientRect();
                                if (r.width > 1 && r.height > 1) found.push({what, r}); };
    plot.querySelectorAll('g.legend').forEach(el => add(el, 'legend'));
    plot.querySelectorAll('g.annotation').forEach(el => add(el, 'annotation: ' + el.textContent.slice(0, 40)));
    plot.querySelectorAll('g[class^="g-"][class$="title"]').forEach(
        el => add(el, el.getAttribute('class') + ': ' + el.textContent.slice(0, 40)));
    return found;
  };
  const meet = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const clashes = [];
  document.querySelectorAll('.js-plotly-plot').forEach((plot, n) => {
    const found = boxes(plot);
    for (let i = 0; i < found.length; i++)
      for (let j = i + 1; j < found.length; j++)
        if (meet(found[i].r, found[j].r)) clashes.push(`chart ${n}: ${found[i].what} / ${found[j].what}`);
    const legend = plot.querySelector('g.legend'), bar = plot.querySelector('.modebar');
    if (legend && bar && meet(legend.getBoundingClientRect(), bar.getBoundingClientRect()))
      clashes.push(`chart ${n}: legend / toolbar`);
  });
  return clashes;
}"""

VIEWS = {
    "practice_nine_months": "practice?la=332&practice_view=" + quote("9 months or longer: the council's own count"),
    "practice_durations": "practice?la=332&practice_view=" + quote("How long plans had lasted at 31 March"),
    "workforce_board": "workforce_board?la=332",
}


@pytest.mark.parametrize("name", VIEWS)
def test_titles_legends_and_axis_titles_never_overlap(server, laptop, name):
    laptop.goto(f"{server}/{VIEWS[name]}")
    wait_until_ready(laptop, 2)
    laptop.screenshot(path=ARTEFACTS / f"legible_{name}.png", full_page=True)
    assert laptop.evaluate(OVERLAPS) == []
