"""The stalking performance dashboard: sign-in, routing, global filters and the as-at banner.

STALKING_DB=data/stalking.duckdb streamlit run app.py
"""

from __future__ import annotations

import streamlit as st

from dashboards import data, filters, navigation, signin
from queries.api import NeedsRebuild, NoDatabase

st.set_page_config(
    page_title="Stalking performance", page_icon="dashboards/assets/favicon.png", layout="wide"
)
who = signin.current_access()
st.session_state["access"] = who
sections = navigation.sections_for(who.case_level)
page = st.navigation(  # the first page a person may see is the default
    {
        section: [st.Page(p.path, title=p.title, icon=p.icon) for p in specs]
        for section, specs in sections.items()
    }
)
st.session_state["page_title"] = page.title
signin.identity_panel(who)
try:
    st.session_state["filters"] = filters.sidebar()
except NoDatabase as missing:
    st.title("Stalking performance dashboard")
    st.error(f"No data loaded yet. {missing}")
    st.code(f"python -m pipelines load EXTRACT_DIR --db {data.db_path()}")
    st.stop()
filters.banner()
try:
    page.run()
except data.NotPermitted as refused:
    st.error(f"Not shown to your role: {refused}.")
except NeedsRebuild:
    st.error(
        "This page needs measures the database does not have yet: rebuild it with "
        f"`python -m pipelines rebuild --db {data.db_path()}`."
    )
