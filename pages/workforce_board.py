"""Workforce Board: the month's figures by team, monthly trends with SPC beside the published annual figures,
starters and leavers, and targets with RAG."""

import streamlit as st

from analytics.local import views as local_views
from analytics.local import workforce
from analytics.months import month_label
from analytics.ui import blocks, cache, shell

MEASURES = ["sw_vacancy_rate", "sw_turnover_rate", "sw_agency_rate", "sw_caseload", "permanent_staff_pct"]

chosen = shell.current_selection()
shell.page_header("Workforce Board", chosen, "The council's own monthly workforce figures, by team, with the DfE's "
               "definitions, beside the published annual benchmarks.")
establishment = cache.establishment(chosen.la)
if establishment.empty:
    st.info(f"There are no establishment figures for {blocks.names_for(chosen)['la']} yet. Import a file of posts, "
            "staff, vacancies, starters, leavers and cases by month and team on the *Import figures* page.")
    shell.footer()
    st.stop()

blocks.demo_banner(set(establishment.batch_id))
rates = cache.monthly_rates(chosen.la)
month = st.selectbox("Month", sorted(rates.month.unique(), reverse=True), format_func=month_label, key="board_month")
catalogue = cache.all_measures()
board = cache.board(chosen.la, month, MEASURES)

st.subheader(f"Teams in {month_label(month)}")
st.dataframe(board.teams, hide_index=True, width="stretch")
st.caption("Change on the previous month in brackets (percentage points for rates).")
with st.expander("How these figures are worked out"):
    for text in workforce.DEFINITIONS.values():
        st.markdown(f"- {text}")

st.subheader("Monthly trends, with the published annual figures")
la_name = blocks.names_for(chosen)["la"]
source = f"{local_views.LOCAL_SOURCE}; published points: {cache.measures().at['sw_vacancy_rate', 'source']}"
st.plotly_chart(cache.board_spc_figure(chosen.la, month, MEASURES, chosen, la_name, source), key="board_spc",
                config={"displaylogo": False})
st.caption("Process limits are the mean ± 2.66 × the average moving range (NHS 'Making Data Count'). Open "
           "diamonds are the LA's published figure at 30 September; filled diamonds the comparators'.")
st.dataframe(board.readings, hide_index=True, width="stretch")
blocks.table_view(local_views.series_table(board.views, catalogue), "monthly workforce figures", "board_monthly")

st.subheader("Starters and leavers")
st.plotly_chart(cache.board_flows_figure(chosen.la, month, MEASURES, la_name), key="board_flows",
                config={"displaylogo": False})
blocks.table_view(board.flows.rename(columns={"month": "Month", "starters_fte": "Starters (FTE)",
                                          "leavers_fte": "Leavers (FTE)", "permanent_fte": "Permanent in post (FTE)"}),
              "starters and leavers", "board_flows")

st.subheader("Targets")
if board.targets.empty:
    st.info("No workforce targets are set. Add them on the *Improvement plan* page.")
else:
    st.dataframe(board.targets, hide_index=True, width="stretch")
shell.footer()
