"""Plotly figures built from DataFrames: the same figure serves the page and the board pack.

Colours are the GOV.UK Analysis Function palette. The chosen LA is always dark
blue and each comparator keeps one colour on every page: neighbours turquoise,
region orange, England dark pink, other LAs grey. Every figure carries its axis
titles (with units) and its source underneath.
"""

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analytics.formatting import format_value, measure_formatter, missing_text
from analytics.suppression import CODES, OUTSIDE_LIFETIME

LA_COLOUR = "#12436D"
NEIGHBOUR_COLOUR = "#28A197"
REGION_COLOUR = "#F46A25"
ENGLAND_COLOUR = "#801650"
OTHER_COLOUR = "#BFBFBF"
# for an LA's own counts that are not comparisons (starters, leavers)
STARTERS_COLOUR = "#A285D1"
LEAVERS_COLOUR = "#3D3D3D"
TEXT_COLOUR = "#0B0C0C"
MISSING_FILL = "rgba(191, 191, 191, 0.35)"
# CP plan duration bands, shortest to longest: blues for short plans, warm colours for the long ones
DURATION_COLOURS = ["#6BACE6", "#2073BC", "#12436D", "#F46A25", "#801650"]
FONT = dict(family="Arial, Helvetica, sans-serif", size=13, color=TEXT_COLOUR)


def _wrap(text: str, width: int) -> str:
    """Break a long line at spaces so it fits under a narrow chart (Plotly does not wrap annotations)."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def _layout(fig: go.Figure, *, x_title: str, y_title: str, source: str, height: int = 380,
            legend: bool = True, source_width: int = 110) -> go.Figure:
    fig.update_layout(
        template="plotly_white", font=FONT, height=height, hovermode="closest",
        margin=dict(l=10, r=10, t=40 if legend else 20, b=84 + 16 * _wrap(source, source_width).count("<br>")),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0) if legend else None,
        showlegend=legend,
    )
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title, rangemode="tozero", gridcolor="#e5e5e5", zeroline=True,
                     zerolinecolor="#505a5f")
    # pinned a fixed distance below the plot area, clear of the x-axis title, whatever the height
    fig.add_annotation(text=_wrap(f"Source: {source}", source_width), xref="paper", yref="paper", x=0, y=0,
                       yshift=-62,
                       xanchor="left", yanchor="top", showarrow=False, font=dict(size=11, color="#505a5f"),
                       align="left")
    return fig



def _add_trend(fig: go.Figure, table: pd.DataFrame, measure: pd.Series, names: dict[str, str],
               show: tuple[str, ...], average: str, row: int | None = None, col: int | None = None,
               legend: bool = True) -> None:
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
            x=x, y=values, name=label, legendgroup=key, showlegend=legend, mode="lines+markers",
            connectgaps=False, line=dict(color=colour, width=2, dash=dash), marker=dict(size=6, color=colour),
            hovertemplate="%{customdata}<extra></extra>",
            customdata=[f"{label}, {p}: {fmt(v)}{e}" for p, v, e in zip(x, values, extra)]), **where)
    la_values = table.la_value.astype(float)
    fig.add_trace(go.Scatter(
        x=x, y=la_values, name=names["la"], legendgroup="la", showlegend=legend, mode="lines+markers",
        connectgaps=False, line=dict(color=LA_COLOUR, width=3.5), marker=dict(size=8, color=LA_COLOUR),
        hovertemplate="%{customdata}<extra></extra>",
        customdata=[f"{names['la']}, {p}: {fmt(v)}" for p, v in zip(x, la_values)]), **where)
    missing = table[table.la_value.isna() & ~table.missing_reason.isin(list(OUTSIDE_LIFETIME))]
    plotted = table[["la_value", "sn_mean", "sn_median", "region_value", "england_value"]].astype(float)
    periods = missing.period.tolist()
    _add_missing(fig, [x.index(p) - 0.4 for p in periods], [x.index(p) + 0.4 for p in periods], periods,
                 [f"{names['la']}, {p}: {missing_text(r)}" for p, r in zip(periods, missing.missing_reason)],
                 names["la"], legend, where, _middle(plotted))
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=x, **where)


def _middle(values: pd.DataFrame | pd.Series) -> float:
    """Half the largest value drawn: where a missing year's hover marker sits, inside the plot."""
    top = float(pd.DataFrame(values).max().max()) if pd.DataFrame(values).notna().any().any() else 1.0
    return top / 2 if top > 0 else 0.5


