"""Workforce Board: the month's figures by team, monthly trends with SPC beside the published annual figures,
starters and leavers, and targets with RAG."""

from datetime import date

import streamlit as st

from analytics.local import view_tables, workforce
from analytics.local import views as local_views
from analytics.months import latest_complete, month_label, out_of_date
from analytics.published.catalogue import WORKFORCE_MEASURES
from analytics.ui import blocks, cache, shell

MEASURES = ["sw_vacancy_rate", "sw_turnover_rate", "sw_agency_rate", "sw_caseload", "permanent_staff_pct"]

chosen = shell.current_selection()
establishment = cache.establishment(chosen.la)
shell.page_header("Workforce Board", chosen, "The council's own monthly workforce figures, by team, with the DfE's "
                  "definitions, beside the published annual benchmarks.",
                  years=blocks.months_span(establishment.month) if len(establishment)
                  else blocks.figures_span(WORKFORCE_MEASURES, chosen))


def census_beside_published() -> None:
    """The council's census files at 30 September beside its published figures, when it has imported one."""
    census = cache.census_comparison(chosen.la)
    if census.empty:
        return
    st.subheader("The council's census files beside its published figures (at 30 September)")
    blocks.demo_banner(set(census.batch_id))
    blocks.static_table(local_views.annex_comparison_table(census, cache.all_measures(), "30 September", "census file"))


if establishment.empty:
    st.info(f"There are no establishment figures for {blocks.names_for(chosen)['la']} yet. Until there are, this "
            "page shows the published workforce figures below. To add the council's own: on *Import figures* "
            "(under *Council's own figures* in the navigation), upload a CSV or Excel file with one row per month "
            "and team and the columns month, team, posts, permanent, agency and vacant FTE, starters, leavers, "
            "case-holding FTE and cases.", icon=":material/upload_file:")
    st.subheader("Published workforce figures (annual, at 30 September)")
    blocks.trend_overview(WORKFORCE_MEASURES, chosen, "board_published")
    census_beside_published()
    shell.footer()
    st.stop()

blocks.demo_banner(set(establishment.batch_id))
rates = cache.monthly_rates(chosen.la)
held = sorted(rates.month.unique(), reverse=True)
month = blocks.linked_selectbox("Month", held, "board_month", encode=lambda m: f"{m:%Y-%m}",
                                format_func=month_label)
stale = out_of_date(held[0], latest_complete(date.today()))
notice = (f"The council's establishment figures run to **{held[0]:%B %Y}**, so the board opens on that month."
          + (f" They are **{stale}**, the latest complete month." if stale else ""))
(st.warning if stale else st.info)(notice, icon=":material/calendar_month:")
catalogue = cache.all_measures()
board = cache.board(chosen.la, month, MEASURES, latest_complete(date.today()))

st.subheader(f"Teams in {month_label(month)}")
blocks.static_table(board.teams)
st.caption("Change on the previous month in brackets (percentage points for rates).")
with st.expander("How these figures are worked out"):
    for text in workforce.DEFINITIONS.values():
        st.markdown(f"- {text}")

st.subheader("Monthly trends, with the published annual figures")
la_name = blocks.names_for(chosen)["la"]
source = f"{local_views.LOCAL_SOURCE}; published points: {cache.measures().at['sw_vacancy_rate', 'source']}"
spc_chart, flows_chart = cache.board_charts(chosen.la, month, MEASURES, latest_complete(date.today()), chosen,
                                            la_name, source)
st.plotly_chart(spc_chart, key="board_spc",
                config={"displaylogo": False})
st.caption("Process limits are the mean ± 2.66 × the average moving range (NHS 'Making Data Count'). Open "
           "diamonds are the LA's published figure at 30 September; filled diamonds the comparators'.")
blocks.static_table(board.readings)
blocks.table_view(view_tables.series_table(board.views, catalogue), "monthly workforce figures", "board_monthly",
                  blocks.places(MEASURES))

st.subheader("Starters and leavers")
st.plotly_chart(flows_chart, key="board_flows",
                config={"displaylogo": False})
blocks.table_view(board.flows.rename(columns={"month": "Month", "starters_fte": "Starters (FTE)",
                                          "leavers_fte": "Leavers (FTE)", "permanent_fte": "Permanent in post (FTE)"})
                  .assign(Unit="Full-time equivalent"), "starters and leavers", "board_flows", decimals=1)
census_beside_published()

st.subheader("Targets")
if board.targets.empty:
    st.info("No workforce targets are set. Add them on the *Improvement plan* page.")
else:
    blocks.static_table(board.targets)
shell.footer()
