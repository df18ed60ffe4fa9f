"""The stalking performance dashboard: routing, global filters and the as-at banner.

STALKING_DB=data/stalking.duckdb streamlit run app.py
"""

from __future__ import annotations

import streamlit as st

from dashboards import data, filters
from queries.api import NoDatabase

PAGES = {
    "Meetings": [
        st.Page(
            "dashboards/daily_meeting.py",
            title="Daily meeting",
            icon=":material/checklist:",
            default=True,
        ),
        st.Page(
            "dashboards/performance.py", title="Performance board", icon=":material/monitoring:"
        ),
        st.Page(
            "dashboards/recommendations.py", title="Recommendations", icon=":material/task_alt:"
        ),
    ],
    "Analysis": [
        st.Page(
            "dashboards/recording.py", title="Recording and screening", icon=":material/search:"
        ),
        st.Page("dashboards/online.py", title="Online stalking", icon=":material/forum:"),
        st.Page("dashboards/hotspots.py", title="Hotspots", icon=":material/map:"),
        st.Page(
            "dashboards/investigation.py",
            title="Investigation and outcomes",
            icon=":material/gavel:",
        ),
        st.Page("dashboards/victims.py", title="Victims", icon=":material/support:"),
        st.Page("dashboards/data_quality.py", title="Data quality", icon=":material/fact_check:"),
    ],
}

st.set_page_config(
    page_title="Stalking performance", page_icon="dashboards/assets/favicon.png", layout="wide"
)
page = st.navigation(PAGES)
try:
    st.session_state["filters"] = filters.sidebar()
except NoDatabase as missing:
    st.title("Stalking performance dashboard")
    st.error(f"No data loaded yet. {missing}")
    st.code(f"python -m pipelines load EXTRACT_DIR --db {data.db_path()}")
    st.stop()
filters.banner()
page.run()
