"""Colours keep one meaning each (charts/style.py is their one home), and each kind of quantity has an axis of its
own scale."""

from datetime import date

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

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


def titled(values: list[float], y_title: str = "Rate (%)"):
    fig = go.Figure(go.Scatter(x=list(range(len(values))), y=values))
    return style.layout(fig, x_title="Year", y_title=y_title, source="test")


def test_a_figure_starts_at_the_left_margin_its_tick_labels_digits_give():
    # largest value 48: ticks reach a 2-digit label (40), which automargin gives 52 px in Chromium
    assert style.left_margin(titled([3.0, 48.0])).layout.margin.l == 52
    assert style.left_margin(titled([0.0, 9.7])).layout.margin.l == 44  # 1 digit: "10" may follow, never less
    assert style.left_margin(titled([0.0, 250.0])).layout.margin.l == 59


def test_the_left_margin_is_left_to_automargin_when_the_labels_could_be_narrower():
    base = titled([1.0]).layout.margin.l  # the layout's own 10 px
    for fig in (titled([0.2, 0.9]), titled([-5.0, 20.0]), titled([0.0, 1500.0]), titled([3.0, 48.0], y_title="")):
        assert style.left_margin(fig).layout.margin.l == base


def test_only_the_left_hand_panels_set_the_left_margin():
    fig = make_subplots(rows=1, cols=2)
    fig.add_trace(go.Scatter(x=[0, 1], y=[2.0, 15.0]), row=1, col=1)
    fig.add_trace(go.Scatter(x=[0, 1], y=[2.0, 250.0]), row=1, col=2)  # right-hand panel: its labels are inside
    fig = style.layout(fig, x_title="", y_title="Rate (%)", source="test")
    assert style.left_margin(fig).layout.margin.l == 52


def test_a_grid_of_trends_starts_at_the_margins_its_turned_period_labels_need():
    fig = make_subplots(rows=1, cols=2)
    fig.add_trace(go.Scatter(x=["2023", "2024"], y=[2.0, 15.0]), row=1, col=1)
    fig = style.layout(fig, x_title="", y_title="Rate (%)", source="test")
    fig = style.turned_labels_margins(fig)
    assert (fig.layout.margin.l, fig.layout.margin.r) == (54, 45)  # 52 for 2-digit labels, 2 more when turned


def test_text_is_as_wide_as_arials_advance_widths_at_the_figures_font_size():
    # D 722 + u 556 + d 556 + l 222 + e 556 + y 500 thousandths, at 13 px
    assert round(style.text_width("Dudley"), 3) == 40.456
    # SVG draws the two spaces as one: 3112 + space 278 + "7" 556 + "%" 889 = 4835 -> 62.855 px
    assert round(style.text_width("Dudley  7%"), 3) == 62.855


def test_an_untitled_axis_of_labels_starts_at_the_widest_label_and_plotlys_padding():
    assert style.labels_margin(["Dudley", "Dudley  7%"]) == 103  # 62.855 + 41, rounded down


def test_a_tiles_tooltip_writes_each_figure_as_the_measures_other_views_do():
    table = pd.DataFrame({"year": [2024, 2025], "period": ["2023-24", "2024-25"], "la_value": [1181.0, 1204.0],
                          "england_value": [403.0, None]})
    names = {"la": "Dudley", "region": "West Midlands"}
    spec = charts.tile_spec(table, pd.Series({"unit": "count", "decimals": 0}), ("england",), "mean", names)
    rows = next(iter(spec["datasets"].values()))
    assert [r["figure"] for r in rows] == ["1,181", "1,204", "403"]  # a count shows its own decimals only
    assert {"field": "figure", "type": "nominal", "title": "figure"} in spec["encoding"]["tooltip"]
    percent = charts.tile_spec(table.assign(la_value=[34.9, 31.25]), pd.Series({"unit": "percent", "decimals": 1}),
                               ("england",), "mean", names)
    assert [r["figure"] for r in next(iter(percent["datasets"].values()))][:2] == ["34.9%", "31.2%"]


def test_a_shared_legend_names_each_line_once_even_when_only_a_later_panel_draws_it():
    fig = make_subplots(rows=1, cols=2)
    for col in (1, 2):
        fig.add_trace(go.Scatter(x=[0, 1], y=[1, 2], name="Dudley", legendgroup="la"), row=1, col=col)
        fig.add_trace(go.Scatter(x=[0, 1], y=[3, 3], name="Process limits", legendgroup="limits"), row=1, col=col)
        fig.add_trace(go.Scatter(x=[0, 1], y=[0, 0], name="Process limits", legendgroup="limits"), row=1, col=col)
    fig.add_trace(go.Scatter(x=[0, 1], y=[2, 2], name="Target trajectory", legendgroup="target"), row=1, col=2)
    fig.add_trace(go.Bar(x=[0], y=[1], name="bars", showlegend=False), row=1, col=2)  # unnamed on purpose
    style.legend_on_top(fig, 70)
    assert [t.name for t in fig.data if t.showlegend] == ["Dudley", "Process limits", "Target trajectory"]
