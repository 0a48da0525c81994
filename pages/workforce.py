"""Workforce: vacancy, turnover, agency, caseload and absence against neighbours, region and England."""

import streamlit as st

from analytics import charts, summaries, ui
from analytics.catalogue import WORKFORCE_CONTEXT, WORKFORCE_MEASURES

NEIGHBOURS, CONTEXT = "Against its neighbours", "Social workers in post, starters and leavers"

chosen = ui.current_selection()
ui.page_header("Social work workforce", chosen, "Children and family social workers, from the DfE's annual "
               "workforce census (at 30 September each year).")
ui.trend_overview(WORKFORCE_MEASURES, chosen, "workforce")

if ui.view_picker([NEIGHBOURS, CONTEXT], "workforce_view") == NEIGHBOURS:
    st.header(NEIGHBOURS)
    ui.measure_detail(WORKFORCE_MEASURES + WORKFORCE_CONTEXT, chosen, "workforce")
else:
    st.header(CONTEXT)
    tables = ui.tables_in_view(WORKFORCE_CONTEXT, chosen)
    st.plotly_chart(charts.flows(tables, ui.measures(), ui.names_for(chosen)["la"]), key="flows",
                    config={"displaylogo": False})
    ui.table_view(summaries.flows_table(tables, ui.measures()), CONTEXT.lower(), "workforce_flows")
ui.footer()
