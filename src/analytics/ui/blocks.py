"""The standard blocks pages are built from: a static table, a chart's table and download, the trend overview, one
measure among its neighbours, the view picker, the demo label and the analyst's child-level download."""

import html

import pandas as pd
import streamlit as st

from analytics import charts, selection, services
from analytics.exports import csv_bytes
from analytics.formatting import BAND_TEXT, is_missing, measure_formatter, ordinal_rank
from analytics.local import views as local_views
from analytics.published import summaries
from analytics.published.catalogue import BASES
from analytics.published.geography import names
from analytics.ui import cache, shell

LATEST = "Latest published"
# st.table's look (its borders, its muted header), for static_table
STATIC_TABLE_STYLE = """<style>
table.static-table { border-collapse: collapse; width: 100%; font-size: 0.875rem; line-height: 1.4;
                     margin-bottom: 1rem; }
.static-table th, .static-table td { border: 1px solid rgba(49, 51, 63, 0.1); padding: 0.25rem 0.375rem;
                                     text-align: left; vertical-align: top; font-weight: 400; }
.static-table th { color: rgba(49, 51, 63, 0.6); }
</style>"""


def tile_chart(measure_id: str, chosen: selection.Selection) -> None:
    """A tile's small chart (charts.tile_spec), its Vega-Lite spec worked out once per view."""
    spec = cache.tile_spec(measure_id, chosen)
    if spec is not None:
        st.vega_lite_chart(spec, width="stretch", height=170)


def figures_span(measure_ids: list[str], chosen: selection.Selection) -> tuple[int, int] | None:
    """The first and last years the LA has a figure for among these measures, in the years chosen (for the page's
    subtitle: the slider's range may run past every figure shown)."""
    years = [t.dropna(subset=["la_value"]).year for t in cache.tables_in_view(measure_ids, chosen).values()]
    years = [y for y in years if len(y)]
    return (int(min(y.min() for y in years)), int(max(y.max() for y in years))) if years else None


def months_span(months) -> tuple[int, int] | None:
    """The first and last years of the council's monthly figures a page shows (its subtitle's years)."""
    months = pd.to_datetime(pd.Series(months)).dropna()
    return (months.min().year, months.max().year) if len(months) else None


def names_for(chosen: selection.Selection) -> dict[str, str]:
    return names(cache.geography(), chosen.la)


def demo_banner(batch_ids: set[int]) -> None:
    """Label demo figures wherever they are shown."""
    for notice in local_views.demo_notices(cache.batches(), batch_ids):
        st.warning(notice, icon=":material/science:")


def long_plans_download(area_code: str, month) -> None:
    """For an analyst: the plans behind the month's count of children on a plan 9 months or longer, by keyed
    child code. The list is made, and recorded in the audit trail, only when the button is clicked."""
    user = shell.current_user()
    if not user.may("child-level download"):
        return
    st.download_button(f"Download the plans open 9 months or longer at {month:%B %Y} (keyed child codes, CSV)",
                       lambda: csv_bytes(services.long_plans(cache.local_store(), user, area_code, month)),
                       file_name=f"plans-9-months-{month:%Y-%m}.csv", mime="text/csv", on_click="ignore",
                       key="long_plans_csv", icon=":material/lock:",
                       help="Child-level: recorded in the audit trail with your identity.")


def static_table(frame: pd.DataFrame, links: dict[str, str] | None = None) -> None:
    """A table of text that wraps, so every column is on screen at a laptop's width, drawn as plain HTML: st.table
    draws each cell as Markdown, about half a second of a newcomer's page load for 160 cells (README,
    Performance). `links`: a column whose text links to the address in another column (which is not shown)."""
    links = links or {}
    cells = frame.drop(columns=list(links.values())).map(lambda v: "–" if is_missing(v) else html.escape(str(v)))
    for column, address in links.items():
        cells[column] = [f'<a href="{html.escape(url)}" target="_blank">{text}</a>'
                         for text, url in zip(cells[column], frame[address])]
    cells.columns = [html.escape(str(c)) for c in cells.columns]
    st.html(STATIC_TABLE_STYLE + cells.to_html(index=False, escape=False, border=0, classes="static-table"))


