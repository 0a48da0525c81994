"""The yardstick for benchmarks/page_load.py: a Streamlit page with one Plotly chart and nothing else.

It uses the dashboard's page settings (wide layout), so only what is on the page differs.
"""

import streamlit as st

from analytics import charts
from analytics.published.benchmarks import prepare_measure
from analytics.published.geography import Geography
from analytics.published.store import Store


@st.cache_resource
def figure():
    store = Store()
    measure = store.measures().set_index("id").loc["sw_turnover_rate"]
    table, _ = prepare_measure(store.observations("sw_turnover_rate"), Geography.from_store(store),
                               measure).for_la("332", "2021")
    return charts.trend(table, measure, {"la": "Dudley", "region": "West Midlands", "england": "England"},
                        ("sn", "region", "england"))


st.set_page_config(layout="wide")
st.plotly_chart(figure())
