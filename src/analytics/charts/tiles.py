"""The Overview tiles' small charts (Vega-Lite), in the comparators' colours."""

import json

import pandas as pd

from analytics.charts.style import ENGLAND_COLOUR, LA_COLOUR, NEIGHBOUR_COLOUR, REGION_COLOUR
from analytics.formatting import measure_formatter

COMPARATOR_COLUMNS = {"sn": ("sn_{average}", "Neighbours ({average})", NEIGHBOUR_COLOUR),
                      "region": ("region_value", "{region}", REGION_COLOUR),
                      "england": ("england_value", "England", ENGLAND_COLOUR)}


def tile_spec(table: pd.DataFrame, measure: pd.Series, comparators: tuple[str, ...], average: str,
              area_names: dict[str, str]) -> dict | None:
    """A tile's small chart: the LA against the first comparator chosen, over the years in view, with the first
    and last years on its axis, as a Vega-Lite spec (drawn by the browser: ten Plotly figures would slow the page;
    the spec is built once, as Altair checks it against the schema); its tooltip writes each figure as the
    measure's other views do (`measure`: its catalogue row). None when the LA has no figure."""
    import altair as alt  # Streamlit's own charting library

    shown = table.dropna(subset=["la_value"])
    if shown.empty:
        return None
    key = next((c for c in COMPARATOR_COLUMNS if c in comparators), "england")
    column, label, colour = COMPARATOR_COLUMNS[key]
    label = label.format(average=average, region=area_names["region"])
    data = pd.concat([pd.DataFrame({"year": table.year, "period": table.period, "value": table.la_value,
                                    "area": area_names["la"]}),
                      pd.DataFrame({"year": table.year, "period": table.period,
                                    "value": table[column.format(average=average)], "area": label})]
                     ).dropna(subset=["value"])
    data["figure"] = data.value.map(measure_formatter(measure))
    first, last = int(shown.year.min()), int(shown.year.max())
    # the first and last years written as every other view writes those periods (periods.period_label)
    labels = dict(zip(table.year.astype(int), table.period))
    years_text = f"datum.value == {first} ? {json.dumps(labels[first])} : {json.dumps(labels[last])}"
    chart = alt.Chart(data).mark_line(point=alt.OverlayMarkDef(size=12)).encode(
        x=alt.X("year:Q", title=None, scale=alt.Scale(domain=[first, last]),
                axis=alt.Axis(values=[first, last], labelExpr=years_text, labelFontSize=10, grid=False,
                              labelOverlap=False)),
        y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False), axis=alt.Axis(labelFontSize=10, tickCount=3)),
        color=alt.Color("area:N", scale=alt.Scale(domain=[area_names["la"], label], range=[LA_COLOUR, colour]),
                        legend=alt.Legend(orient="top", title=None, labelFontSize=10)),
        strokeDash=alt.condition(alt.datum.area == label, alt.value([4, 2]), alt.value([1, 0])),
        tooltip=["area", alt.Tooltip("period:N", title="period"), alt.Tooltip("figure:N", title="figure")],
    ).properties(height=150)  # the whole chart, legend and axis labels included: a plot of about 90 px
    return chart.to_dict()
