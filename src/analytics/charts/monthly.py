"""Figures of the council's own monthly figures: XmR charts beside the published annual points, a measure against
its target trajectory with each month's RAG, and starters and leavers."""

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analytics.charts.style import (
    ENGLAND_COLOUR,
    LA_COLOUR,
    LEAVERS_COLOUR,
    LIMIT_COLOUR,
    NEIGHBOUR_COLOUR,
    RAG_COLOURS,
    REGION_COLOUR,
    SPC_STYLE,
    STARTERS_COLOUR,
    SYNTHETIC_DASH,
    TEXT_COLOUR,
    add_missing,
    flow_marker,
    layout,
    left_margin,
    legend_on_top,
    middle,
    two_axes,
    wrap,
)
from analytics.formatting import measure_formatter, missing_text
from analytics.suppression import CODES


def month_axis(fig: go.Figure, months, **where) -> None:
    """A date axis labelled by month; over a year or less a tick every month, since Plotly would otherwise put
    ticks between months and print the same month twice."""
    stamps = [pd.Timestamp(m) for m in months]
    short = bool(stamps) and (max(stamps).year - min(stamps).year) * 12 + max(stamps).month - min(stamps).month <= 12
    fig.update_xaxes(type="date", tickformat="%b %Y", **({"dtick": "M1"} if short else {}), **where)


def spc_panel(fig: go.Figure, view, measure: pd.Series, la_name: str, published: pd.DataFrame | None,
              row: int | None = None, col: int | None = None, synthetic: bool = False) -> None:
    """An XmR chart of one monthly series (a local_views.SeriesChart), with published annual points beside it;
    a `synthetic` demo series is drawn dotted and named so."""
    where = {"row": row, "col": col} if row else {}
    fmt = measure_formatter(measure)
    months = [pd.Timestamp(m) for m in view.months]
    name = f"{la_name}, monthly{' (SYNTHETIC demo)' if synthetic else ''}"
    fig.add_trace(go.Scatter(
        x=months, y=view.values, name=name, mode="lines+markers", legendgroup="monthly",
        line=dict(color=LA_COLOUR, width=2, dash=SYNTHETIC_DASH if synthetic else "solid"),
        marker=dict(size=6, color=LA_COLOUR),
        hovertemplate="%{customdata}<extra></extra>",
        customdata=[f"{la_name}, {m:%b %Y}: {fmt(v)}" for m, v in zip(months, view.values)]), **where)
    chart = view.chart
    if chart is not None:
        for name, y, dash in ((f"Mean of {chart.n} months", chart.mean, "solid"),
                              ("Process limits", chart.upl, "dash"), ("Process limits", chart.lpl, "dash")):
            fig.add_trace(go.Scatter(
                x=[months[0], months[-1]], y=[y, y], mode="lines", name=name, legendgroup=name,
                line=dict(color=LIMIT_COLOUR, width=1, dash=dash),
                hovertemplate=f"{name}: {fmt(y)}<extra></extra>"), **where)
        for point_type, (label, colour, symbol) in SPC_STYLE.items():
            hit = chart.points.point_type.to_numpy() == point_type
            if hit.any():
                fig.add_trace(go.Scatter(
                    x=[m for m, h in zip(months, hit) if h], y=chart.points.y[hit], mode="markers", name=label,
                    legendgroup=label, marker=dict(size=9, color=colour, symbol=symbol),
                    hovertemplate=f"{label}: %{{y}}<extra></extra>"), **where)
    if len(view.targets):
        target_months = [pd.Timestamp(m) for m in view.targets.month]
        fig.add_trace(go.Scatter(
            x=target_months, y=view.targets.target, mode="lines+markers",
            name="Target trajectory", legendgroup="target",
            line=dict(color=TEXT_COLOUR, width=1.5, dash="dot"), marker=dict(size=4, color=TEXT_COLOUR),
            hovertemplate="%{customdata}<extra></extra>",
            customdata=[f"Target, {m:%b %Y}: {fmt(t)}" for m, t in zip(target_months, view.targets.target)]),
            **where)
    if len(view.gaps):
        # a month without a figure is a grey column with its reason, as a year is on the published charts
        gap_months = [pd.Timestamp(m) for m in view.gaps.month]
        add_missing(fig, [m - pd.Timedelta(days=13) for m in gap_months],
                     [m + pd.Timedelta(days=13) for m in gap_months], gap_months,
                     [f"{la_name}, {m:%b %Y}: {missing_text(r) if r in CODES else r}"
                      for m, r in zip(gap_months, view.gaps.reason)],
                     la_name, where, middle(pd.Series(view.values, dtype=float)))
    if published is not None and len(published):
        for column, label, colour in (("la", f"{la_name}, published", LA_COLOUR),
                                      ("sn", "Statistical neighbours, published", NEIGHBOUR_COLOUR),
                                      ("region", "Region, published", REGION_COLOUR),
                                      ("england", "England, published", ENGLAND_COLOUR)):
            fig.add_trace(go.Scatter(
                x=[pd.Timestamp(m) for m in published.month], y=published[column], mode="markers", name=label,
                legendgroup=label,
                marker=dict(size=11, color="white" if column == "la" else colour, symbol="diamond",
                            line=dict(color=colour, width=2)),
                hovertemplate="%{customdata}<extra></extra>",
                customdata=[f"{label} {p}: {fmt(v)}" for p, v in zip(published.period, published[column])]),
                **where)
    month_axis(fig, [*months, *view.targets.month, *view.gaps.month], **where)


