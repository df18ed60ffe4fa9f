"""One case whole (the case page), and the cases behind a figure (drill-through).

Case level: refused to the board role, narrowed to the person's areas, audited (queries.door).
A case outside the areas read has no page: every query of it returns nothing.
"""

from __future__ import annotations

import pandas as pd

from common import decisions as store_of_decisions

from ..catalogue import catalogue
from ..door import CASE_LEVEL, query
from ..store import Period, Store
from ._params import areas as area_list
from ._params import filters
from .decisions import UK


@query(CASE_LEVEL)
def measure_cases(
    store: Store, measure_id: str, period: Period, areas: list[str] | None = None
) -> pd.DataFrame:
    """The cases (or victims, or breaches) behind a measure's figure for the period and
    areas, each marked met or not: those that did not meet it first."""
    if measure_id not in {m.id for m in catalogue()}:
        raise ValueError(f"no measure called {measure_id!r}")
    return store.run("measure_cases", view=f"msr_{measure_id}", **filters(period, areas))


@query(CASE_LEVEL)
def case_summary(store: Store, crime_ref: str, areas: list[str] | None = None) -> pd.DataFrame:
    """The case's heading: one row, or none when it is not within the areas."""
    return store.run("case_summary", crime_ref=crime_ref, areas=area_list(areas))


@query(CASE_LEVEL)
def case_flags(store: Store, crime_ref: str, areas: list[str] | None = None) -> pd.DataFrame:
    """The case's daily-meeting flags and reasons, most urgent first."""
    return store.run("case_flags", crime_ref=crime_ref, areas=area_list(areas))


@query(CASE_LEVEL)
def case_links(store: Store, crime_ref: str, areas: list[str] | None = None) -> pd.DataFrame:
    """Crimes sharing a suspect or victim with the case within the repeat window."""
    return store.run("case_links", crime_ref=crime_ref, areas=area_list(areas))


@query(CASE_LEVEL, cached=False)
def case_timeline(store: Store, crime_ref: str, areas: list[str] | None = None) -> pd.DataFrame:
    """Every event of the case in time order, the meeting's decisions among them (UK time)."""
    events = store.run("case_timeline", crime_ref=crime_ref, areas=area_list(areas))
    if events.empty:
        return events
    path = store_of_decisions.decisions_path(store.path)
    decided = [
        {
            "at": d.recorded_at.astimezone(UK).replace(tzinfo=None),
            "kind": "decision",
            "event": f"Meeting of {d.meeting_on:%d %b %Y} decided: {d.action.replace('_', ' ')}, "
            f"owner {d.owner}"
            + (f", review {d.review_on:%d %b %Y}" if d.review_on else "")
            + (f". {d.note}" if d.note else ""),
        }
        for d in store_of_decisions.read(path, [crime_ref])
    ]
    if not decided:
        return events
    timeline = pd.concat([events, pd.DataFrame(decided)], ignore_index=True)
    return timeline.sort_values(["at", "kind"], kind="stable").reset_index(drop=True)
