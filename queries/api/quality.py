"""Data quality: loads, quarantined values, implausible dates, report files, dq_* views."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from common import reports

from ..door import ANALYST, FORCE_WIDE, query
from ..store import Store
from .breakdowns import object_names


@query(FORCE_WIDE)
def load_tables(store: Store, load_id: int | None = None) -> pd.DataFrame:
    """Per load and table: file, rows read / loaded / rejected / skipped, columns dropped."""
    return store.run("load_tables", load_id=load_id)


@query(ANALYST)
def rejects(store: Store, load_id: int | None = None, limit: int = 1000) -> pd.DataFrame:
    """Quarantined values, newest load first (the raw row is left out: see load_rejects)."""
    return store.run("rejects", load_id=load_id, limit=limit)


@query(FORCE_WIDE, counts=("crimes",))
def implausible_counts(store: Store, protect: bool = False) -> pd.DataFrame:
    """Crimes per implausible-timeline check (dq_implausible_timelines), most first."""
    return store.run("implausible_counts", protect=protect)


@query(ANALYST, cached=False)
def last_check(store: Store) -> dict | None:
    """The latest `python -m pipelines check` report written beside the database (see
    common.reports.read_report for its shape), or None."""
    return reports.read_report(reports.default_report_path(store.path))


@query(ANALYST, cached=False)
def last_load_attempt(store: Store) -> dict | None:
    """The latest `python -m pipelines load` attempt, committed or refused (a refused load
    changes nothing in the database: this is its only trace), or None."""
    return reports.read_last_load(reports.last_load_path(store.path))


def data_quality(
    store: Store, name: str, counts: tuple[str, ...] = (), protect: bool = False
) -> pd.DataFrame:
    """A dq_* view as it stands; its `counts` columns randomly rounded when protect is set."""
    if name not in object_names("dq_"):
        raise ValueError(f"no data-quality view called {name!r}")
    if not counts:
        return store.run("view", view=name)
    return store.run("view_counts", view=name, units=list(counts), protect=protect)


def _view_query(view: str, level, counts: tuple[str, ...] = ()) -> Callable:
    """The data-quality view `view` as a query of its own, with its access level."""

    def run(store: Store, protect: bool = False) -> pd.DataFrame:
        return data_quality(store, view, counts, protect)

    run.__name__ = run.__qualname__ = view
    run.__doc__ = f"The data-quality view {view} (queries/sql/{view}.sql)."
    return query(level, counts=counts, name=view)(run)


dq_completeness = _view_query("dq_completeness", FORCE_WIDE)
dq_freshness = _view_query("dq_freshness", FORCE_WIDE)
dq_rejects_by_reason = _view_query("dq_rejects_by_reason", FORCE_WIDE)
dq_unknown_codes = _view_query("dq_unknown_codes", FORCE_WIDE, counts=("crimes",))
# These name crimes, or values that may identify them: analysts only.
dq_crimes_without_principal = _view_query("dq_crimes_without_principal", ANALYST)
dq_implausible_timelines = _view_query("dq_implausible_timelines", ANALYST)
