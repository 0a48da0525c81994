"""Figures of the published figures: an LA over time against its comparators, among its neighbours or all LAs,
CP plan durations, and the workforce in post with starters and leavers."""

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analytics.charts.style import (
    DURATION_COLOURS,
    ENGLAND_COLOUR,
    LA_COLOUR,
    LEAVERS_COLOUR,
    NEIGHBOUR_COLOUR,
    OTHER_COLOUR,
    REGION_COLOUR,
    STARTERS_COLOUR,
    add_missing,
    flow_marker,
    labels_margin,
    layout,
    left_margin,
    legend_on_top,
    middle,
    turned_labels_margins,
    two_axes,
    wrap,
)
from analytics.formatting import format_value, measure_formatter, missing_text
from analytics.suppression import OUTSIDE_LIFETIME


def _add_trend(fig: go.Figure, table: pd.DataFrame, measure: pd.Series, names: dict[str, str],
               show: tuple[str, ...], average: str, row: int | None = None, col: int | None = None) -> None:
    """Draw one measure's LA line, comparator lines and missing-year columns (into a subplot if row/col)."""
    fmt, x = measure_formatter(measure), table.period.tolist()
    where = {"row": row, "col": col} if row else {}
    lines = [("england", "england_value", ENGLAND_COLOUR, names["england"], "dot"),
             ("region", "region_value", REGION_COLOUR, names["region"], "dash"),
             ("sn", f"sn_{average}", NEIGHBOUR_COLOUR, f"Statistical neighbours ({average})", "dashdot")]
    for key, column, colour, label, dash in lines:
        if key not in show:
            continue
        values = table[column].astype(float)
        extra = ([f" ({n} of {m} neighbours)" for n, m in zip(table.sn_count, table.sn_of)]
                 if key == "sn" else [""] * len(table))
        fig.add_trace(go.Scatter(
            x=x, y=values, name=label, legendgroup=key, mode="lines+markers",
            connectgaps=False, line=dict(color=colour, width=2, dash=dash), marker=dict(size=6, color=colour),
            hovertemplate="%{customdata}<extra></extra>",
            customdata=[f"{label}, {p}: {fmt(v)}{e}" for p, v, e in zip(x, values, extra)]), **where)
    la_values = table.la_value.astype(float)
    fig.add_trace(go.Scatter(
        x=x, y=la_values, name=names["la"], legendgroup="la", mode="lines+markers",
        connectgaps=False, line=dict(color=LA_COLOUR, width=3.5), marker=dict(size=8, color=LA_COLOUR),
        hovertemplate="%{customdata}<extra></extra>",
        customdata=[f"{names['la']}, {p}: {fmt(v)}" for p, v in zip(x, la_values)]), **where)
    missing = table[table.la_value.isna() & ~table.missing_reason.isin(list(OUTSIDE_LIFETIME))]
    plotted = table[["la_value", "sn_mean", "sn_median", "region_value", "england_value"]].astype(float)
    periods = missing.period.tolist()
    add_missing(fig, [x.index(p) - 0.4 for p in periods], [x.index(p) + 0.4 for p in periods], periods,
                 [f"{names['la']}, {p}: {missing_text(r)}" for p, r in zip(periods, missing.missing_reason)],
                 names["la"], where, middle(plotted))
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=x, **where)


def trend(table: pd.DataFrame, measure: pd.Series, names: dict[str, str], show: tuple[str, ...],
          average: str = "mean") -> go.Figure:
    """The LA's figure over time with its neighbours' average, region and England.

    `table` is a benchmark table (one row per year). Years with no LA figure are
    drawn as gaps, with a grey column whose hover gives the reason.
    `names`: display names for 'la', 'region', 'england'. `show`: comparators to draw.
    """
    fig = go.Figure()
    _add_trend(fig, table, measure, names, show, average)
    return left_margin(layout(fig, x_title=measure["year_type"] or "Year", y_title=measure["axis_title"],
                              source=measure["source"]))


