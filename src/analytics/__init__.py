"""Children's services benchmarking analytics: ingest, store, benchmarks and charts.

Everything the Streamlit pages and the command line show is computed here; the
pages only arrange widgets.
"""
