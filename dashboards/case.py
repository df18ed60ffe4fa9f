"""A case's page: the case whole (what was recorded, when), its daily-meeting flags and reasons,
the meeting's decisions on it, and the crimes linked to it by a suspect or a victim.

Opened from every case list (the Case page link) with the crime reference in the address
(case?ref=...). Case level: not offered to the board role; each view audited; a case outside
the person's areas has no page.
"""

from __future__ import annotations

import streamlit as st

from dashboards import data, meeting, safe, widgets
from queries import api

f = st.session_state["filters"]
ref = st.query_params.get("ref") or st.text_input("Crime reference", key="case-ref").strip()
st.title(f"Case {safe.md(ref)}" if ref else "Case")
if not ref:
    st.caption("Open a case from any case list (its Case page link), or type its reference.")
    st.stop()

summary = data.get(api.case_summary, ref, f.areas)
if summary.empty:
    st.info(
        "No such case in the areas you may see (or in the areas chosen in the sidebar).",
        icon=":material/search_off:",
    )
    st.stop()
case = summary.iloc[0]
meeting.flash()
st.caption(
    f"{safe.md(case['area_name'])} · reported {case['reported_at']:%d %b %Y %H:%M} · "
    f"{safe.md(case['status'])} · risk {safe.md(case['risk_level'] or 'not recorded')} · "
    f"principal offence {safe.md(case['current_principal_code'] or 'not a stalking case now')} · "
    f"allocated to {safe.md(case['allocated_unit'] or 'nobody yet')}"
)

flags = data.get(api.case_flags, ref, f.areas)
left, right = st.columns([2, 3])
with left:
    st.subheader("Daily meeting")
    if flags.empty:
        st.caption("No flag: the case is not on the daily meeting's list.")
    for row in flags.itertuples():
        st.markdown(f"- **{meeting.flag_labels().get(row.flag, row.flag)}**: {safe.md(row.reason)}")
    decisions = data.get(api.case_decisions, ref, f.areas)
    if decisions.empty:
        st.caption("The meeting has recorded no decision on this case.")
    else:
        shown = decisions.assign(action=decisions["action"].map(meeting.action_labels()))
        widgets.table(
            shown[["meeting_on", "action", "owner", "review_on", "note", "recorded_by"]],
            column_config={
                "meeting_on": st.column_config.DateColumn("Meeting", format="D MMM YYYY"),
                "action": "Decision",
                "owner": "Owner",
                "review_on": st.column_config.DateColumn("Review on", format="D MMM YYYY"),
                "note": "Note",
                "recorded_by": "Recorded by",
            },
        )
with right:
    st.subheader("Timeline")
    timeline = data.get(api.case_timeline, ref, f.areas)
    widgets.table(
        timeline,
        column_config={
            "at": st.column_config.DatetimeColumn("When", format="D MMM YYYY HH:mm"),
            "kind": "What",
            "event": st.column_config.TextColumn("Event", width="large"),
        },
    )

meeting.decision_form(ref, key="case")

st.subheader("Linked crimes")
links = data.get(api.case_links, ref, f.areas)
if links.empty:
    st.caption("No other crime shares a suspect or a victim with this case in the repeat window.")
else:
    widgets.case_table(links)