def trend_grid(tables: dict[str, pd.DataFrame], measures: pd.DataFrame, names: dict[str, str],
               show: tuple[str, ...], average: str = "mean", columns: int = 2) -> go.Figure:
    """Small multiples: one trend panel per measure, sharing a legend; each panel keeps its own y-axis title."""
    ids = list(tables)
    rows = -(-len(ids) // columns)
    titles = [wrap(measures.at[i, "label"], 90 // columns) for i in ids]
    lines = max(t.count("<br>") for t in titles) + 1
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=[f"<b>{t}</b>" for t in titles],
                        vertical_spacing=(0.22 + 0.04 * lines) / rows + 0.05, horizontal_spacing=0.1)
    for n, measure_id in enumerate(ids):
        _add_trend(fig, tables[measure_id], measures.loc[measure_id], names, show, average, n // columns + 1,
                   n % columns + 1)
    sources = "; ".join(dict.fromkeys(measures.loc[ids, "source"]))
    year_types = " / ".join(dict.fromkeys(measures.loc[ids, "year_type"].fillna("Year")))
    fig = layout(fig, x_title="", y_title="", source=sources, height=300 * rows + 90 + 16 * lines)
    legend_on_top(fig, 70 + 16 * lines)
    for n, measure_id in enumerate(ids):
        fig.update_yaxes(title_text=measures.at[measure_id, "axis_title"], row=n // columns + 1,
                         col=n % columns + 1)
    fig.add_annotation(text=f"Periods: {year_types}", xref="paper", yref="paper", x=1, y=0, yshift=-62,
                       xanchor="right", yanchor="top", showarrow=False, font=dict(size=11, color="#505a5f"))
    return turned_labels_margins(fig)


def ranked_bars(rows: pd.DataFrame, measure: pd.Series, title: str, references: dict[str, tuple[float, str]],
                height: int | None = None) -> go.Figure:
    """Horizontal bars, best at the top: the LA highlighted among the areas in `rows`.

    `rows`: name, value, reason, role ('la' | 'neighbour' | 'region' | 'other'). Areas
    with no figure are listed at the bottom with their reason and no bar.
    `references`: label -> (value, colour), drawn as vertical lines named in the legend.
    """
    fmt = measure_formatter(measure)
    shown = rows[rows.value.notna()].sort_values("value", ascending=measure["polarity"] == "high")
    absent = rows[rows.value.isna()]
    order = absent.name.tolist()[::-1] + shown.name.tolist()
    colours = {"la": LA_COLOUR, "neighbour": NEIGHBOUR_COLOUR, "region": REGION_COLOUR, "other": OTHER_COLOUR}
    fig = go.Figure(go.Bar(
        x=shown.value, y=shown.name, orientation="h", marker_color=[colours[r] for r in shown.role],
        showlegend=False, hovertemplate="%{customdata}<extra></extra>",
        customdata=[f"{n}: {fmt(v)}" for n, v in zip(shown.name, shown.value)]))
    # each figure is written beside its area's name, where no reference line can cross it
    labels = {**{n: f"{n}: {missing_text(r)}" for n, r in zip(absent.name, absent.reason)},
              **{n: f"{n}  {fmt(v)}" for n, v in zip(shown.name, shown.value)}}
    peak = max([*shown.value.tolist(), *[v for v, _ in references.values() if v is not None and pd.notna(v)], 0])
    for label, (value, colour) in references.items():
        if value is None or pd.isna(value):
            continue
        fig.add_trace(go.Scatter(
            x=[value, value], y=[order[0], order[-1]], mode="lines", name=f"{label} {fmt(value)}",
            line=dict(color=colour, width=2, dash="dash"), hoverinfo="name"))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=order, tickvals=order,
                     ticktext=[labels[n] for n in order])
    fig = layout(fig, x_title=measure["axis_title"], y_title="", source=measure["source"],
                  height=height or max(320, 26 * len(rows) + 170), source_width=60)
    fig.update_xaxes(range=[0, peak * 1.2 if peak > 0 else 1])
    fig.update_yaxes(rangemode="normal", zeroline=False)
    fig.update_layout(title=dict(text=title, font=dict(size=14), x=0, xanchor="left"),
                      margin=dict(t=90, l=labels_margin(fig.layout.yaxis.ticktext)),
                      legend=dict(y=1.0, yanchor="bottom"))
    return fig


def all_la_bars(ranks: pd.DataFrame, measure: pd.Series, period: str, cuts: tuple) -> go.Figure:
    """Every LA's figure for a year, best on the left, with quartile cut-points.

    `ranks`: name, value, role ('la' | 'neighbour' | 'other').
    """
    fmt = measure_formatter(measure)
    ordered = ranks.sort_values("value", ascending=measure["polarity"] != "high")
    colours = {"la": LA_COLOUR, "neighbour": NEIGHBOUR_COLOUR, "region": REGION_COLOUR, "other": OTHER_COLOUR}
    fig = go.Figure()
    legend_names = {"la": ordered[ordered.role == "la"].name.tolist()[:1], "neighbour": ["Statistical neighbours"],
                    "region": ["Others in the region"], "other": ["Other LAs"]}
    for role in ("other", "region", "neighbour", "la"):
        part = ordered[ordered.role == role]
        if part.empty:
            continue
        fig.add_trace(go.Bar(
            x=part.name, y=part.value, name=(legend_names[role] or [role])[0], marker_color=colours[role],
            hovertemplate="%{customdata}<extra></extra>",
            customdata=[f"{n}, {period}: {fmt(v)}" for n, v in zip(part.name, part.value)]))
    for label, value in zip(("Lower quartile", "Median", "Upper quartile"), cuts):
        if value is None or pd.isna(value):
            continue
        fig.add_hline(y=value, line=dict(color="#505a5f", width=1, dash="dot"),
                      annotation=dict(text=f"{label} {fmt(value)}", font=dict(size=11, color="#505a5f")),
                      annotation_position="top left")
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=ordered.name.tolist(),
                     showticklabels=False)
    fig.update_layout(barmode="overlay", bargap=0.1)
    best = "lowest" if measure["polarity"] == "low" else "highest" if measure["polarity"] == "high" else "lowest"
    return layout(fig, x_title=f"Local authorities, {period}, {best} on the left", y_title=measure["axis_title"],
                   source=measure["source"], height=420)


