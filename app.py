"""The stalking performance dashboard: routing, global filters and the as-at banner.

STALKING_DB=data/stalking.duckdb streamlit run app.py
"""

from __future__ import annotations

import streamlit as st

from dashboards import data, filters, navigation
from queries.api import NoDatabase

PAGES = {
    section: [
        st.Page(p.path, title=p.title, icon=p.icon, default=(p == navigation.pages()[0]))
        for p in specs
    ]
    for section, specs in navigation.SECTIONS.items()
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