def _add_missing(fig: go.Figure, x0: list, x1: list, x: list, hover: list[str], la_name: str, legend: bool,
                 where: dict, middle: float) -> None:
    """A grey column from x0 to x1 for each period without a figure, with a marker at x whose hover gives the
    reason.

    The columns are shapes added in one go (Plotly adds shapes one by one slowly); `where` is the subplot's row
    and col (empty for a single plot).
    """
    if not x:
        return
    axis = fig.get_subplot(**where).xaxis.plotly_name.replace("axis", "") if where else "x"
    fig.layout.shapes += tuple(
        dict(type="rect", xref=axis, yref=f"{axis.replace('x', 'y')} domain", x0=a, x1=b, y0=0, y1=1,
             fillcolor=MISSING_FILL, line_width=0, layer="below") for a, b in zip(x0, x1))
    fig.add_trace(go.Scatter(
        x=x, y=[middle] * len(x), mode="markers", name=f"No figure for {la_name}", legendgroup="missing",
        showlegend=legend, marker=dict(symbol="square", size=14, color=MISSING_FILL),
        hovertemplate="%{customdata}<extra></extra>", customdata=hover), **where)


def trend(table: pd.DataFrame, measure: pd.Series, names: dict[str, str], show: tuple[str, ...],
          average: str = "mean") -> go.Figure:
    """The LA's figure over time with its neighbours' average, region and England.

    `table` is a benchmark table (one row per year). Years with no LA figure are
    drawn as gaps, with a grey column whose hover gives the reason.
    `names`: display names for 'la', 'region', 'england'. `show`: comparators to draw.
    """
    fig = go.Figure()
    _add_trend(fig, table, measure, names, show, average)
    return _layout(fig, x_title=measure["year_type"] or "Year", y_title=measure["axis_title"],
                   source=measure["source"])


