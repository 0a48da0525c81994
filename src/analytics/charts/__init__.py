"""Plotly figures built from DataFrames: the same figure serves the page and the board pack.

style (colours, layout, missing periods), published (benchmark charts), monthly (the council's own figures),
tiles (the Overview's small Vega-Lite charts).
Every figure carries its axis titles (with units) and its source underneath.
"""

from analytics.charts.monthly import monthly_flows, spc_grid, trajectory
from analytics.charts.published import all_la_bars, flows, ranked_bars, stacked_shares, trend, trend_grid
from analytics.charts.style import ENGLAND_COLOUR, LA_COLOUR, NEIGHBOUR_COLOUR, REGION_COLOUR
from analytics.charts.tiles import tile_spec

__all__ = ["ENGLAND_COLOUR", "LA_COLOUR", "NEIGHBOUR_COLOUR", "REGION_COLOUR", "all_la_bars", "flows",
           "monthly_flows", "ranked_bars", "spc_grid", "stacked_shares", "tile_spec", "trajectory",
           "trend", "trend_grid"]
