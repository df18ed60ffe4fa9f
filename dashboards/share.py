"""The view in the address: the sidebar's period, areas and comparison as query parameters,
so a link or a reload shows the same view.

    ?period=2025-06:2026-05&areas=E07000241,E07000243&compare=previous

The page is the address's path (st.navigation); a page's own filters are bound to the address
by Streamlit (`bind="query-params"` on the widget, its key the parameter's name).

On the first run, or when the address changed since the app last wrote it (a link followed),
the parameters are put into the sidebar widgets' session state before the widgets are drawn;
after they are drawn, the choice is written back. A parameter that cannot be used (malformed,
a month the database does not cover, an area the person may not choose) is ignored with a
quiet note in the sidebar, never an error; the areas offered are only the person's own
(api.areas through the door), so an address can never widen them.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from queries import api

from . import safe

PERIOD, AREAS, COMPARE = "period", "areas", "compare"
SIDEBAR = (PERIOD, AREAS, COMPARE)
DEFAULT_COMPARE = "year"
_APPLIED = "_address_applied"  # the address as the app last read or wrote it
_NOTES = "_address_notes"  # what was ignored from it, shown until the next link


def _address() -> tuple:
    return tuple((k, tuple(st.query_params.get_all(k))) for k in SIDEBAR)


def _values(name: str) -> list[str]:
    """A parameter's values: repeated (?areas=A&areas=B) or comma-separated (?areas=A,B)."""
    return [v.strip() for raw in st.query_params.get_all(name) for v in raw.split(",") if v.strip()]


def read(options: list[date], names: dict[str, str], default: tuple[date, date]) -> None:
    """Before the sidebar's widgets are drawn: their session state from the address (when it
    changed since the app last wrote it), else kept, with anything stale reset."""
    state = st.session_state
    # Only the first run sets a default: a widget's value read before it is drawn in a run is
    # not to be trusted (Streamlit deserialises it with the widget), and writing it back would
    # override the person's latest change.
    if PERIOD not in state:
        state[PERIOD] = default
    if COMPARE not in state:
        state[COMPARE] = DEFAULT_COMPARE
    address = _address()
    if address == state.get(_APPLIED):
        return
    state[_APPLIED] = address
    notes = []
    if PERIOD in st.query_params:
        notes += _read_period(st.query_params[PERIOD], options)
    if AREAS in st.query_params:
        notes += _read_areas(_values(AREAS), names)
    if COMPARE in st.query_params:
        asked = st.query_params[COMPARE]
        if asked in api.COMPARISONS:
            state[COMPARE] = asked
        else:
            notes.append(f"comparison “{_short(asked)}”: not one offered")
    state[_NOTES] = notes


def _read_period(text: str, options: list[date]) -> list[str]:
    asked = api.period_from_text(text)
    if asked is None:
        return [f"period “{_short(text)}”: not months written as 2025-06:2026-05"]
    if asked.start not in options or asked.end not in options:
        return [
            f"period “{_short(text)}”: outside the months the database holds "
            f"({options[0]:%b %Y} to {options[-1]:%b %Y})"
        ]
    st.session_state[PERIOD] = (asked.start, asked.end)
    return []


def _read_areas(asked: list[str], names: dict[str, str]) -> list[str]:
    known = [a for a in dict.fromkeys(asked) if a in names]
    unknown = [a for a in dict.fromkeys(asked) if a not in names]
    if known or not unknown:
        st.session_state[AREAS] = known
    if not unknown:
        return []
    # Never say whether an area exists: one the person may not see reads like a wrong code.
    shown = ", ".join(f"“{_short(a)}”" for a in unknown[:3]) + (" …" if len(unknown) > 3 else "")
    return [f"area {shown}: not one you can choose"]


def _short(text: str, limit: int = 30) -> str:
    """A parameter's value as a note quotes it: short, one line, literal (safe.md)."""
    text = " ".join(str(text).split())
    return safe.md(text if len(text) <= limit else text[: limit - 1] + "…")


def write(period: api.Period, areas: list[str] | None, compare: str) -> None:
    """After the sidebar's widgets are drawn: the choice into the address (the period always,
    so a link keeps its months when the default moves on; areas and comparison when not the
    default)."""
    wanted = {
        PERIOD: api.period_text(period),
        AREAS: ",".join(areas) if areas else None,
        COMPARE: compare if compare != DEFAULT_COMPARE else None,
    }
    for name, value in wanted.items():
        if value is None:
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get_all(name) != [value]:
            st.query_params[name] = value
    st.session_state[_APPLIED] = _address()


def notes() -> list[str]:
    """What was ignored from the address last read."""
    return list(st.session_state.get(_NOTES, []))


def show_notes() -> None:
    """The notes, quietly, in the sidebar."""
    for note in notes():
        st.caption(f":material/link_off: Ignored from the address: {note}.")


def sidebar_params() -> dict[str, str]:
    """The sidebar's parameters as the address holds them (for links to other pages)."""
    return {name: st.query_params[name] for name in SIDEBAR if name in st.query_params}


def page_params() -> dict[str, list[str]]:
    """The address's other parameters (a page's own filters) before the page runs."""
    return {k: st.query_params.get_all(k) for k in st.query_params if k not in SIDEBAR}


def note_dropped(before: dict[str, list[str]]) -> None:
    """After the page ran: a quiet note for each of its filters Streamlit found unusable in
    the address (an option the page does not offer) and dropped from it."""
    dropped = [k for k in before if k not in st.query_params]
    if dropped:
        with st.sidebar:
            st.caption(
                ":material/link_off: Ignored from the address: "
                + ", ".join(f"“{_short(k)}”" for k in dropped)
                + ": not a choice this page offers."
            )