def trend_grid(tables: dict[str, pd.DataFrame], measures: pd.DataFrame, names: dict[str, str],
               show: tuple[str, ...], average: str = "mean", columns: int = 2) -> go.Figure:
    """Small multiples: one trend panel per measure, sharing a legend; each panel keeps its own y-axis title."""
    ids = list(tables)
    rows = -(-len(ids) // columns)
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=[f"<b>{measures.at[i, 'label']}</b>" for i in ids],
                        vertical_spacing=0.22 / rows + 0.05, horizontal_spacing=0.1)
    for n, measure_id in enumerate(ids):
        _add_trend(fig, tables[measure_id], measures.loc[measure_id], names, show, average, n // columns + 1,
                   n % columns + 1, legend=n == 0)
    sources = "; ".join(dict.fromkeys(measures.loc[ids, "source"]))
    year_types = " / ".join(dict.fromkeys(measures.loc[ids, "year_type"].fillna("Year")))
    fig = _layout(fig, x_title="", y_title="", source=sources, height=300 * rows + 90)
    fig.update_layout(margin=dict(t=90), legend=dict(y=0.995, yanchor="top", yref="container"))
    for n, measure_id in enumerate(ids):
        fig.update_yaxes(title_text=measures.at[measure_id, "axis_title"], row=n // columns + 1,
                         col=n % columns + 1)
    fig.add_annotation(text=f"Periods: {year_types}", xref="paper", yref="paper", x=1, y=0, yshift=-62,
                       xanchor="right", yanchor="top", showarrow=False, font=dict(size=11, color="#505a5f"))
    return fig


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
        text=[fmt(v) for v in shown.value], textposition="outside", cliponaxis=False, showlegend=False,
        hovertemplate="%{customdata}<extra></extra>", customdata=[f"{n}: {fmt(v)}" for n, v in
                                                                   zip(shown.name, shown.value)]))
    if not absent.empty:
        fig.add_trace(go.Scatter(
            x=[0] * len(absent), y=absent.name, mode="text", text=[missing_text(r) for r in absent.reason],
            textposition="middle right", showlegend=False, hoverinfo="skip", textfont=dict(color="#505a5f")))
    peak = max([*shown.value.tolist(), *[v for v, _ in references.values() if v is not None and pd.notna(v)], 0])
    for label, (value, colour) in references.items():
        if value is None or pd.isna(value):
            continue
        fig.add_trace(go.Scatter(
            x=[value, value], y=[order[0], order[-1]], mode="lines", name=f"{label} {fmt(value)}",
            line=dict(color=colour, width=2, dash="dash"), hoverinfo="name"))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=order)
    fig = _layout(fig, x_title=measure["axis_title"], y_title="", source=measure["source"],
                  height=height or max(320, 26 * len(rows) + 170), source_width=60)
    fig.update_xaxes(range=[0, peak * 1.2 if peak > 0 else 1])
    fig.update_yaxes(rangemode="normal", zeroline=False)
    fig.update_layout(title=dict(text=title, font=dict(size=14), x=0, xanchor="left"), margin=dict(t=90),
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
    return _layout(fig, x_title=f"Local authorities, {period}, {best} on the left", y_title=measure["axis_title"],
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
                x=frame.period, y=frame[band], name=band, marker_color=colour, legendgroup=band,
                showlegend=col == 1, hovertemplate="%{customdata}<extra></extra>",
                customdata=[f"{title}, {p}: {band} {format_value(v, 'percent', 1)}"
                            for p, v in zip(frame.period, frame[band])]), row=1, col=col)
        fig.update_xaxes(type="category", tickangle=-45, row=1, col=col)
    fig.update_layout(barmode="stack")
    fig = _layout(fig, x_title="", y_title=y_title, source=source, height=440)
    fig.update_xaxes(title_text="")
    fig.add_annotation(text=x_title, xref="paper", yref="paper", x=0.5, y=-0.2, showarrow=False,
                       font=dict(size=13))
    return fig


def flows(tables: dict[str, pd.DataFrame], measures: pd.DataFrame, la_name: str) -> go.Figure:
    """The LA's social workers in post (line) with starters and leavers (bars), all in FTE.

    `tables`: benchmark tables for sw_fte, sw_starters_fte and sw_leavers_fte.
    """
    fig = go.Figure()
    for measure_id, colour in (("sw_starters_fte", STARTERS_COLOUR), ("sw_leavers_fte", LEAVERS_COLOUR)):
        table, measure = tables[measure_id], measures.loc[measure_id]
        fig.add_trace(go.Bar(x=table.period, y=table.la_value, name=measure["label"], marker_color=colour,
                             hovertemplate="%{x}: %{y:,.1f} FTE<extra>" + measure["label"] + "</extra>"))
    posts = tables["sw_fte"]
    fig.add_trace(go.Scatter(x=posts.period, y=posts.la_value, name=measures.at["sw_fte", "label"],
                             mode="lines+markers", line=dict(color=LA_COLOUR, width=3), connectgaps=False,
                             hovertemplate="%{x}: %{y:,.1f} FTE<extra>In post</extra>"))
    fig.update_xaxes(type="category")
    fig.update_layout(barmode="group")
    return _layout(fig, x_title=measures.at["sw_fte", "year_type"], y_title=f"{la_name}: full-time equivalent",
                   source=measures.at["sw_fte", "source"])


