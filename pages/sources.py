"""Data sources: every publication used, its licence and attribution, and what the special codes mean."""

import pandas as pd
import streamlit as st

from analytics.local.keys import PRIVACY
from analytics.published.benchmarks import RULES
from analytics.published.sources import LICENCE, LICENCE_URL
from analytics.published.summaries import latest_edition_changes
from analytics.suppression import CODES
from analytics.ui import blocks, cache, shell

chosen = shell.current_selection()
shell.page_header("Data sources", chosen, workforce=False, figures=False)
st.markdown(f"Every figure on these pages is published by the Department for Education, Ofsted or the Office "
            f"for National Statistics, and is used under the [{LICENCE}]({LICENCE_URL}): *contains public "
            f"sector information licensed under the Open Government Licence v3.0*. The files are carried with "
            f"the dashboard unchanged; nothing is fetched from the internet.")
publications = cache.store().publications()
# a zero-width space after each underscore lets a long file name wrap inside its cell (the editions table below
# gives each name whole)
blocks.static_table(publications.assign(host=[u.split("/")[2] for u in publications.url],
                                        files=publications.files.str.replace("_", "_\u200b")).rename(columns={
    "title": "Publication", "publisher": "Publisher", "edition": "Edition", "period": "Period covered",
    "files": "Files", "host": "Where to find it"})
    [["Publication", "Publisher", "Edition", "Period covered", "Files", "Where to find it", "url"]],
    links={"Where to find it": "url"})
for row in publications.itertuples():
    st.caption(row.attribution)

st.header("Editions of each release")
st.markdown("The DfE's files are recognised by what they hold, whatever they are called: drop the next edition "
            "into `data/dfe` and rebuild. Where two editions cover a year, the newer one gives it; an older "
            "edition gives only the years no newer one has.")
files = cache.store().release_files()
st.dataframe(files.rename(columns={
    "publication": "Publication", "table_key": "Table", "file": "File", "edition": "Edition (1 = newest)",
    "file_date": "File date", "years": "Years in the file", "years_used": "Years it gives",
    "measures": "Measures read", "unused_columns": "Columns no measure uses"}).drop(columns="Publication"),
    hide_index=True, width="stretch", column_config={"File date": st.column_config.DateColumn(format="D MMM YYYY")})
st.subheader("What changed in the latest edition")
changes = latest_edition_changes(files, cache.store().revisions(), cache.measures())
if changes.empty:
    st.markdown("No figure in the latest editions differs from the edition before it (or there is only one "
                "edition of each release).")
else:
    st.markdown(f"{len(changes):,} figures differ from the edition before: revised, newly suppressed, "
                "published where there was a code, or given another code.")
    st.dataframe(changes, hide_index=True, width="stretch")

st.header("Missing figures and what the codes mean")
st.markdown("A figure the publisher did not release is shown as missing with its reason, never as zero. "
            "On charts it is a gap, with the reason when you hover over the grey column.")
st.dataframe(pd.DataFrame({"Code": list(CODES), "Meaning": list(CODES.values())}), hide_index=True,
             width="stretch")

st.header("How comparisons are worked out")
for heading, text in RULES:
    st.markdown(f"**{heading}.** {text}")
st.header("The council's own figures and children's privacy")
st.markdown(f"The council's own figures (Import figures page) come from its files: monthly figures, Ofsted Annex A "
            f"extracts and workforce census returns. {PRIVACY}")
info = cache.store().build_info()
st.caption(f"Figures loaded {info.get('built_at', 'unknown')}: {int(info.get('measures', 0)):,} measures, "
           f"{int(info.get('observations', 0)):,} published figures.")
shell.footer()
