"""Daily meeting: open stalking cases that need a decision today, with the reasons."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, data, exports, widgets

FLAG_LABELS = {
    "recent_breach": "Recent breach of an order",
    "high_risk": "High risk",
    "no_protection": "High risk, suspect unprotected",
    "high_risk_no_arrest": "High risk, no arrest",
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

all_flags = data.get("dmm_flags", areas=f.areas)
if all_flags.empty:
    widgets.no_data("no open stalking case is flagged for the chosen areas.")
    st.stop()

counts = (
    all_flags.groupby("flag")
    .agg(cases=("crime_ref", "nunique"), severity=("severity", "min"))
    .reset_index()
    .sort_values("severity")
)
counts["label"] = counts["flag"].map(FLAG_LABELS)
chosen = st.multiselect(
    "Show cases with any of these flags",
    options=list(counts["flag"]),
    format_func=lambda x: FLAG_LABELS.get(x, x),
    key="dmm_flags",
    placeholder="All flags",
)
cases = data.get("dmm_cases", areas=f.areas, flags=chosen or None)

new = cases[cases["flags"].str.contains(r"\bnew\b")]
left, right = st.columns([2, 3])
with left:
    st.metric("Open cases flagged", f"{len(cases):,}")
    st.metric(
        "New since the last meeting",
        f"{len(new):,}",
        help="Reported within 24 hours of the as-at moment (72 hours on a Monday).",
    )
with right:
    st.plotly_chart(
        charts.bars(
            counts,
            "label",
            "cases",
            horizontal=True,
            text="cases",
            title="Cases per flag",
            height=360,
        ),
        width="stretch",
        config={"displaylogo": False},
    )

st.subheader("Cases")
widgets.table(
    cases[
        [
            "crime_ref",
            "flags",
            "reasons",
            "risk_level",
            "area_code",
            "reported_at",
            "current_principal_code",
            "allocated_unit",
        ]
    ],
    column_config={
        "crime_ref": "Crime",
        "flags": "Flags",
        "reasons": "Reasons",
        "risk_level": "Risk",
        "area_code": "Area",
        "reported_at": st.column_config.DatetimeColumn("Reported", format="D MMM YYYY HH:mm"),
        "current_principal_code": "Principal",
        "allocated_unit": "Unit",
    },
)
st.download_button(
    "🖨 Meeting pack (printable HTML)",
    exports.meeting_pack_html(cases, f.describe(), counts[["flag", "cases"]]),
    "daily-meeting-pack.html",
    "text/html",
    key="dmm-pack",
)
widgets.case_download(cases, "daily-meeting-cases", f, key="dmm-csv")