def spc_grid(views: list, measures: pd.DataFrame, la_name: str, published: dict[str, pd.DataFrame],
             source: str, columns: int = 2, synthetic: bool = False) -> go.Figure:
    """Small multiples of XmR charts (local_views.SeriesChart), one per measure, sharing a legend at the top.

    Panel titles are wrapped to the panel's width (Plotly does not wrap them), so neighbouring titles never meet.
    """
    rows = -(-len(views) // columns)
    width = 90 // columns  # characters of a bold 13 px title a panel holds at a laptop's width
    titles = [wrap(measures.at[v.measure_id, "label"], width) for v in views]
    lines = max(t.count("<br>") for t in titles) + 1
    fig = make_subplots(rows=rows, cols=columns, vertical_spacing=(0.22 + 0.05 * lines) / rows + 0.05,
                        horizontal_spacing=0.1,
                        subplot_titles=[f"<b>{t}</b><br><span style='font-size:11px'>{v.variation_text}</span>"
                                        for t, v in zip(titles, views)])
    for n, view in enumerate(views):
        spc_panel(fig, view, measures.loc[view.measure_id], la_name, published.get(view.measure_id),
                  n // columns + 1, n % columns + 1, synthetic=synthetic)
    fig = layout(fig, x_title="", y_title="", source=source, height=330 * rows + 110 + 16 * lines)
    legend_on_top(fig, 130 + 16 * lines)
    for n, view in enumerate(views):
        fig.update_yaxes(title_text=measures.at[view.measure_id, "axis_title"], row=n // columns + 1,
                         col=n % columns + 1)
    return left_margin(fig)


def trajectory(view, measure: pd.Series, la_name: str, forecast_month=None, source: str = "",
               synthetic: bool = False) -> go.Figure:
    """A measure's monthly figures against its target trajectory, each month marked by its RAG rating."""
    fig = go.Figure()
    spc_panel(fig, view, measure, la_name, None, synthetic=synthetic)
    fmt = measure_formatter(measure)
    rated = view.rated.dropna(subset=["rag"])
    for status, colour in RAG_COLOURS.items():
        part = rated[rated.rag == status]
        if len(part):
            fig.add_trace(go.Scatter(
                x=[pd.Timestamp(m) for m in part.month], y=part.value, mode="markers", name=status.capitalize(),
                marker=dict(size=14, color=colour, line=dict(color="white", width=1)),
                hovertemplate="%{customdata}<extra></extra>",
                customdata=[f"{status.capitalize()}, {pd.Timestamp(m):%b %Y}: {fmt(v)} against a target of {fmt(t)}"
                            for m, v, t in zip(part.month, part.value, part.target)]))
    if forecast_month is not None:
        fig.add_vline(x=pd.Timestamp(forecast_month).timestamp() * 1000, line=dict(color=TEXT_COLOUR, dash="dash"),
                      annotation=dict(text=f"Forecast to meet target: {pd.Timestamp(forecast_month):%b %Y}",
                                      font=dict(size=11)))
    fig = layout(fig, x_title="Month", y_title=measure["axis_title"], source=source, height=440)
    # its legend (the figures, mean, limits, target and each RAG colour) runs to two lines at a laptop's width:
    # held under the toolbar, above the plot
    return left_margin(legend_on_top(fig, 70))


def monthly_flows(frame: pd.DataFrame, la_name: str, source: str) -> go.Figure:
    """Starters and leavers each month (bars, left axis) with permanent FTE in post (line, right axis), for the
    whole service: a month's few starters on a scale of their own, not the staff's."""
    months = [pd.Timestamp(m) for m in frame.month]
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(go.Bar(x=months, y=frame.starters_fte, name="Starters (FTE)",
                         marker=flow_marker(False, STARTERS_COLOUR)))
    fig.add_trace(go.Bar(x=months, y=frame.leavers_fte, name="Leavers (FTE)", marker=flow_marker(True, LEAVERS_COLOUR)))
    fig.add_trace(go.Scatter(x=months, y=frame.permanent_fte, name="Permanent social workers in post (FTE, right axis)",
                             mode="lines", line=dict(color=LA_COLOUR, width=3)), secondary_y=True)
    fig.update_layout(barmode="group")
    month_axis(fig, months)
    fig = layout(fig, x_title="Month", y_title="", source=source)
    return two_axes(fig, f"{la_name}: starters and leavers (FTE)", f"{la_name}: permanent in post (FTE)")
