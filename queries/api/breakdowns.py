"""The breakdown views (brk_*), each a query of its own."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..build import sql_objects
from ..door import AGGREGATE, UNITS, query
from ..store import Period, Store
from ._params import filters


def object_names(prefix: str) -> list[str]:
    return [name for name in sql_objects() if name.startswith(prefix)]


def dimensions(store: Store, view: str) -> list[str]:
    """A breakdown view's dimensions: its columns but month, area_code and the units."""
    columns = store.run("columns", name=view)["column_name"]
    return [c for c in columns if c not in UNITS and c not in ("month", "area_code")]


def breakdown(
    store: Store,
    name: str,
    period: Period | None = None,
    areas: list[str] | None = None,
    by: list[str] | None = None,
    protect: bool = False,
) -> pd.DataFrame:
    """A brk_* view summed over the period and areas, by its own dimensions, or by the
    subset of them named in `by` (in that order), sorted by them."""
    if name not in object_names("brk_"):
        raise ValueError(f"no breakdown called {name!r}")
    dims = dimensions(store, name)
    if by is not None:
        unknown = [c for c in by if c not in dims]
        if unknown or not by:
            raise ValueError(f"{name} has no dimension {', '.join(map(repr, unknown)) or '[]'}")
        dims = list(by)
    sums = store.run(
        "breakdown",
        view=name,
        by=dims,
        units=list(UNITS),
        protect=protect,
        **filters(period, areas),
    )
    units = [c for c in sums.columns if c not in dims]
    return sums[dims + units].sort_values(dims).reset_index(drop=True)


def _breakdown_query(view: str) -> Callable:
    """The breakdown `view` as a query of its own, so a page names what it draws."""

    def run(
        store: Store,
        period: Period | None = None,
        areas: list[str] | None = None,
        by: list[str] | None = None,
        protect: bool = False,
    ) -> pd.DataFrame:
        return breakdown(store, view, period, areas, by, protect)

    run.__name__ = run.__qualname__ = view
    run.__doc__ = f"The breakdown {view} (queries/sql/{view}.sql) summed over the filters."
    return query(AGGREGATE, counts=UNITS, name=view)(run)


brk_allocation = _breakdown_query("brk_allocation")
brk_area_cases = _breakdown_query("brk_area_cases")
brk_arrest_delay = _breakdown_query("brk_arrest_delay")
brk_day_hour = _breakdown_query("brk_day_hour")
brk_foi = _breakdown_query("brk_foi")
brk_hexagons = _breakdown_query("brk_hexagons")
brk_neighbourhood = _breakdown_query("brk_neighbourhood")
brk_offence_group = _breakdown_query("brk_offence_group")
brk_online = _breakdown_query("brk_online")
brk_online_methods = _breakdown_query("brk_online_methods")
brk_outcomes = _breakdown_query("brk_outcomes")
brk_panels = _breakdown_query("brk_panels")
brk_reclassification = _breakdown_query("brk_reclassification")
brk_referral_delay = _breakdown_query("brk_referral_delay")
brk_referral_services = _breakdown_query("brk_referral_services")
brk_relationship = _breakdown_query("brk_relationship")
brk_rights_channel = _breakdown_query("brk_rights_channel")
brk_risk_tools = _breakdown_query("brk_risk_tools")
brk_satisfaction = _breakdown_query("brk_satisfaction")
brk_screening_outcomes = _breakdown_query("brk_screening_outcomes")
brk_spo_pipeline = _breakdown_query("brk_spo_pipeline")
brk_support_referral = _breakdown_query("brk_support_referral")
brk_suspect_profile = _breakdown_query("brk_suspect_profile")
brk_victim_profile = _breakdown_query("brk_victim_profile")
