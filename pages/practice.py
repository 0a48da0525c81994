"""Practice: child protection plans, re-referrals and assessments against neighbours, region and England."""

import streamlit as st

from analytics import charts
from analytics.local import cp_views, view_tables
from analytics.local import views as local_views
from analytics.months import month_label
from analytics.published import summaries
from analytics.published.catalogue import CP_DURATION_BANDS, PRACTICE_MEASURES
from analytics.ui import blocks, cache, shell

chosen = shell.current_selection()
shell.page_header("Practice", chosen, "Child protection, referrals and assessments, from the DfE's children in "
               "need statistics and the Local Authority Interactive Tool (years ending 31 March).", workforce=False,
                  years=blocks.figures_span(PRACTICE_MEASURES, chosen))
blocks.trend_overview(PRACTICE_MEASURES, chosen, "practice")

NEIGHBOURS = "Against its neighbours"
DURATIONS = "How long plans had lasted at 31 March"
OWN_COUNT = "9 months or longer: the council's own count"
names = blocks.names_for(chosen)
view = blocks.view_picker([NEIGHBOURS, DURATIONS, OWN_COUNT], "practice_view")
st.header(view)
if view == NEIGHBOURS:
    blocks.measure_detail(PRACTICE_MEASURES, chosen, "practice")
elif view == DURATIONS:
    panels = summaries.duration_panels(cache.tables_in_view(list(CP_DURATION_BANDS.values()), chosen),
                                       CP_DURATION_BANDS, names, chosen.average, chosen.comparators)
    source = cache.measures().loc["cpp_2yr_plus_pct", "source"]
    st.plotly_chart(charts.stacked_shares(panels, list(CP_DURATION_BANDS), source, "% of children on a plan",
                                          "Year ending 31 March"), key="durations", config={"displaylogo": False})
    st.caption(f"Neighbour columns are the {chosen.average} of the neighbours' published shares, so they need not "
               "add up to 100%. Suppressed shares (c) are left out of a stack, which then stops short of 100%.")
    blocks.table_view(summaries.duration_table(panels, "% of children on a plan"), "CP plan durations",
                      "cp_plan_durations", decimals=1)
else:
    summary, plan_batches = cache.plan_summary(chosen.la)
    if summary.empty:
        st.info(f"Published figures give duration bands only. To count children on a plan for 9 months or longer "
                f"exactly, import {names['la']}'s child protection plan list (one row per plan) on the *Import "
                "figures* page.")
    else:
        blocks.demo_banner(plan_batches)
        latest = summary.iloc[-1]
        a, b, c = st.columns(3)
        a.metric(f"Children on a plan, {month_label(latest.month)}", f"{latest.cpp_open_count:,}")
        b.metric("On a plan 9 months or longer", f"{latest.cpp_9m_plus_count:,} ({latest.cpp_9m_plus_pct:.1f}%)")
        c.metric("Their average time on a plan", f"{latest.cpp_9m_plus_avg_days:,.0f} days")
        blocks.long_plans_download(chosen.la, latest.month)
        catalogue, targets = cache.all_measures(), cache.targets(chosen.la)
        views = [local_views.series_chart(summary[["month", m]].rename(columns={m: "value"}), catalogue.loc[m],
                                          targets) for m in cp_views.NINE_MONTHS]
        st.plotly_chart(charts.spc_grid(views, catalogue, names["la"], {}, "the council's child protection plan list",
                                        columns=3, synthetic=local_views.synthetic(cache.batches(), plan_batches)),
                        key="nine_months", config={"displaylogo": False})
        st.caption(cp_views.NINE_MONTH_RULE)
        nine_months = view_tables.series_table(views, catalogue)
        blocks.table_view(nine_months, "children on a plan 9 months or longer", "cp_nine_months",
                          blocks.places(cp_views.NINE_MONTHS, nine_months))
        st.subheader("Like for like with the published figures, at 31 March")
        comparison = cp_views.like_for_like(summary, cache.benchmark("cpp_1yr_plus_pct", chosen.la, chosen.model)[0])
        if comparison.empty:
            st.info("The plan list does not cover a 31 March in a published year.")
        else:
            blocks.static_table(cp_views.like_for_like_table(comparison, names, chosen.average))
            st.caption("Both columns count children on a plan at 31 March whose plan had lasted a year or more, as "
                       "table D5 of Characteristics of children in need does; the council's column is worked out "
                       "from its own list.")
shell.footer()
