"""Overview: one tile per headline measure, and the LA's Ofsted judgements."""

import pandas as pd
import streamlit as st

from analytics.formatting import BAND_TEXT
from analytics.published import summaries
from analytics.published.catalogue import BASES, OVERVIEW_MEASURES
from analytics.published.ingest.ofsted import JUDGEMENT_LABELS
from analytics.published.sources import PUBLICATIONS
from analytics.ui import blocks, cache, shell

chosen = shell.current_selection()
measures = cache.measures()
names = blocks.names_for(chosen)
# red, amber and green mean a RAG rating only; the change on the year before is an arrow (up or down) and a word
RAG_BADGES = {"green": "green", "amber": "orange", "red": "red"}

shown = cache.tables_in_view(OVERVIEW_MEASURES, chosen)
span = blocks.figures_span(OVERVIEW_MEASURES, chosen)
shell.page_header("Overview", chosen, "Latest published figure for each headline measure, the change on the "
               "year before (better or worse by the measure's direction), how it compares, and its RAG rating "
               "against its neighbours and England, as the board packs rate it.", years=span)

for position, measure_id in enumerate(OVERVIEW_MEASURES):
    if position % 3 == 0:  # a row of three: its tiles stretch to the tallest, so nothing in one is cut off
        columns = st.columns(3)
    measure = measures.loc[measure_id]
    base = cache.benchmark(BASES[measure_id][0], chosen.la, chosen.model)[0] if measure_id in BASES else None
    tile = summaries.tile(shown[measure_id], measure, chosen.average, base)
    with columns[position % 3].container(border=True, height="stretch"):
        st.markdown(f"**{tile.label}**")  # wraps, where a metric's label would be cut off
        # a missing figure's reason is too long for a metric's large type: it is written out under it
        st.metric(tile.label, tile.value_text if tile.value is not None else "No figure", help=measure["definition"],
                  label_visibility="collapsed")
        if tile.value is None:
            st.caption(f"**{tile.period or 'No figures'}**: {tile.value_text}")
        blocks.tile_chart(measure_id, chosen)
        arrow = "" if not tile.change else "▲" if tile.change > 0 else "▼"
        change = (f":gray-badge[{arrow} {tile.change_text} ({tile.direction}) on the year before]".replace("[ ", "[")
                  if tile.change_text else ":gray-badge[no change on the year before to show]")
        if tile.rating.rag:
            change += f" :{RAG_BADGES[tile.rating.rag]}-badge[RAG: {tile.rating.label}]"
        band = BAND_TEXT.get(tile.band, "not banded") if tile.band else "not banded"
        st.markdown(change)
        small = " (small base)" if tile.caveat else ""
        st.caption(f"**{tile.period or 'No figures'}** · {tile.comparison_text}  \n"
                   f"Ranked {tile.rank_text}{small} (1 = best) · quartile band {band}{small}  \n"
                   f"RAG: {tile.rating.text}")
        if tile.caveat:
            st.markdown(f":orange-badge[Small base] {tile.label} {tile.caveat}.")

st.header("Ofsted inspection")
inspections = cache.store().inspections(chosen.la)
if inspections.empty:
    st.info("Ofsted's ILACS history has no inspection of this LA (it may predate ILACS or have been "
            "abolished before its first one).")
else:
    latest = inspections[inspections.latest]
    current = latest.iloc[0] if not latest.empty else inspections.iloc[0]
    st.markdown(f"Latest ILACS judgement: **{current.overall}** ({current.inspection_type}, inspected "
                f"{current.inspection_date:%d %B %Y}, published {current.publication_date:%d %B %Y}).")
    blocks.static_table(pd.DataFrame({"Judgement": list(JUDGEMENT_LABELS.values()),
                                      "Grade": [current[k] if isinstance(current[k], str) else "not judged then"
                                                for k in JUDGEMENT_LABELS]}))
    history = inspections.rename(columns={"inspection_date": "Inspected", "publication_date": "Published",
                                          "inspection_type": "Type"} | JUDGEMENT_LABELS)
    st.subheader("ILACS history")
    dated = history.assign(Inspected=[f"{d:%d %b %Y}" for d in history.Inspected],
                           Published=[f"{d:%d %b %Y}" for d in history.Published])
    blocks.static_table(dated[["Inspected", "Published", "Type", *JUDGEMENT_LABELS.values()]]
                        .fillna({label: "not judged then" for label in JUDGEMENT_LABELS.values()}))
    st.caption(PUBLICATIONS["ofsted"].attribution)
shell.footer()
