"""Daily meeting: open stalking cases that need a decision today, with the reasons."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, data, exports, widgets
from queries import api

FLAG_LABELS = {
    "recent_breach": "Recent breach of an order",
    "high_risk": "High risk",
    "no_protection": "Suspect unprotected (high risk)",
    "high_risk_no_arrest": "No arrest (high risk)",
    "no_risk_assessment": "No risk assessment",
    "spo_not_considered": "SPO not considered",
    "allocation_mismatch": "Allocation mismatch",
    "vna_missing": "Needs assessment missing",
    "no_referral": "No referral",
    "repeat_suspect": "Repeat suspect",
    "new": "New",
}

f = st.session_state["filters"]
st.title("Daily management meeting")
st.caption(
    "Open stalking cases needing a decision today, most urgent first (recent breach "
    "and high risk at the top). Flags are evaluated at the as-at moment; the area "
    "filter applies, the period does not: every open case counts."
)

counts = data.get(api.dmm_flag_counts, f.areas)
if counts.empty:
    widgets.no_data("no open stalking case is flagged for the chosen areas.")
    st.stop()

counts["label"] = counts["flag"].map(FLAG_LABELS)
chosen = st.multiselect(
    "Show cases with any of these flags",
    options=list(counts["flag"]),
    format_func=lambda x: FLAG_LABELS.get(x, x),
    key="dmm_flags",
    placeholder="All flags",
)
cases = data.get(api.dmm_cases, areas=f.areas, flags=chosen or None)
cases["flags"] = [
    " · ".join(FLAG_LABELS.get(flag, flag) for flag in text.split(", ")) for text in cases["flags"]
]

settings = data.get(api.settings)
new = cases[cases["flags"].str.contains(FLAG_LABELS["new"])]
left, right = st.columns([2, 3])
with left:
    st.metric("Open cases flagged", f"{len(cases):,}")
    st.metric(
        "New since the last meeting",
        f"{len(new):,}",
        help=f"Reported within {settings['new_case_window_hours']:g} hours of the as-at moment "
        f"({settings['new_case_window_monday_hours']:g} hours on a Monday, to cover the weekend).",
    )
    widgets.about_view("dmm_flags", "What each flag means")
with right:
    widgets.chart(
        charts.bars(
            counts,
            "label",
            "cases",
            horizontal=True,
            text="cases",
            title="Open cases per flag",
            height=380,
        ),
        source="dmm_cases",
    )

st.subheader("Cases, most urgent first")
widgets.case_table(
    cases[
        [
            "crime_ref",
            "flags",
            "reasons",
            "risk_level",
            "area_code",
            "area_name",
            "reported_at",
            "current_principal_code",
            "allocated_unit",
        ]
    ]
)
pack = st.container(horizontal=True)
with pack:
    widgets.deliver(
        "Meeting pack (printable)",
        lambda: exports.meeting_pack_html(cases, f.describe(), counts[["label", "cases"]]),
        "daily-meeting-pack.html",
        "text/html",
        key="dmm-pack",
        rows=len(cases),
        filters=f.describe(),
        icon=":material/print:",
    )
    widgets.case_download(cases, "daily-meeting-cases", f, key="dmm-csv")
