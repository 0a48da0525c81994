"""The charts' shared look: the GOV.UK Analysis Function colours, each with one meaning, the layout every
figure gets (font, legend, axis titles, the source underneath) and the grey column for a period with no figure.

The chosen LA is always dark blue and each comparator keeps one colour on every page: neighbours turquoise,
region orange, England dark pink, other LAs grey.
"""

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

LA_COLOUR = "#12436D"
NEIGHBOUR_COLOUR = "#28A197"
REGION_COLOUR = "#F46A25"
ENGLAND_COLOUR = "#801650"
OTHER_COLOUR = "#BFBFBF"
# for an LA's own counts that are not comparisons (starters, leavers): blues of the LA's own family, leavers
# hatched as well, so they differ in print and from the process charts' special-cause markers
STARTERS_COLOUR = "#2073BC"
LEAVERS_COLOUR = "#6BACE6"
LEAVERS_PATTERN = dict(shape="/", fgcolor="#12436D", size=6, solidity=0.3)
TEXT_COLOUR = "#0B0C0C"
MISSING_FILL = "rgba(191, 191, 191, 0.35)"
# CP plan duration bands, shortest to longest: a sequential palette of their own (ColorBrewer YlGnBu, colour-blind
# safe, light to dark as plans lengthen), so no band takes the LA's or a comparator's colour
DURATION_COLOURS = ["#C7E9B4", "#7FCDBB", "#41B6C4", "#2C7FB8", "#253494"]
FONT = dict(family="Arial, Helvetica, sans-serif", size=13, color=TEXT_COLOUR)
# SPC markers: the LA's own colours are taken by the comparators, so special causes differ by shape and by the
# two palette colours left (purple, dark grey), and say which they are in the legend and on hover.
SPC_STYLE = {
    "special_cause_improvement": ("Special cause: improvement", "#A285D1", "triangle-up"),
    "special_cause_concern": ("Special cause: concern", "#3D3D3D", "x"),
    "special_cause_neutral_high": ("Special cause: unusually high", "#3D3D3D", "diamond"),
    "special_cause_neutral_low": ("Special cause: unusually low", "#3D3D3D", "diamond"),
}
RAG_COLOURS = {"green": "#00703C", "amber": "#F47738", "red": "#D4351C"}  # GOV.UK status colours, for RAG ratings only
RAG_TEXT_COLOURS = {"green": "#FFFFFF", "amber": "#0B0C0C", "red": "#FFFFFF"}  # legible on each
SYNTHETIC_DASH = "dot"  # a synthetic demo series is drawn dotted as well as bannered
LIMIT_COLOUR = "#505A5F"
GRID_COLOUR = "#E5E5E5"

# Every figure's defaults, as a template of our own: Plotly copies and checks the default template into each new
# figure, and its built-in ones (plotly, plotly_white) are large enough to make that about 0.1 s a figure and 6 KB
# of every figure's JSON; this one is a few hundred bytes.
_AXIS = dict(gridcolor=GRID_COLOUR, linecolor=GRID_COLOUR, ticks="", title=dict(standoff=15), automargin=True,
             zerolinecolor=LIMIT_COLOUR)
pio.templates["analytics"] = go.layout.Template(layout=dict(
    font=FONT, paper_bgcolor="white", plot_bgcolor="white", hovermode="closest", hoverlabel=dict(align="left"),
    colorway=[LA_COLOUR, NEIGHBOUR_COLOUR, REGION_COLOUR, ENGLAND_COLOUR, OTHER_COLOUR], xaxis=_AXIS, yaxis=_AXIS))
pio.templates.default = "analytics"
# set on every figure too: Streamlit makes its own template the default when its Plotly element first loads
TEMPLATE = pio.templates["analytics"]


def wrap(text: str, width: int) -> str:
    """Break a long line at spaces so it fits under a narrow chart (Plotly does not wrap annotations)."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def flow_marker(leavers: bool, colour: str) -> dict:
    """Starters' bars plain, leavers' hatched as well as lighter."""
    return dict(color=colour, pattern=LEAVERS_PATTERN) if leavers else dict(color=colour)


def two_axes(fig: go.Figure, left: str, right: str) -> go.Figure:
    """Titles for a figure made with a secondary y axis (counts on the left, staff in post on the right), its
    right axis without a grid of its own."""
    fig.update_yaxes(title_text=left, secondary_y=False)
    # ticks of its own (round numbers), not lined up with the left axis's
    return fig.update_yaxes(title_text=right, secondary_y=True, showgrid=False, zeroline=False, tickmode="auto")


TOOLBAR = 34  # px at the top of a figure that Plotly's toolbar covers


def legend_on_top(fig: go.Figure, top: int) -> go.Figure:
    """A legend at the top of a multi-panel figure, under Plotly's toolbar and above the panel titles (`top`: the
    top margin in px holding the legend and the titles, the toolbar's strip added), so none of them overlap.

    Each legend group is named once, by the first of its traces: panels draw the same lines, but a later panel
    may draw what the first does not (a target, a year with no figure, a special cause), and it is named too."""
    named = set()
    for trace in fig.data:
        if trace.showlegend is not False:
            group = trace.legendgroup or trace.name
            trace.showlegend = group not in named
            named.add(group)
    height = fig.layout.height or 450
    return fig.update_layout(margin=dict(t=top + TOOLBAR), legend=dict(
        y=1 - TOOLBAR / height, yref="container", yanchor="top", x=0, xanchor="left", orientation="h"))


def layout(fig: go.Figure, *, x_title: str, y_title: str, source: str, height: int = 380,
            legend: bool = True, source_width: int = 110) -> go.Figure:
    fig.update_layout(
        template=TEMPLATE, height=height,
        # a legend sits above the plot, below the strip Plotly's toolbar covers
        margin=dict(l=10, r=10, t=40 + TOOLBAR if legend else 20,
                    b=84 + 20 * wrap(source, source_width).count("<br>")),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0) if legend else None,
        showlegend=legend,
    )
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title, rangemode="tozero", zeroline=True)
    # pinned a fixed distance below the plot area, clear of the x-axis title, whatever the height
    fig.add_annotation(text=wrap(f"Source: {source}", source_width), xref="paper", yref="paper", x=0, y=0,
                       yshift=-62,
                       xanchor="left", yanchor="top", showarrow=False, font=dict(size=11, color="#505a5f"),
                       align="left")
    return fig



def middle(values: pd.DataFrame | pd.Series) -> float:
    """Half the largest value drawn: where a missing year's hover marker sits, inside the plot."""
    top = float(pd.DataFrame(values).max().max()) if pd.DataFrame(values).notna().any().any() else 1.0
    return top / 2 if top > 0 else 0.5


