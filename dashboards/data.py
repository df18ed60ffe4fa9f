"""The pages' one way to data: queries.api through Streamlit's caches, as the signed-in
person is allowed to see it.

- One cached Store per database path (it reopens the file when a load swaps a new one in)
  and cached results keyed by the query, its filters and the file's version, so a new load
  shows without a restart and a click costs nothing.
- Every query that takes areas gets the person's areas (queries.access.Access.restrict):
  the filter is a bound parameter of the SQL, whatever the page asked for.
- Case-level queries are refused to a role that sees aggregates only, and every case-level
  result shown is written to the audit (queries.audit), as is every case-level download.
- For aggregate-only roles, counts of 1 to 4 are suppressed (queries.privacy) before any
  page code sees them.
"""

from __future__ import annotations

import inspect
import os
from pathlib import Path

import pandas as pd
import streamlit as st

from queries import api, audit, privacy
from queries.access import LOCAL, Access

DEFAULT_DB = "data/stalking.duckdb"

# Who may run which query: an allow-list, checked on the call's bound arguments. A query
# in no list is refused to everyone until it is placed in one.
AGGREGATE = {
    "area_change", "area_rates", "areas", "boundaries", "breakdown", "catalogue_frame",
    "data_quality", "dmm_flag_counts", "foi_answers", "hex_bins", "implausible_counts",
    "load_log", "load_tables", "lsoa_cases", "measure_by_area", "measure_league",
    "measure_totals", "measure_trend", "months_available", "screening_triggers", "settings",
    "status", "supplied_tables",
}  # fmt: skip
# Queries returning case references or case locations: case-level roles; audited when shown.
CASE_LEVEL = {"case_list", "case_points", "dmm_cases", "dmm_flags", "screening"}
# Case-level and not limited to areas (values, references, check examples): analysts only.
ANALYST_ONLY = {"rejects", "last_check", "last_load_attempt"}
# data_quality's views, by who may see them.
DQ_AGGREGATE = {"dq_completeness", "dq_freshness", "dq_rejects_by_reason", "dq_unknown_codes"}
DQ_ANALYST_ONLY = {"dq_crimes_without_principal", "dq_implausible_timelines"}
# Files beside the database that change without it (a check, a refused load): read afresh.
UNCACHED = {"last_check", "last_load_attempt"}


class NotPermitted(Exception):
    """The person's role may not see this."""


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
def _run(_store: api.Store, version: tuple, function: str, args: tuple, kwargs: tuple):
    return getattr(api, function)(_store, *args, **dict(kwargs))


def check_permitted(function: str, named: dict, who: Access) -> None:
    """Refuse a query the person's role may not run (named: its bound arguments)."""
    if function == "data_quality":
        view = named.get("name")
        if view in DQ_AGGREGATE or (view in DQ_ANALYST_ONLY and who.role == "analyst"):
            return
        raise NotPermitted(f"the data-quality view {view} is not shown to the {who.role} role")
    if function in AGGREGATE:
        return
    if function in CASE_LEVEL:
        if who.case_level:
            return
        raise NotPermitted(f"{function} lists cases; the {who.role} role sees aggregates only")
    if function in ANALYST_ONLY and who.role == "analyst":
        return
    raise NotPermitted(f"{function} is not shown to the {who.role} role")


def scoped(function: str, args: tuple, kwargs: dict, who: Access) -> dict:
    """The call's arguments by name (store left out), with its areas replaced by those the
    person may read."""
    signature = inspect.signature(getattr(api, function))
    bound = signature.bind(None, *args, **kwargs)
    if "areas" in signature.parameters:
        bound.arguments["areas"] = who.restrict(bound.arguments.get("areas"))
    return {name: value for name, value in bound.arguments.items() if name != "store"}


def get(function: str, *args, **kwargs):
    """Call queries.api.<function>(store, *args, **kwargs) as the person may see it, cached
    by filters and load."""
    who = access()
    named = scoped(function, args, kwargs, who)
    check_permitted(function, named, who)
    s = store()
    if function in UNCACHED:
        result = getattr(api, function)(s, **named)
    else:
        result = _run(s, s.version(), function, (), tuple(sorted(named.items())))
    if (
        function in CASE_LEVEL
        or function in ANALYST_ONLY
        or function == "data_quality"
        and (named.get("name") in DQ_ANALYST_ONLY)
    ):
        _audit_view(who, function, named, result)
    if who.aggregates_only:
        result = privacy.mask(result, function)
    return result


def _audit_view(who: Access, function: str, named: dict, result) -> None:
    """Record a case-level view once per session for the same query and filters."""
    key = (function, repr(sorted(named.items())))
    seen = st.session_state.setdefault("_audited", set())
    if key in seen:
        return
    seen.add(key)
    rows = len(result) if hasattr(result, "__len__") else None
    _record(who, "view", function, named, rows)


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
