"""Daily meeting: the agenda (the flagged open cases that need a decision today, each with why),
the decision the meeting records on each, and the cases already in hand."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, data, exports, meeting, widgets
from queries import api

f = st.session_state["filters"]
st.title("Daily management meeting")
st.caption(
    "The agenda holds the flagged open stalking cases and breach-of-order crimes the meeting has "
    "not decided on, and those "
    "that need it again: a breach or a high-risk assessment since the last decision, or a "
    "review that has come due. Every other flagged case is in hand, with its latest decision "
    "below. Flags are evaluated at the as-at moment; the area filter applies, the period does "
    "not: every open case counts."
)
meeting.flash()

counts = data.get(api.dmm_flag_counts, f.areas)
if counts.empty:
    widgets.no_data("no open stalking case is flagged for the chosen areas.")
    st.stop()
# the words, read once (not per row of the ~500 cases)
flag_words, reason_words = meeting.flag_labels(), meeting.agenda_labels()
action_words = meeting.action_labels()
counts["label"] = counts["flag"].map(flag_words)
chosen = st.multiselect(
    "Show cases with any of these flags",
    options=list(counts["flag"]),
    format_func=lambda x: flag_words.get(x, x),
    key="dmm_flags",
    bind="query-params",  # in the address: a link shows the same list
    placeholder="All flags",
)
agenda = data.get(api.dmm_agenda, areas=f.areas, flags=chosen or None)
in_hand = data.get(api.dmm_in_hand, areas=f.areas, flags=chosen or None)
for frame in (agenda, in_hand):
    frame["flags"] = [meeting.words(text, flag_words) for text in frame["flags"]]
    frame["agenda_reasons"] = [meeting.words(t, reason_words) for t in frame["agenda_reasons"]]
    frame["decided_action"] = [meeting.words(a, action_words) for a in frame["decided_action"]]

settings = data.get(api.settings)
flagged = len(agenda) + len(in_hand)
new = sum(flag_words["new"] in text for text in [*agenda["flags"], *in_hand["flags"]])
left, right = st.columns([2, 3])
with left:
    first, second = st.columns(2)
    first.metric("On the agenda today", f"{len(agenda):,}")
    second.metric("In hand", f"{len(in_hand):,}")
    first.metric("Open cases flagged", f"{flagged:,}")
    second.metric(
        "New since the last meeting",
        f"{new:,}",
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
            height=340,
        ),
        source="dmm_cases",
    )

# Who and where first (the crime reference is pinned), the long reasons after them, so the
# area and risk stay in view on a 1366 px screen.
AGENDA_COLUMNS = [
    "crime_ref",
    "area_code",
    "area_name",
    "risk_level",
    "agenda_reasons",
    "flags",
    "reasons",
    "reported_at",
    "allocated_unit",
    "decided_action",
    "decided_owner",
    "decided_review_on",
]
IN_HAND_COLUMNS = [
    "crime_ref",
    "area_code",
    "area_name",
    "decided_action",
    "decided_owner",
    "decided_review_on",
    "risk_level",
    "flags",
    "reasons",
    "reported_at",
    "allocated_unit",
]
listed, listed_in_hand = agenda.head(meeting.LISTED), in_hand.head(meeting.LISTED)
st.subheader("Agenda, most urgent first")
if agenda.empty:
    st.success(
        "Nothing needs the meeting today: every flagged case is in hand.",
        icon=":material/check_circle:",
    )
else:
    widgets.case_table(listed[AGENDA_COLUMNS])
    if len(agenda) > len(listed):
        st.caption(
            f"The {len(listed):,} most urgent of {len(agenda):,} cases on the agenda are listed. "
            "Choose areas or flags to narrow the list; the case list below holds every case."
        )
    options = list(listed["crime_ref"]) + list(listed_in_hand["crime_ref"])
    why = dict(zip(listed["crime_ref"], listed["agenda_reasons"], strict=True))
    case = st.selectbox(
        "Record a decision on",
        options,
        format_func=lambda ref: f"{ref}: {why[ref]}" if ref in why else f"{ref} (in hand)",
        key="dmm-case",
    )
    meeting.decision_form(case, key="dmm")

with st.expander(f"In hand: {len(in_hand):,} cases decided, with no reason to come back today"):
    if in_hand.empty:
        st.caption("No case is in hand yet: the meeting has recorded no decision that holds.")
    else:
        widgets.case_table(listed_in_hand[IN_HAND_COLUMNS])
        if len(in_hand) > len(listed_in_hand):
            st.caption(
                f"The first {len(listed_in_hand):,} of {len(in_hand):,} cases in hand are listed."
            )

pack = st.container(horizontal=True)
with pack:
    widgets.deliver(
        "Meeting pack (printable)",
        lambda: exports.meeting_pack_html(
            agenda, in_hand, f.describe(), counts[["label", "cases"]]
        ),
        "daily-meeting-pack.html",
        "text/html",
        key="dmm-pack",
        rows=len(agenda),
        filters=f.describe(),
        icon=":material/print:",
    )
    widgets.case_download(agenda[AGENDA_COLUMNS], "daily-meeting-cases", f, key="dmm-csv")