def table_view(data: pd.DataFrame, title: str, key: str, decimals: int | pd.Series | None = None) -> None:
    """The figures behind a chart, as a table (for screen readers) and as a CSV download.

    `decimals`: the places the chart shows (see places), one number for the table or one per row where its rows
    are measures of different units; the table shows that many and the CSV holds its figures rounded to it, so
    neither reads differently from the chart. Drawn only once opened (the expander's state is tracked, so
    opening it reruns the page): a closed table would otherwise still make every newcomer's browser load and lay
    out the data grid.
    """
    panel = st.expander(f"Table and download: {title}", key=table_key(key), on_change="rerun")
    if not panel.open:
        return
    numbers = data.select_dtypes("float").columns if decimals is not None else []
    config = {}
    if isinstance(decimals, pd.Series):  # a column of mixed units: each row written as its chart writes it
        rounded = data.assign(**{c: [round(v, int(p)) for v, p in zip(data[c], decimals)] for c in numbers})
        shown = rounded.assign(**{c: ["" if pd.isna(v) else f"{v:,.{int(p)}f}" for v, p in zip(rounded[c], decimals)]
                                  for c in numbers})
    else:
        rounded = shown = data.assign(**{c: data[c].round(decimals) for c in numbers})
        config = {c: st.column_config.NumberColumn(format=f"%.{decimals}f") for c in numbers}
    with panel:
        st.dataframe(shown, hide_index=True, width="stretch", column_config=config)
        st.download_button("Download these figures (CSV)", csv_bytes(rounded), file_name=f"{key}.csv",
                           mime="text/csv", key=f"csv_{key}")


def places(measure_ids: list[str], rows: pd.DataFrame | None = None) -> int | pd.Series:
    """The decimal places a table of these measures' figures shows, as their charts do: one number when they
    share it, else one per row of `rows` (a table with the measures' labels in a Measure column)."""
    catalogue = cache.all_measures().loc[list(measure_ids)]
    if catalogue.decimals.nunique() == 1 or rows is None:
        return int(catalogue.decimals.max())
    return rows.Measure.map(dict(zip(catalogue.label, catalogue.decimals)))


def table_key(key: str) -> str:
    """The session-state key of table_view's expander (True while it is open)."""
    return f"table_{key}"


def from_link(key: str, options: list, encode=str) -> None:
    """Before the widget `key` is drawn: on the session's first sight of it, its value from the link's parameter of
    the same name (selection.PAGE_PARAMS), or a notice when the link's value is not one of the choices."""
    if key in st.session_state or key not in st.query_params:
        return
    wanted = st.query_params[key]
    found = [o for o in options if encode(o) == wanted]
    if found:
        st.session_state[key] = found[0]
    else:
        st.warning(f"The link's {key.replace('_', ' ')} '{wanted}' is not one of the choices here; showing the "
                   "first.", icon=":material/link_off:")


def to_link(key: str, value, encode=str) -> None:
    """After the widget: its value in the link, so a pasted URL reopens the same view."""
    st.query_params[key] = encode(value)


def linked_selectbox(label: str, options: list, key: str, encode=str, **kwargs):
    """A selectbox whose choice is kept in the link (parameter `key`)."""
    from_link(key, options, encode)
    value = st.selectbox(label, options, key=key, **kwargs)
    to_link(key, value, encode)
    return value


def view_picker(views: list[str], key: str) -> str:
    """One of a page's lower sections at a time: the page stays quick to draw, and each view is a click away; the
    view is kept in the link."""
    from_link(key, views)
    chosen = st.segmented_control("Show", views, default=None if key in st.session_state else views[0],
                                  key=key) or views[0]
    to_link(key, chosen)
    return chosen


def comparison_year_picker(chosen: selection.Selection, key: str) -> int | None:
    """None means each measure's latest published year within the selected range."""
    options = [None, *range(chosen.last_year, chosen.first_year - 1, -1)]
    return linked_selectbox("Year for the neighbour comparison", options, key,
                            encode=lambda y: "latest" if y is None else str(y),
                            format_func=lambda y: LATEST if y is None else f"Period ending in {y}")


