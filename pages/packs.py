"""Board packs: a meeting's paper for the LA in the sidebar, as PDF or one self-contained HTML file."""

from datetime import date

import streamlit as st

from analytics import services
from analytics.access import AccessDenied
from analytics.exports import csv_bytes
from analytics.local.store import LocalStoreBusy
from analytics.months import latest_complete, months_back, out_of_date
from analytics.packs.meetings import MEETINGS, PackRequest
from analytics.published.geography import MODELS
from analytics.ui import cache, shell

chosen = shell.current_selection()
shell.page_header("Board packs", chosen, "One-click papers: a cover, a summary with RAG ratings, a page per measure "
               "with its definition, chart, commentary written from the figures and the source, and an annex of "
               "rules and publications.", figures=False)

months = months_back(date.today(), 60)
left, middle, right = st.columns([2, 1, 1])
meeting_key = left.selectbox("Meeting", list(MEETINGS), format_func=lambda k: MEETINGS[k].title, key="pack_meeting")
held = cache.figures(chosen.la, list(MEETINGS[meeting_key].local_measures)).series
own_latest = max(held.month) if len(held) else None
# the latest month the council has figures for, so a pack does not quietly drop them by opening on this month
default = months.index(own_latest) if own_latest in months else 0
period = middle.selectbox("Month of the meeting", months, index=default, format_func=lambda d: f"{d:%B %Y}",
                          key="pack_period")
file_format = right.radio("Format", ["PDF", "HTML"], key="pack_format", horizontal=True,
                          help="HTML is one file that opens offline, with charts you can hover and zoom.")
meeting = MEETINGS[meeting_key]
public = st.checkbox("Public paper: apply the small-number rules", value=meeting.public, disabled=meeting.public,
                     key=f"pack_public_{meeting_key}",
                     help="The scrutiny committee's papers are always public. Published DfE figures are shown as "
                          "published; counts from the council's own records of 1 to 5 are shown as 'c'.")
labels = cache.measures().loc[list(meeting.measures), "label"]
own = cache.all_measures().loc[list(meeting.local_measures), "label"]
st.caption(f"{meeting.purpose} Measures: {'; '.join(labels)}. From the council's own figures, where it has current "
           f"ones: {'; '.join(own)}. Neighbours: {MODELS[chosen.model]} ({chosen.average}), as chosen in the sidebar.")

if own_latest is not None:
    stale = out_of_date(own_latest, latest_complete(date.today()))
    stale = f" They are {stale} (the latest complete month)." if stale else ""
    st.info(f"The council's own figures for this meeting run to **{own_latest:%B %Y}**, so the month opens "
            f"there.{stale}", icon=":material/calendar_month:")
request = PackRequest(chosen.la, meeting_key, period, chosen.model, chosen.average, public)
if st.button("Build the pack", type="primary", key="pack_build"):
    bar = st.progress(0.0, text="Gathering the figures")
    try:
        st.session_state["pack_built"] = (request, file_format, *services.make_pack(
            cache.published(), cache.local_store(), shell.current_user(), request, file_format,
            cache.all_measures(), lambda done, text: bar.progress(min(done, 1.0), text=text),
            cache.chromium() if file_format == "PDF" else None))
        bar.progress(1.0, text="Done")
    except (FileNotFoundError, RuntimeError, TimeoutError, LocalStoreBusy, AccessDenied) as exc:
        bar.empty()
        st.error(f"The pack could not be built: {exc}", icon=":material/error:")

built = st.session_state.get("pack_built")
if built and built[:2] == (request, file_format):
    _, _, pack, data = built
    name = f"{pack.la_name} {meeting_key} {period:%Y-%m}".replace(" ", "-").lower()
    local_count = sum(s.is_local for s in pack.sections)
    own_text = f" ({local_count} from the council's own figures)" if local_count else ""
    st.success(f"{pack.title}: {pack.pages} pages, {len(pack.sections)} measures{own_text}"
               f"{' (public: small numbers suppressed)' if pack.public else ''}.", icon=":material/task_alt:")
    for notice in pack.demo:
        st.warning(notice, icon=":material/science:")
    if pack.left_out:
        st.warning("Left out of this pack, from the council's own figures: " + "; ".join(pack.left_out) + ".",
                   icon=":material/visibility_off:")
    suffix, mime = ("pdf", "application/pdf") if file_format == "PDF" else ("html", "text/html")
    st.download_button(f"Download the pack ({file_format})", data, file_name=f"{name}.{suffix}", mime=mime,
                       type="primary", key="pack_download")
    st.download_button("Download the figures in the pack (CSV)", csv_bytes(pack.figures_table()),
                       file_name=f"{name}-figures.csv", mime="text/csv", key="pack_csv")
    st.subheader("Summary")
    st.dataframe(pack.summary_table(), hide_index=True, width="stretch")
shell.footer()
