"""Improvement plan: each priority area's measures, owner, targets, trajectory chart, RAG and forecast;
the target table can be edited here."""

from datetime import date

import pandas as pd
import streamlit as st

from analytics import charts, services
from analytics.access import AccessDenied
from analytics.local import view_tables
from analytics.local import views as local_views
from analytics.local.store import ImportRefused, LocalStoreBusy
from analytics.months import latest_complete
from analytics.published.catalogue import CORE_MEASURES
from analytics.ui import blocks, cache, shell


def save_targets(edited: pd.DataFrame, area_code: str) -> None:
    """A button callback (it runs before the next run, so a rerun cannot lose the click)."""
    try:
        batch = services.save_targets(cache.store(), cache.local_store(), edited, area_code, shell.current_user())
    except ImportRefused as refused:
        st.session_state.targets_failed = "The targets were not saved: " + "; ".join(str(p) for p in refused.problems)
        return
    except (LocalStoreBusy, AccessDenied) as busy:
        st.session_state.targets_failed = f"The targets were not saved: {busy}"
        return
    st.session_state.targets_saved = f"Targets saved as batch {batch}."


chosen = shell.current_selection()
catalogue, targets = cache.all_measures(), cache.targets(chosen.la)
page = cache.plan(chosen.la, latest_complete(date.today()))
shell.page_header("Improvement plan", chosen, "Targets and monthly trajectories from the improvement plan, rated "
                  "green, amber or red each month, with a forecast from the recent trend.", workforce=False,
                  years=blocks.figures_span(list(CORE_MEASURES), chosen) if targets.empty
                  else blocks.months_span(page.observations.month))
la_name = blocks.names_for(chosen)["la"]

observations = page.observations
blocks.demo_banner(page.batch_ids)

if targets.empty:
    editing = ("switch on *Edit the targets* at the bottom of this page and add a row per target"
               if shell.current_user().may("target edit") else "ask an analyst to add them")
    st.info(f"No targets are set for {la_name}. To set them, {editing}, or import a target file (measure, month, "
            "value, tolerance, source, owner) on *Import figures*. Until then the headline published figures "
            "below show where it stands.", icon=":material/flag:")
    st.subheader("Where it stands on the published figures")
    blocks.trend_overview(list(CORE_MEASURES), chosen, "plan_published")
else:
    plan = page.view
    st.subheader("Where each measure stands")
    blocks.static_table(plan.table)
    st.caption("Green: on or better than the trajectory; amber: within the tolerance; red: worse. "
               "RAG compares the latest figure with the trajectory for its month (targets joined by straight "
               "lines), by the measure's direction; the Workforce Board and the board packs rate it the same way. "
               "The outlook fits a straight line through the latest six monthly figures (at least three) and adds "
               "what the process limits say.")

    st.subheader("Priority areas")
    area = blocks.linked_selectbox("Priority area", list(plan.areas), "plan_area")
    owners, in_area = plan.areas[area]
    st.markdown(f"**Owner:** {owners}")
    for item in in_area:
        st.markdown(f"##### {item.label}")
        forecast_month = item.view.forecast.month if item.view.forecast else None
        used = set(observations[observations.measure_id == item.view.measure_id].batch_id.dropna().astype(int))
        st.plotly_chart(charts.trajectory(item.view, catalogue.loc[item.view.measure_id], la_name, forecast_month,
                                          local_views.LOCAL_SOURCE, local_views.synthetic(cache.batches(), used)),
                        key=f"trajectory_{item.view.measure_id}",
                        config={"displaylogo": False})
        st.markdown(item.summary)
        blocks.table_view(view_tables.series_table([item.view], catalogue), item.label, f"plan_{item.view.measure_id}",
                          blocks.places([item.view.measure_id]))
        with st.expander("Where the targets come from"):
            for source in item.sources:
                st.markdown(f"- {source}")

if shell.current_user().may("target edit"):
    st.subheader("Edit the targets")
if "targets_saved" in st.session_state:
    st.success(st.session_state.pop("targets_saved"), icon=":material/check_circle:")
if "targets_failed" in st.session_state:
    st.error(st.session_state.pop("targets_failed"), icon=":material/error:")
if shell.current_user().may("target edit") and st.toggle("Edit the targets", key="edit_targets"):
    st.caption("Each row is a target: the measure, the month it is due (blank for a standing target), its value and "
               "the amber tolerance. Saving stores a new target table; the previous one can be brought back by "
               "undoing the save on the *Import figures* page.")
    editable = targets.rename(columns={"measure_id": "measure"}).reindex(columns=services.TARGET_COLUMNS)
    editable["target_date"] = pd.to_datetime(editable.target_date)
    edited = st.data_editor(
        editable, num_rows="dynamic", hide_index=True, width="stretch", key="targets_editor",
        column_config={
            "measure": st.column_config.SelectboxColumn("Measure", options=sorted(catalogue.index), required=True),
            "target_date": st.column_config.DateColumn("Target month", format="MMM YYYY"),
            "value": st.column_config.NumberColumn("Target", required=True),
            "tolerance": st.column_config.NumberColumn("Tolerance", min_value=0.0),
            "source": st.column_config.TextColumn("Source"), "owner": st.column_config.TextColumn("Owner"),
            "priority_area": st.column_config.TextColumn("Priority area"),
        })
    st.caption(f"The change is recorded as {shell.current_user().identity}.")
    st.button("Save targets", type="primary", key="targets_save", on_click=save_targets, args=(edited, chosen.la))
shell.footer()