def trend_overview(measure_ids: list[str], chosen: selection.Selection, key: str) -> None:
    """Small multiples of the measures over time against the comparators chosen, with their figures."""
    st.plotly_chart(cache.trend_grid_figure(tuple(measure_ids), chosen), key=f"grid_{key}",
                    config={"displaylogo": False})
    axis_notes(measure_ids, chosen)
    data = cache.trend_table(tuple(measure_ids), chosen)
    table_view(data[["Measure", *data.columns[:-1]]], "every measure in these charts", f"{key}_trends",
               places(measure_ids, data))


def axis_notes(measure_ids: list[str], chosen: selection.Selection) -> None:
    """Under a trend chart: where one small-base point of the LA's sets its scale, say so."""
    for note in cache.axis_notes(tuple(measure_ids), chosen):
        st.caption(f":orange-badge[Small base] {note}")


def measure_detail(measure_ids: list[str], chosen: selection.Selection, key: str) -> str:
    """Pick one measure, then see the LA among its neighbours (see neighbour_comparison)."""
    measures = cache.measures()
    labels = measures.loc[measure_ids, "label"].to_dict()
    left, right = st.columns([3, 2])
    with left:
        measure_id = linked_selectbox("Measure", measure_ids, f"{key}_measure", format_func=labels.get)
    with right:
        year = comparison_year_picker(chosen, f"{key}_year")
    st.caption(measures.at[measure_id, "definition"] or "")
    neighbour_comparison(measure_id, chosen, year, key)
    return measure_id


def neighbour_comparison(measure_id: str, chosen: selection.Selection, year: int | None, key: str) -> None:
    """The LA among its neighbours in a year (the latest up to `year`), its rank and band, and the figures."""
    measure = cache.measures().loc[measure_id]
    full, group = cache.benchmark(measure_id, chosen.la, chosen.model)
    table = summaries.in_years(full, chosen.first_year, chosen.last_year)
    if year is not None:
        table = table[table.year <= year]
    if group.note:
        st.caption(group.note)
    if table.empty:
        st.info("No figures for this measure in the years selected.")
        return
    row = table.iloc[-1]
    area_names = names_for(chosen)
    rows = summaries.neighbour_rows(cache.prepared(measure_id), cache.geography(), group, int(row.year))
    candidates = [("sn", f"Neighbour {chosen.average}", row[f"sn_{chosen.average}"], charts.NEIGHBOUR_COLOUR),
                  ("region", area_names["region"], row.region_value, charts.REGION_COLOUR),
                  ("england", "England", row.england_value, charts.ENGLAND_COLOUR)]
    references = {label: (value, colour) for key_, label, value, colour in candidates if key_ in chosen.comparators}
    st.plotly_chart(cache.ranked_bars_figure(rows, measure_id, f"{area_names['la']} and its neighbours, {row.period}",
                                             tuple(references.items())), key=f"{key}_bars",
                    config={"displaylogo": False})
    band = BAND_TEXT.get(row.quartile, "not banded") if isinstance(row.quartile, str) else "not banded"
    rank = ordinal_rank(row["rank"], row.rank_of, row.rank_tied)
    base = cache.benchmark(BASES[measure_id][0], chosen.la, chosen.model)[0] if measure_id in BASES else None
    caveat = summaries.base_caveat(measure_id, base, row.year)
    small = " (small base)" if caveat else ""
    st.markdown(f"**{row.period}**: {area_names['la']} ranks **{rank}**{small} among LAs with a figure (1 = best) · "
                f"quartile band **{band}**{small}")
    if caveat:
        st.caption(f"{area_names['la']}'s figure {caveat}, so its bar can sit far from its neighbours'.")
    fmt = measure_formatter(measure)
    shown = rows.assign(Figure=rows.value.map(fmt), Reason=rows.reason.map(lambda r: "" if r is None else r))
    table_view(shown.rename(columns={"name": "Local authority", "role": "Role"})[
        ["Local authority", "Role", "Figure", "Reason"]], f"{measure['label']}, {row.period}", f"{key}_{measure_id}")
