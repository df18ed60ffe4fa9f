"""The stalking performance dashboard: sign-in, routing, global filters and the as-at banner.

STALKING_DB=data/stalking.duckdb streamlit run app.py
"""

from __future__ import annotations

import streamlit as st

from dashboards import data, filters, navigation, safe, share, signin
from queries.api import CorruptDatabase, NeedsRebuild, NoDatabase, UnreadableDatabase

st.set_page_config(
    page_title="Stalking performance", page_icon="dashboards/assets/favicon.png", layout="wide"
)
who = signin.current_access()
st.session_state["access"] = who
sections = navigation.sections_for(who.case_level)
page = st.navigation(  # the first page a person may see is the default
    {
        section: [
            st.Page(
                p.path,
                title=p.title,
                icon=p.icon,
                url_path=p.url_path,
                visibility="hidden" if p.hidden else "visible",
            )
            for p in specs
        ]
        for section, specs in sections.items()
    }
)
st.session_state["page_title"] = page.title
signin.identity_panel(who)
try:
    st.session_state["filters"] = filters.sidebar()  # period, areas, comparison: the address's
    filters.banner()
    asked = share.page_params()  # the page's own filters in the address (bind="query-params")
    page.run()
    share.note_dropped(asked)
except NoDatabase as missing:
    st.title("Stalking performance dashboard")
    st.error(f"No data loaded yet. {safe.md(missing)}")
    st.code(f"python -m pipelines load EXTRACT_DIR --db {data.db_path()}")
except CorruptDatabase as damaged:
    st.title("Stalking performance dashboard")
    st.error(
        f"No figures can be shown: {safe.md(damaged)}. The loader keeps the last good copy: "
        'the administrator restores it with the command below (docs/access.md, "Files, '
        'permissions and recovery"), then loads the latest extract again.',
        icon=":material/broken_image:",
    )
    st.code(f"python -m pipelines rebuild --db {data.db_path()} --recover")
except UnreadableDatabase as closed:
    st.title("Stalking performance dashboard")
    st.error(f"No figures can be shown: {safe.md(closed)}.", icon=":material/lock:")
except data.NotPermitted as refused:
    st.error(f"Not shown to your role: {safe.md(refused)}.")
except NeedsRebuild:
    st.error(
        "This page needs measures the database does not have yet: rebuild it with "
        f"`python -m pipelines rebuild --db {data.db_path()}`."
    )
