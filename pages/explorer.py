"""Benchmark explorer: any measure in the catalogue, for the LA against its neighbours, its region and all LAs."""

import streamlit as st

from analytics import charts
from analytics.formatting import measure_formatter
from analytics.published import summaries
from analytics.ui import blocks, cache, shell

chosen = shell.current_selection()
header = st.container()  # filled once the measure is chosen, so the subtitle spans the years its figures cover
measures = cache.distinct_measures()  # a LAIT indicator repeating a release measure is listed once, as the release's
topics = sorted({t.strip() for ts in measures.topics.dropna() for t in ts.split(";")})
DEFAULT_MEASURE = "sw_turnover_rate"
VIEWS = ["Statistical neighbours", "Region", "All local authorities"]

if "explorer_measure" not in st.session_state:
    wanted = st.query_params.get("measure", DEFAULT_MEASURE)
    wanted = cache.lait_duplicates().get(wanted, wanted)
    if wanted not in measures.index:
        st.warning(f"The link asked for measure '{wanted}', which is not in the catalogue; showing "
                   f"{measures.at[DEFAULT_MEASURE, 'label']}.", icon=":material/link_off:")
        wanted = DEFAULT_MEASURE
    st.session_state["explorer_measure"] = wanted

left, right = st.columns([1, 2])
topic = left.selectbox("Topic", ["All topics", *topics], key="explorer_topic")
in_topic = measures if topic == "All topics" else measures[measures.topics.fillna("").str.contains(topic,
                                                                                                  regex=False)]
options = sorted(set(in_topic.index) | {st.session_state["explorer_measure"]}, key=lambda i: measures.at[i, "label"])
measure_id = right.selectbox("Measure (type to search)", options, key="explorer_measure",
                             format_func=lambda i: f"{measures.at[i, 'label']} ({i})")
st.query_params["measure"] = measure_id
measure = measures.loc[measure_id]
with header:
    shell.page_header("Benchmark explorer", chosen, "Every measure the dashboard carries: the DfE release measures "
                      "and the 434 indicators of the Local Authority Interactive Tool.",
                      years=blocks.figures_span([measure_id], chosen))

polarity = {"high": "higher is better", "low": "lower is better", "neither": "no better direction"}
with st.expander("About this measure", expanded=True):
    st.markdown(f"{measure.definition or 'No definition published.'}\n\n"
                f"- **Better when:** {polarity[measure.polarity]}\n"
                f"- **Unit:** {measure.axis_title}\n"
                f"- **Period:** {measure.year_type or '–'}\n"
                f"- **Source:** {measure.sources}\n"
                f"- **Next update:** {measure.next_update or '–'}\n"
                f"- **Quartile bands:** {'shown' if measure.quartiles else 'not used for this measure'}")
    if isinstance(measure.methodology, str) and measure.methodology.strip():
        st.markdown(f"**Methodology.** {measure.methodology}")

full, group = cache.benchmark(measure_id, chosen.la, chosen.model)
table = summaries.in_years(full, chosen.first_year, chosen.last_year)
names = blocks.names_for(chosen)
if table.empty:
    st.info("No figures for this measure in the years selected.")
    shell.footer()
    st.stop()

st.plotly_chart(cache.trend_figure(measure_id, chosen), key="explorer_trend", config={"displaylogo": False})
blocks.axis_notes([measure_id], chosen)
blocks.table_view(cache.neighbour_table(measure_id, chosen), "the LA and each neighbour, year by year",
                  f"{measure_id}_neighbours")

prepared, geo = cache.prepared(measure_id), cache.geography()
ranked_years = table[table.year.isin(prepared.cuts)].sort_values("year", ascending=False)
left, right = st.columns([2, 1])
view = left.segmented_control("Compare with", VIEWS, default=VIEWS[0], key="explorer_view") or VIEWS[0]
year = right.selectbox("Year", ranked_years.year.tolist(), key="explorer_year",
                       format_func=dict(zip(ranked_years.year, ranked_years.period)).get)
if year is None:
    st.info("No LA has a figure for this measure in the years selected.")
elif view == VIEWS[0]:
    blocks.neighbour_comparison(measure_id, chosen, year, "explorer")
else:
    period = dict(zip(ranked_years.year, ranked_years.period))[year]
    fmt = measure_formatter(measure)
    if view == VIEWS[1]:
        rows = summaries.region_rows(prepared, geo, chosen.la, year)
        region_code = geo.areas.at[chosen.la, "region_code"]
        references = {names["region"]: (prepared.value(region_code, year), charts.REGION_COLOUR),
                      "England": (prepared.value("E92000001", year), charts.ENGLAND_COLOUR)}
        st.plotly_chart(cache.ranked_bars_figure(rows, measure_id, f"LAs in {names['region']}, {period}",
                                                 tuple(references.items())),
                        key="explorer_region", config={"displaylogo": False})
    else:
        rows = summaries.all_la_rows(prepared, geo, group, year)
        st.plotly_chart(charts.all_la_bars(rows, measure, period, prepared.cuts[year][1:]), key="explorer_all",
                        config={"displaylogo": False})
    blocks.table_view(rows.assign(value=rows.value.map(fmt)).rename(columns={
        "name": "Local authority", "value": "Figure", "role": "Marked as", "reason": "Reason",
        "rank": "Rank (1 = best)", "band": "Quartile band"}).drop(columns="area_code").astype(
        {"Rank (1 = best)": "Int64"}),
        f"{view.lower()}, {period}", f"{measure_id}_{view[:3].lower()}_{year}")

st.subheader("Quartile bands")
if measure.quartiles:
    st.markdown("Band **A** is the best quarter of LAs and **D** the worst, by the measure's direction. "
                "Cut-points are the lower quartile, median and upper quartile of every LA's figure that year, "
                "worked out as the DfE's interactive tool does; a figure on a cut-point takes the better band.")
    blocks.static_table(summaries.quartile_table(prepared, chosen.first_year, chosen.last_year))
else:
    st.markdown("This measure has no better direction (or the DfE marks its range as too small), so LAs are not "
                "put into quartile bands.")
shell.footer()
