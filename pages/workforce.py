"""Workforce: vacancy, turnover, agency, caseload and absence against neighbours, region and England."""

import streamlit as st

from analytics import charts
from analytics.published import summaries
from analytics.published.catalogue import WORKFORCE_CONTEXT, WORKFORCE_MEASURES
from analytics.ui import blocks, cache, shell

NEIGHBOURS, CONTEXT = "Against its neighbours", "Social workers in post, starters and leavers"

chosen = shell.current_selection()
shell.page_header("Social work workforce", chosen, "Children and family social workers, from the DfE's annual "
               "workforce census (at 30 September each year).",
                  years=blocks.figures_span(WORKFORCE_MEASURES + WORKFORCE_CONTEXT, chosen))
blocks.trend_overview(WORKFORCE_MEASURES, chosen, "workforce")

if blocks.view_picker([NEIGHBOURS, CONTEXT], "workforce_view") == NEIGHBOURS:
    st.header(NEIGHBOURS)
    blocks.measure_detail(WORKFORCE_MEASURES + WORKFORCE_CONTEXT, chosen, "workforce")
else:
    st.header(CONTEXT)
    tables = cache.tables_in_view(WORKFORCE_CONTEXT, chosen)
    st.plotly_chart(charts.flows(tables, cache.measures(), blocks.names_for(chosen)["la"]), key="flows",
                    config={"displaylogo": False})
    blocks.table_view(summaries.flows_table(tables, cache.measures()), CONTEXT.lower(), "workforce_flows",
                      blocks.places(WORKFORCE_CONTEXT))
shell.footer()
