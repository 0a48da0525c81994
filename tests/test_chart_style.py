"""Colours keep one meaning each (charts/style.py is their one home), and each kind of quantity has an axis of its
own scale."""

from datetime import date

import pandas as pd

from analytics import charts
from analytics.charts import style
from analytics.packs.render import CSS

COMPARATORS = {style.LA_COLOUR, style.NEIGHBOUR_COLOUR, style.REGION_COLOUR, style.ENGLAND_COLOUR}


def test_each_colour_means_one_thing():
    rag = set(style.RAG_COLOURS.values())
    assert not set(style.DURATION_COLOURS) & (COMPARATORS | rag)
    spc = {colour for _, colour, _ in style.SPC_STYLE.values()}
    assert not spc & {style.STARTERS_COLOUR, style.LEAVERS_COLOUR}
    assert not {style.STARTERS_COLOUR, style.LEAVERS_COLOUR} & (COMPARATORS | rag)


def test_the_packs_rag_cells_take_their_colours_from_the_charts_style():
    for status, colour in style.RAG_COLOURS.items():
        assert f".rag-{status} {{ background: {colour}; color: {style.RAG_TEXT_COLOURS[status]}; }}" in CSS


def test_starters_and_leavers_are_on_an_axis_of_their_own_not_the_staffs():
    flows = pd.DataFrame({"month": [date(2023, 11, 1), date(2023, 12, 1)], "starters_fte": [2.0, 5.0],
                          "leavers_fte": [3.0, 4.0], "permanent_fte": [151.0, 149.9]})
    fig = charts.monthly_flows(flows, "Dudley", "test")
    axes = {t.name: t.yaxis or "y" for t in fig.data}  # a trace on the first axis may leave it unset
    assert axes["Starters (FTE)"] == axes["Leavers (FTE)"] == "y"
    assert axes["Permanent social workers in post (FTE, right axis)"] == "y2"
    assert fig.layout.yaxis2.title.text == "Dudley: permanent in post (FTE)"
    leavers = next(t for t in fig.data if t.name == "Leavers (FTE)")
    assert leavers.marker.pattern.shape == "/"  # hatched too, so it differs in print
