"""The daily meeting's flags and cases, screening for hidden stalking, and case lists."""

from __future__ import annotations

import pandas as pd

from ..door import AGGREGATE, CASE_LEVEL, query
from ..store import Period, Store
from ._params import areas as area_list
from ._params import filters, listed


@query(CASE_LEVEL)
def dmm_flags(
    store: Store, areas: list[str] | None = None, flags: list[str] | None = None
) -> pd.DataFrame:
    """Every open case's flags, most urgent first."""
    return store.run("dmm_flags", areas=area_list(areas), flags=listed(flags))


@query(AGGREGATE, counts=("cases",))
def dmm_flag_counts(
    store: Store, areas: list[str] | None = None, protect: bool = False
) -> pd.DataFrame:
    """Open cases per daily-meeting flag, most urgent flag first."""
    return store.run("dmm_flag_counts", areas=area_list(areas), protect=protect)


@query(CASE_LEVEL)
def dmm_cases(
    store: Store, areas: list[str] | None = None, flags: list[str] | None = None
) -> pd.DataFrame:
    """One row per flagged open case with all its flags and reasons, most urgent first.

    With flags given, only cases carrying at least one of them (with all their flags).
    """
    return store.run("dmm_cases", areas=area_list(areas), flags=listed(flags))


@query(CASE_LEVEL)
def screening(
    store: Store,
    period: Period,
    areas: list[str] | None = None,
    triggers: list[str] | None = None,
) -> pd.DataFrame:
    """Crimes to screen for hidden stalking, newest first, with their triggers; with
    triggers given, only crimes meeting at least one of them."""
    return store.run("screening", triggers=listed(triggers), **filters(period, areas))


@query(AGGREGATE, counts=("crimes",))
def screening_triggers(
    store: Store, period: Period, areas: list[str] | None = None, protect: bool = False
) -> pd.DataFrame:
    """Screening candidates per trigger (a crime meeting two triggers counts under both)."""
    return store.run("screening_triggers", protect=protect, **filters(period, areas))


# --- case lists ----------------------------------------------------------------------------


@query(CASE_LEVEL)
def case_list(
    store: Store,
    period: Period,
    areas: list[str] | None = None,
    *,
    online: bool | None = None,
    hidden: bool | None = None,
    reclassified: bool | None = None,
    risk_level: str | None = None,
    status: str | None = None,
    relationship: str | None = None,
    method: str | None = None,
    s18_without_indictable: bool | None = None,
) -> pd.DataFrame:
    """Stalking cases for a drill-down, newest first; each keyword narrows when given.

    method: cases with that online method; s18_without_indictable: cases with an s.18
    search and no current indictable classification (the measure's numerator).
    """
    return store.run(
        "case_list",
        online=online,
        hidden=hidden,
        reclassified=reclassified,
        risk=risk_level,
        status=status,
        relationship=relationship,
        method=method,
        s18=s18_without_indictable,
        **filters(period, areas),
    )
