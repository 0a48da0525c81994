"""Children's services benchmarking dashboard: navigation and the sidebar every page shares."""

import streamlit as st

from analytics import ui

st.set_page_config(page_title="Children's services benchmarking", page_icon=":material/insights:", layout="wide")
pages = ui.navigation()
st.session_state["selection"] = ui.sidebar()
st.session_state["app_ran"] = True  # the page checks this (see ui.current_selection)
pages.run()