# SPC markers: the LA's own colours are taken by the comparators, so special causes differ by shape and by the
# two palette colours left (purple, dark grey), and say which they are in the legend and on hover.
SPC_STYLE = {
    "special_cause_improvement": ("Special cause: improvement", "#A285D1", "triangle-up"),
    "special_cause_concern": ("Special cause: concern", "#3D3D3D", "x"),
    "special_cause_neutral_high": ("Special cause: unusually high", "#3D3D3D", "diamond"),
    "special_cause_neutral_low": ("Special cause: unusually low", "#3D3D3D", "diamond"),
}
RAG_COLOURS = {"green": "#00703C", "amber": "#F47738", "red": "#D4351C"}  # GOV.UK status colours
LIMIT_COLOUR = "#505A5F"


def _month_axis(fig: go.Figure, months, **where) -> None:
    """A date axis labelled by month; over a year or less a tick every month, since Plotly would otherwise put
    ticks between months and print the same month twice."""
    stamps = [pd.Timestamp(m) for m in months]
    short = bool(stamps) and (max(stamps).year - min(stamps).year) * 12 + max(stamps).month - min(stamps).month <= 12
    fig.update_xaxes(type="date", tickformat="%b %Y", **({"dtick": "M1"} if short else {}), **where)


def spc_panel(fig: go.Figure, view, measure: pd.Series, la_name: str, published: pd.DataFrame | None,
              row: int | None = None, col: int | None = None, legend: bool = True) -> None:
    """An XmR chart of one monthly series (a local_views.SeriesChart), with published annual points beside it."""
    where = {"row": row, "col": col} if row else {}
    fmt = measure_formatter(measure)
    months = [pd.Timestamp(m) for m in view.months]
    fig.add_trace(go.Scatter(
        x=months, y=view.values, name=f"{la_name}, monthly", mode="lines+markers", legendgroup="monthly",
        showlegend=legend, line=dict(color=LA_COLOUR, width=2), marker=dict(size=6, color=LA_COLOUR),
        hovertemplate="%{customdata}<extra></extra>",
        customdata=[f"{la_name}, {m:%b %Y}: {fmt(v)}" for m, v in zip(months, view.values)]), **where)
    chart = view.chart
    if chart is not None:
        for name, y, dash in ((f"Mean of {chart.n} months", chart.mean, "solid"),
                              ("Process limits", chart.upl, "dash"), ("Process limits", chart.lpl, "dash")):
            fig.add_trace(go.Scatter(
                x=[months[0], months[-1]], y=[y, y], mode="lines", name=name, legendgroup=name,
                showlegend=legend and y != chart.lpl, line=dict(color=LIMIT_COLOUR, width=1, dash=dash),
                hovertemplate=f"{name}: {fmt(y)}<extra></extra>"), **where)
        for point_type, (label, colour, symbol) in SPC_STYLE.items():
            hit = chart.points.point_type.to_numpy() == point_type
            if hit.any():
                fig.add_trace(go.Scatter(
                    x=[m for m, h in zip(months, hit) if h], y=chart.points.y[hit], mode="markers", name=label,
                    legendgroup=label, showlegend=legend, marker=dict(size=9, color=colour, symbol=symbol),
                    hovertemplate=f"{label}: %{{y}}<extra></extra>"), **where)
    if len(view.targets):
        target_months = [pd.Timestamp(m) for m in view.targets.month]
        fig.add_trace(go.Scatter(
            x=target_months, y=view.targets.target, mode="lines+markers",
            name="Target trajectory", legendgroup="target", showlegend=legend,
            line=dict(color=TEXT_COLOUR, width=1.5, dash="dot"), marker=dict(size=4, color=TEXT_COLOUR),
            hovertemplate="%{customdata}<extra></extra>",
            customdata=[f"Target, {m:%b %Y}: {fmt(t)}" for m, t in zip(target_months, view.targets.target)]),
            **where)
    if len(view.gaps):
        # a month without a figure is a grey column with its reason, as a year is on the published charts
        gap_months = [pd.Timestamp(m) for m in view.gaps.month]
        _add_missing(fig, [m - pd.Timedelta(days=13) for m in gap_months],
                     [m + pd.Timedelta(days=13) for m in gap_months], gap_months,
                     [f"{la_name}, {m:%b %Y}: {missing_text(r) if r in CODES else r}"
                      for m, r in zip(gap_months, view.gaps.reason)],
                     la_name, legend, where, _middle(pd.Series(view.values, dtype=float)))
    if published is not None and len(published):
        for column, label, colour in (("la", f"{la_name}, published", LA_COLOUR),
                                      ("sn", "Statistical neighbours, published", NEIGHBOUR_COLOUR),
                                      ("region", "Region, published", REGION_COLOUR),
                                      ("england", "England, published", ENGLAND_COLOUR)):
            fig.add_trace(go.Scatter(
                x=[pd.Timestamp(m) for m in published.month], y=published[column], mode="markers", name=label,
                legendgroup=label, showlegend=legend,
                marker=dict(size=11, color="white" if column == "la" else colour, symbol="diamond",
                            line=dict(color=colour, width=2)),
                hovertemplate="%{customdata}<extra></extra>",
                customdata=[f"{label} {p}: {fmt(v)}" for p, v in zip(published.period, published[column])]),
                **where)
    _month_axis(fig, [*months, *view.targets.month, *view.gaps.month], **where)