def add_missing(fig: go.Figure, x0: list, x1: list, x: list, hover: list[str], la_name: str, where: dict,
                middle: float) -> None:
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
        marker=dict(symbol="square", size=14, color=MISSING_FILL),
        hovertemplate="%{customdata}<extra></extra>", customdata=hover), **where)


# The left margin Plotly's automargin gives a titled y axis (13 px Arial, the template's standoff) whose widest tick
# label has 1, 2 or 3 digits, measured in Chromium. When automargin widens a margin Plotly draws the whole figure
# a second time, about half of a small multiple's drawing time; a figure that starts at the margin it would be
# given is drawn once.
LEFT_MARGIN = {1: 44, 2: 52, 3: 59}


def left_margin(fig: go.Figure) -> go.Figure:
    """Start the figure at the left margin automargin will give it, never wider.

    The digits of the largest value on the left-hand axes are a lower bound on their widest tick label: Plotly's
    ticks (steps of 1, 2 or 5 times a power of ten, from 0) reach a label with at least as many digits. A tick
    label wider than that (decimals, or 1000 and more, or a left axis without a title) leaves the margin to
    automargin, which widens it as before: what is drawn is the same either way.
    """
    tops = []
    for trace in fig.data:
        axis = fig.layout["yaxis" + (trace.yaxis or "y")[1:]]
        x_axis = fig.layout["xaxis" + (axis.anchor or "x")[1:]]
        if axis.side == "right" or axis.overlaying or axis.type == "category" or (x_axis.domain or (0,))[0] > 0:
            continue
        if not (axis.title and axis.title.text):
            return fig
        tops.extend(float(y) for y in (trace.y if trace.y is not None else ()) if y is not None and pd.notna(y))
    if not tops or min(tops) < 0:
        return fig
    digits = len(str(int(max(tops))))
    if max(tops) >= 1 and digits in LEFT_MARGIN:
        fig.update_layout(margin_l=max(fig.layout.margin.l or 0, LEFT_MARGIN[digits]))
    return fig


# The margins a grid of small multiples needs when Plotly turns its period labels (30 degrees, once the panels are
# too narrow for them flat), measured in Chromium: the last label reaches past the right-hand panels, by up to 42 px
# for 'Sep 2025' in a 700 px wide column, and the turned labels take 2 px more on the left than LEFT_MARGIN.
TURNED_RIGHT, TURNED_LEFT = 45, 2


def turned_labels_margins(fig: go.Figure) -> go.Figure:
    """Start a grid of trends at the margins its turned period labels will need, so Plotly draws it once: when
    automargin widens a margin it draws the whole figure again. In a column narrower than 700 px automargin still
    widens them, as before."""
    left_margin(fig)
    return fig.update_layout(margin_r=max(fig.layout.margin.r or 0, TURNED_RIGHT),
                             margin_l=(fig.layout.margin.l or 0) + TURNED_LEFT)


# Arial's advance widths for the printable ASCII characters (space to tilde), in thousandths of the font size (from
# Liberation Sans, which has Arial's metrics); other characters are counted as the widest.
_ARIAL = [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, *[556] * 10, 278, 278,
          584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667,
          778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556,
          278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500,
          334, 260, 334, 584]
# what Plotly adds to the widest tick label of an untitled category axis, measured in Chromium (39 px), and 2 px
# for the sums' rounding
LABELS_PAD = 41


def text_width(text: str) -> float:
    """The width in px of a line of the figures' font as SVG draws it (runs of spaces drawn as one)."""
    widths = (_ARIAL[ord(c) - 32] if 32 <= ord(c) < 127 else 1015 for c in " ".join(text.split()))
    return sum(widths) * FONT["size"] / 1000


def labels_margin(labels: list[str]) -> int:
    """The left margin automargin gives an untitled axis of these tick labels, or a few px more: a figure that
    starts there is drawn once (see LEFT_MARGIN); where it is short, automargin widens it, as before."""
    return int(max(map(text_width, labels), default=0) + LABELS_PAD)
