"""The pages' one way to data: `get(api.<query>, ...)`, as the signed-in person may see it.

The door itself (who may run which query, with which areas) is queries.door: each query
declares its access and privacy rule where it is defined. This module adds what a page needs
around it:
- one cached Store per database path (it reopens the file when a load swaps a new one in),
  and cached results keyed by the query, its arguments and the file's version, so a new load
  shows without a restart and a click costs nothing;
- the audit of every case-level result shown (once per session for the same query and
  arguments) and of every case-level download;
- for roles that see aggregates only, a check that every count the query declares arrived
  rounded (queries.privacy: the SQL rounds, the door refuses anything else).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

from queries import api, audit, decisions, privacy
from queries.access import LOCAL, Access
from queries.door import Call, NotPermitted, prepare

__all__ = [
    "NotPermitted",
    "get",
    "access",
    "store",
    "db_path",
    "record_decision",
    "audit_download",
    "audit_rows",
]

DEFAULT_DB = "data/stalking.duckdb"


def db_path() -> Path:
    return Path(os.environ.get("STALKING_DB", DEFAULT_DB))


def access() -> Access:
    """Who is using the app (set by app.py after sign-in; LOCAL when access control is off)."""
    return st.session_state.get("access", LOCAL)


@st.cache_resource(show_spinner=False)
def _store(path: str) -> api.Store:
    return api.Store(path)


def store() -> api.Store:
    return _store(str(db_path()))


@st.cache_data(show_spinner=False, max_entries=512)
def _run(_store: api.Store, version: tuple, name: str, arguments: tuple, _function: Callable):
    return _function(_store, **dict(arguments))


def get(function: Callable, *args, **kwargs):
    """Call a query of queries.api (`get(api.measure_totals, period, areas)`) as the person
    may see it: refused if their role may not run it, narrowed to their areas, cached by
    arguments and load, audited when case-level, counts rounded for aggregate-only roles."""
    who = access()
    call = prepare(function, args, kwargs, who)
    s = store()
    if call.rule.cached:
        result = _run(s, s.version(), call.rule.name, call.key(), call.function)
    else:
        result = call.function(s, **call.arguments)
    if call.rule.audited:
        _audit_view(who, call, result)
    if who.aggregates_only and call.rule.counts_people:
        privacy.verify(result, call.rule, rounding_base())
    return result


def rounding_base() -> int:
    """The multiple every count an aggregate-only role sees is rounded to."""
    return int(get(api.settings)["disclosure_rounding_base"])


def _audit_view(who: Access, call: Call, result) -> None:
    """Record a case-level view once per session for the same query and arguments."""
    key = (call.rule.name, repr(call.key()))
    seen = st.session_state.setdefault("_audited", set())
    if key in seen:
        return
    seen.add(key)
    rows = len(result) if hasattr(result, "__len__") else None
    _record(who, "view", call.rule.name, call.arguments, rows)


def record_decision(crime_ref: str, **fields):
    """Record a daily-meeting decision as the person using the app (queries.decisions:
    NotPermitted or DecisionRefused when it cannot be); audited."""
    return decisions.record(
        store(),
        access(),
        crime_ref=crime_ref,
        audit_file=audit.audit_path(db_path()),
        page=st.session_state.get("page_title"),
        **fields,
    )


def audit_download(file_name: str, rows: int, filters: dict) -> None:
    """Record a case-level download (called when the download button is clicked)."""
    _record(access(), "download", file_name, filters, rows)


def _record(who: Access, action: str, what: str, filters: dict, rows: int | None) -> None:
    audit.record(
        audit.audit_path(db_path()),
        user=who.user,
        role=who.role,
        action=action,
        page=st.session_state.get("page_title"),
        what=what,
        filters=filters,
        rows=rows,
    )


def audit_rows(limit: int = 1000) -> pd.DataFrame:
    """The audit, newest first (analysts only)."""
    if access().role != "analyst":
        raise NotPermitted("the audit is for analysts only")
    return pd.DataFrame(
        audit.rows(audit.audit_path(db_path()), limit),
        columns=["at", "user", "role", "action", "page", "what", "filters", "rows"],
    )