def stacked_shares(panels: dict[str, pd.DataFrame], bands: list[str], source: str, y_title: str,
                   x_title: str) -> go.Figure:
    """Side-by-side stacked bars of shares over time, one panel per area (e.g. CP plan durations).

    Each panel: period plus one column per band (percentages); missing shares are
    left out of the stack and named in the hover.
    """
    fig = make_subplots(rows=1, cols=len(panels), shared_yaxes=True, subplot_titles=list(panels),
                        horizontal_spacing=0.03)
    for col, (title, frame) in enumerate(panels.items(), start=1):
        for band, colour in zip(bands, DURATION_COLOURS):
            fig.add_trace(go.Bar(
                x=frame.period, y=frame[band], name=band, marker=dict(color=colour, line=dict(color="white",
                                                                                             width=0.5)),
                legendgroup=band, hovertemplate="%{customdata}<extra></extra>",
                customdata=[f"{title}, {p}: {band} {format_value(v, 'percent', 1)}"
                            for p, v in zip(frame.period, frame[band])]), row=1, col=col)
        fig.update_xaxes(type="category", tickangle=-45, row=1, col=col)
    fig.update_layout(barmode="stack")
    fig = layout(fig, x_title="", y_title=y_title, source=source, height=470)
    fig.update_xaxes(title_text="")
    # one y-axis title, on the first panel: repeated ones would cross the next panel's bars
    fig.update_yaxes(title_text="")
    fig.update_yaxes(title_text=y_title, row=1, col=1)
    legend_on_top(fig, 80)
    # one x-axis title for the panels, under their turned year labels, and the source under that
    fig.layout.annotations[-1].yshift = -100
    fig.update_layout(margin=dict(b=fig.layout.margin.b + 40))
    fig.add_annotation(text=x_title, xref="paper", yref="paper", x=0.5, y=0, yshift=-70, yanchor="top",
                       showarrow=False, font=dict(size=13))
    return fig


def flows(tables: dict[str, pd.DataFrame], measures: pd.DataFrame, la_name: str) -> go.Figure:
    """The LA's starters and leavers (bars, left axis) and social workers in post (line, right axis), in FTE:
    each kind of quantity on an axis of its own scale, so a year's few starters are not flattened by the staff.

    `tables`: benchmark tables for sw_fte, sw_starters_fte and sw_leavers_fte.
    """
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    for measure_id, colour in (("sw_starters_fte", STARTERS_COLOUR), ("sw_leavers_fte", LEAVERS_COLOUR)):
        table, measure = tables[measure_id], measures.loc[measure_id]
        fig.add_trace(go.Bar(x=table.period, y=table.la_value, name=measure["label"],
                             marker=flow_marker(measure_id == "sw_leavers_fte", colour),
                             hovertemplate="%{x}: %{y:,.1f} FTE<extra>" + measure["label"] + "</extra>"))
    posts = tables["sw_fte"]
    fig.add_trace(go.Scatter(x=posts.period, y=posts.la_value, name=f"{measures.at['sw_fte', 'label']} (right axis)",
                             mode="lines+markers", line=dict(color=LA_COLOUR, width=3), connectgaps=False,
                             hovertemplate="%{x}: %{y:,.1f} FTE<extra>In post</extra>"), secondary_y=True)
    fig.update_xaxes(type="category")
    fig.update_layout(barmode="group")
    fig = layout(fig, x_title=measures.at["sw_fte", "year_type"], y_title="", source=measures.at["sw_fte", "source"])
    return two_axes(fig, f"{la_name}: starters and leavers (FTE)", f"{la_name}: in post (FTE)")
