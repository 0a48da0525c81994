"""Children's services benchmarking dashboard: `streamlit run app.py` (the frame and navigation are in
analytics.ui.shell)."""

from analytics.ui import shell

shell.run()
