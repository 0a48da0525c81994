"""The Streamlit side: cached loaders (cache), the frame every page shares (shell) and the standard blocks pages
are built from (blocks). Nothing outside this package, app.py and pages/ imports Streamlit."""
