"""Charts legible at a laptop's width (1440 x 900): in every Plotly chart of the multi-panel views (the Workforce
and Practice pages' small multiples, the Practice page's views, the Workforce Board) and of the Workforce page's
two-axis chart, no title, legend, panel title, annotation, axis title or tick label overlaps another, and the
legend stays clear of Plotly's toolbar. Tick labels of one axis are Plotly's own to space (turned labels' boxes
overlap while their letters do not), so only they are not checked against each other."""

from urllib.parse import quote

import pytest

from tests.browser.conftest import ARTEFACTS, wait_until_ready

pytestmark = pytest.mark.browser

# every text block Plotly draws, with what it is, for the report
OVERLAPS = """() => {
  const boxes = (plot) => {
    const found = [], axes = new Map();
    const add = (el, what, axis) => { const r = el.getBoundingClientRect();
                                      if (r.width > 1 && r.height > 1) found.push({what, r, axis}); };
    plot.querySelectorAll('g.legend').forEach(el => add(el, 'legend'));
    plot.querySelectorAll('g.annotation').forEach(el => add(el, 'annotation: ' + el.textContent.slice(0, 40)));
    plot.querySelectorAll('g[class^="g-"][class$="title"]').forEach(
        el => add(el, el.getAttribute('class') + ': ' + el.textContent.slice(0, 40)));
    plot.querySelectorAll('g.xtick > text, g.ytick > text').forEach(el => {
      const layer = el.parentNode.parentNode;  // one axis's tick labels share a layer
      if (!axes.has(layer)) axes.set(layer, axes.size + 1);
      add(el, el.parentNode.getAttribute('class') + ' label: ' + el.textContent.slice(0, 30), axes.get(layer));
    });
    return found;
  };
  const meet = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const clashes = [];
  let ticks = 0;
  document.querySelectorAll('.js-plotly-plot').forEach((plot, n) => {
    const found = boxes(plot);
    ticks += found.filter(f => f.axis).length;
    for (let i = 0; i < found.length; i++)
      for (let j = i + 1; j < found.length; j++)
        if ((!found[i].axis || found[i].axis !== found[j].axis) && meet(found[i].r, found[j].r))
          clashes.push(`chart ${n}: ${found[i].what} / ${found[j].what}`);
    const legend = plot.querySelector('g.legend'), bar = plot.querySelector('.modebar');
    if (legend && bar && meet(legend.getBoundingClientRect(), bar.getBoundingClientRect()))
      clashes.push(`chart ${n}: legend / toolbar`);
  });
  return {clashes, ticks};
}"""

VIEWS = {
    "workforce": "workforce?la=332",
    "workforce_context": "workforce?la=332&workforce_view=" + quote("Social workers in post, starters and leavers"),
    "practice_nine_months": "practice?la=332&practice_view=" + quote("9 months or longer: the council's own count"),
    "practice_durations": "practice?la=332&practice_view=" + quote("How long plans had lasted at 31 March"),
    "workforce_board": "workforce_board?la=332",
    "explorer": "explorer?la=332",
    "improvement_plan": "improvement_plan?la=332",
    "workforce_isles_of_scilly": "workforce?la=420",
}


@pytest.mark.parametrize("name", VIEWS)
def test_titles_legends_axis_titles_and_tick_labels_never_overlap(server, laptop, name):
    laptop.goto(f"{server}/{VIEWS[name]}")
    wait_until_ready(laptop, 1 if name == "improvement_plan" else 2)
    laptop.screenshot(path=ARTEFACTS / f"legible_{name}.png", full_page=True)
    found = laptop.evaluate(OVERLAPS)
    assert found["ticks"] > 10  # the tick labels were found and checked
    assert found["clashes"] == []
