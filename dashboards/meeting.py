"""What the daily meeting's pages share: the words for flags, agenda reasons and actions, and
the form that records a decision (on the Daily meeting page and on a case's page)."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from common.decisions import ACTIONS, NOTE_MAX, DecisionRefused

from . import data, safe
from .words import labels as known_labels

# The most urgent cases the Daily meeting lists in its tables and its chooser. A meeting
# decides on tens; at 1 M crimes the agenda held 84,086 cases, and listing them all took
# 2.5 s of every filter change (issue 15). The counts, the case list download and the
# printable pack still hold every case.
LISTED = 300


def flag_labels() -> dict[str, str]:
    """The words for the meeting's flags (labels.csv, vocabulary flag: one place for them)."""
    return known_labels().get("flag", {})


def agenda_labels() -> dict[str, str]:
    """The words for why a case is on the agenda (labels.csv, vocabulary agenda_reason)."""
    return known_labels().get("agenda_reason", {})


def action_labels() -> dict[str, str]:
    """The words for a decision's action (labels.csv, vocabulary decision_action)."""
    return known_labels().get("decision_action", {})


def words(codes: str | None, labels: dict[str, str]) -> str:
    """A list of codes as written ("a, b") in words ("A · B")."""
    if not codes or (isinstance(codes, float) and pd.isna(codes)):
        return ""
    return " · ".join(labels.get(c, c) for c in str(codes).split(", "))


def decision_form(crime_ref: str, key: str) -> None:
    """Record a decision on one case: action, owner, review date and a short note. A refusal
    says which field and why, and the form keeps what was typed."""
    who = data.access()
    if not who.decides:
        st.caption(":material/lock: Your role sees the meeting's decisions but records none.")
        return
    actions = action_labels()  # the words, read once
    with st.form(f"decide-{key}", clear_on_submit=False, border=True):
        st.markdown(f"**Decision on {safe.md(crime_ref)}**")
        left, middle, right = st.columns([2, 2, 1])
        action = left.selectbox(
            "Action", ACTIONS, format_func=lambda a: actions.get(a, a), key=f"{key}-action"
        )
        owner = middle.text_input(
            "Owner",
            key=f"{key}-owner",
            placeholder="a role, team or collar number (not a name)",
        )
        today = date.today()
        review_on = right.date_input(
            "Review on", value=today + timedelta(days=7), min_value=today, key=f"{key}-review"
        )
        note = st.text_area(
            "Note",
            key=f"{key}-note",
            max_chars=NOTE_MAX,
            height=80,
            placeholder="What was agreed, in a line or two. No names, addresses, phone numbers or dates of birth.",
        )
        if not st.form_submit_button(
            "Record the decision", type="primary", icon=":material/gavel:"
        ):
            return
    try:
        data.record_decision(
            crime_ref,
            meeting_on=today,
            action=action,
            owner=owner,
            review_on=review_on,
            note=note,
        )
    except DecisionRefused as refused:
        st.error(
            f"Not recorded: the {refused.field.replace('_', ' ')}: {safe.md(refused.problem)}.",
            icon=":material/error:",
        )
    except data.NotPermitted as refused:
        st.error(f"Not recorded: {safe.md(refused)}.", icon=":material/lock:")
    else:
        st.session_state[FLASH] = (
            f"Recorded: {actions.get(action, action)} for {safe.md(crime_ref)}, owner "
            f"{safe.md(owner)}, review {review_on:%d %b %Y}."
        )
        st.rerun()  # the lists above show the decision at once


FLASH = "_decision_recorded"


def flash() -> None:
    """The confirmation of a decision just recorded (shown once, after the page reran)."""
    said = st.session_state.pop(FLASH, None)
    if said:
        st.success(said, icon=":material/check_circle:")