def spc_grid(views: list, measures: pd.DataFrame, la_name: str, published: dict[str, pd.DataFrame],
             source: str, columns: int = 2) -> go.Figure:
    """Small multiples of XmR charts (local_views.SeriesChart), one per measure, sharing a legend."""
    rows = -(-len(views) // columns)
    fig = make_subplots(rows=rows, cols=columns, vertical_spacing=0.22 / rows + 0.06, horizontal_spacing=0.1,
                        subplot_titles=[f"<b>{measures.at[v.measure_id, 'label']}</b><br>"
                                        f"<span style='font-size:11px'>{v.variation_text}</span>" for v in views])
    for n, view in enumerate(views):
        spc_panel(fig, view, measures.loc[view.measure_id], la_name, published.get(view.measure_id),
                  n // columns + 1, n % columns + 1, legend=n == 0)
    fig = _layout(fig, x_title="", y_title="", source=source, height=330 * rows + 110)
    fig.update_layout(margin=dict(t=110), legend=dict(y=0.995, yanchor="top", yref="container"))
    for n, view in enumerate(views):
        fig.update_yaxes(title_text=measures.at[view.measure_id, "axis_title"], row=n // columns + 1,
                         col=n % columns + 1)
    return fig


def trajectory(view, measure: pd.Series, la_name: str, forecast_month=None, source: str = "") -> go.Figure:
    """A measure's monthly figures against its target trajectory, each month marked by its RAG rating."""
    fig = go.Figure()
    spc_panel(fig, view, measure, la_name, None)
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
    return _layout(fig, x_title="Month", y_title=measure["axis_title"], source=source, height=400)


def monthly_flows(frame: pd.DataFrame, la_name: str, source: str) -> go.Figure:
    """Starters and leavers each month (bars) with FTE in post (line), for the whole service."""
    months = [pd.Timestamp(m) for m in frame.month]
    fig = go.Figure([
        go.Bar(x=months, y=frame.starters_fte, name="Starters (FTE)", marker_color=STARTERS_COLOUR),
        go.Bar(x=months, y=frame.leavers_fte, name="Leavers (FTE)", marker_color=LEAVERS_COLOUR),
        go.Scatter(x=months, y=frame.permanent_fte, name="Permanent social workers in post (FTE)",
                   mode="lines", line=dict(color=LA_COLOUR, width=3)),
    ])
    fig.update_layout(barmode="group")
    _month_axis(fig, months)
    return _layout(fig, x_title="Month", y_title=f"{la_name}: full-time equivalent", source=source)
