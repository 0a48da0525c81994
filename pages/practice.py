"""Practice: child protection plans, re-referrals and assessments against neighbours, region and England."""

import streamlit as st

from analytics import charts, summaries, ui
from analytics.catalogue import CP_DURATION_BANDS, PRACTICE_MEASURES

chosen = ui.current_selection()
ui.page_header("Practice", chosen, "Child protection, referrals and assessments, from the DfE's children in "
               "need statistics and the Local Authority Interactive Tool (years ending 31 March).")
ui.trend_overview(PRACTICE_MEASURES, chosen, "practice")

st.header("Against its neighbours")
ui.measure_detail(PRACTICE_MEASURES, chosen, "practice")

st.header("Child protection plans at 31 March by how long they had lasted")
panels = summaries.duration_panels(ui.tables_in_view(list(CP_DURATION_BANDS.values()), chosen),
                                   CP_DURATION_BANDS, ui.names_for(chosen), chosen.average, chosen.comparators)
source = ui.measures().loc["cpp_2yr_plus_pct", "source"]
st.plotly_chart(charts.stacked_shares(panels, list(CP_DURATION_BANDS), source, "% of children on a plan",
                                      "Year ending 31 March"), key="durations", config={"displaylogo": False})
st.caption(f"Neighbour columns are the {chosen.average} of the neighbours' published shares, so they need not "
           "add up to 100%. Suppressed shares (c) are left out of a stack, which then stops short of 100%.")
ui.table_view(summaries.duration_table(panels), "CP plan durations", "cp_plan_durations")
ui.footer()
