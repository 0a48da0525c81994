"""Workforce Board: the month's figures by team, monthly trends with SPC beside the published annual figures,
starters and leavers, and targets with RAG."""

import pandas as pd
import streamlit as st

from analytics import charts, local_views, ui, workforce
from analytics.months import month_label
from analytics.targets import plan_status

MEASURES = ["sw_vacancy_rate", "sw_turnover_rate", "sw_agency_rate", "sw_caseload", "permanent_staff_pct"]

chosen = ui.current_selection()
ui.page_header("Workforce Board", chosen, "The council's own monthly workforce figures, by team, with the DfE's "
               "definitions, beside the published annual benchmarks.")
local = ui.local_store()
establishment = local.establishment(chosen.la)
if establishment.empty:
    st.info(f"There are no establishment figures for {ui.names_for(chosen)['la']} yet. Import a file of posts, "
            "staff, vacancies, starters, leavers and cases by month and team on the *Import figures* page.")
    ui.footer()
    st.stop()

ui.demo_banner(set(establishment.batch_id))
rates = workforce.monthly_rates(establishment)
months = sorted(rates.month.unique(), reverse=True)
month = st.selectbox("Month", months, format_func=month_label, key="board_month")
st.subheader(f"Teams in {month_label(month)}")
latest = workforce.latest_by_team(rates[rates.month <= month])
st.dataframe(local_views.team_table(latest), hide_index=True, width="stretch")
st.caption("Change on the previous month in brackets (percentage points for rates).")
with st.expander("How these figures are worked out"):
    for text in workforce.DEFINITIONS.values():
        st.markdown(f"- {text}")

st.subheader("Monthly trends, with the published annual figures")
catalogue = ui.local_catalogue()
whole = rates[(rates.team == workforce.WHOLE_SERVICE) & (rates.month <= month)]
targets = local.targets(chosen.la)
views, published = [], {}
for measure_id in MEASURES:
    series = whole[["month", measure_id]].rename(columns={measure_id: "value"})
    views.append(local_views.series_chart(series, catalogue.loc[measure_id], targets))
    if measure_id in ui.measures().index:
        table, _ = ui.benchmark(measure_id, chosen.la, chosen.model)
        published[measure_id] = local_views.published_points(table, catalogue.loc[measure_id], min(months),
                                                             month, chosen.average)
la_name = ui.names_for(chosen)["la"]
source = f"{local_views.LOCAL_SOURCE}; published points: {ui.measures().at['sw_vacancy_rate', 'source']}"
st.plotly_chart(charts.spc_grid(views, catalogue, la_name, published, source), key="board_spc",
                config={"displaylogo": False})
st.caption("Process limits are the mean ± 2.66 × the average moving range (NHS 'Making Data Count'). Open "
           "diamonds are the LA's published figure at 30 September; filled diamonds the comparators'.")
st.dataframe(pd.DataFrame({"Measure": [catalogue.at[v.measure_id, "label"] for v in views],
                           "Variation": [v.variation_text for v in views],
                           "Assurance against the target": [v.assurance_text for v in views]}),
             hide_index=True, width="stretch")

st.subheader("Starters and leavers")
flows = whole[["month", "starters_fte", "leavers_fte", "permanent_fte"]]
st.plotly_chart(charts.monthly_flows(flows, la_name, local_views.LOCAL_SOURCE), key="board_flows",
                config={"displaylogo": False})

st.subheader("Targets")
series = whole.melt(id_vars="month", value_vars=MEASURES, var_name="measure_id", value_name="value")
status = plan_status(targets[targets.measure_id.isin(MEASURES)], series, catalogue)
if status.empty:
    st.info("No workforce targets are set. Add them on the *Improvement plan* page.")
else:
    st.dataframe(local_views.plan_table(status, catalogue.unit), hide_index=True, width="stretch")
ui.footer()
