"""Workforce: vacancy, turnover, agency, caseload and absence against neighbours, region and England."""

import streamlit as st

from analytics import charts, ui
from analytics.catalogue import WORKFORCE_CONTEXT, WORKFORCE_MEASURES

chosen = ui.current_selection()
ui.page_header("Social work workforce", chosen, "Children and family social workers, from the DfE's annual "
               "workforce census (at 30 September each year).")
ui.trend_overview(WORKFORCE_MEASURES, chosen, "workforce")

st.header("Against its neighbours")
ui.measure_detail(WORKFORCE_MEASURES + WORKFORCE_CONTEXT, chosen, "workforce")

st.header("Context: social workers in post, starters and leavers")
tables = ui.tables_in_view(WORKFORCE_CONTEXT, chosen)
st.plotly_chart(charts.flows(tables, ui.measures(), ui.names_for(chosen)["la"]), key="flows",
                config={"displaylogo": False})
ui.footer()
