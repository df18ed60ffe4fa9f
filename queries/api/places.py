"""Where stalking is reported: rates and change by area, hexagons, LSOAs, boundaries."""

from __future__ import annotations

import pandas as pd

from ..door import AGGREGATE, REFERENCE, query
from ..store import Period, Store
from ._params import filters
from .measures import previous_period
from .reference import settings


@query(AGGREGATE, counts=("cases",))
def area_rates(
    store: Store, period: Period, areas: list[str] | None = None, protect: bool = False
) -> pd.DataFrame:
    """Stalking cases per area over the period and per 1,000 residents (no rate when the
    reference does not know the area's population). Not annualised."""
    return store.run("area_rates", protect=protect, **filters(period, areas))


@query(AGGREGATE, counts=("cases", "previous_cases"))
def area_change(
    store: Store,
    period: Period,
    areas: list[str] | None = None,
    protect: bool = False,
    before: Period | None = None,
) -> pd.DataFrame:
    """Cases per area in the period against a comparison period (before; by default the
    previous period of the same length), largest rise first."""
    before = before or previous_period(period)
    return store.run(
        "area_change",
        before_start=before.start,
        before_end=before.end,
        protect=protect,
        **filters(period, areas),
    )


@query(AGGREGATE, counts=("cases",))
def hex_bins(
    store: Store, period: Period, areas: list[str] | None = None, protect: bool = False
) -> tuple[pd.DataFrame, int, int]:
    """Cases per H3 hexagon (brk_hexagons), with cells under the suppression threshold
    removed.

    Returns (cells with cell and cases, number of cells suppressed, cases in them). The
    threshold is the setting hotspot_min_cases: a location can identify a victim.
    """
    threshold = settings(store)["hotspot_min_cases"]
    cells = store.run("hex_bins", threshold=threshold, protect=protect, **filters(period, areas))
    hidden = cells[~cells["shown"].astype(bool)]
    shown = cells[cells["shown"].astype(bool)][["cell", "cases"]].reset_index(drop=True)
    return shown, len(hidden), int(hidden["cases"].sum())


@query(AGGREGATE, counts=("cases",))
def lsoa_cases(
    store: Store, period: Period, areas: list[str] | None = None, protect: bool = False
) -> pd.DataFrame:
    """Cases per LSOA with its population and rate per 1,000 (cells under the threshold
    suppressed: cases is NULL there)."""
    threshold = settings(store)["hotspot_min_cases"]
    params = filters(period, areas)
    return store.run("lsoa_cases", threshold=threshold, protect=protect, **params)


@query(REFERENCE)
def boundaries(store: Store, kind: str) -> dict | None:
    """A GeoJSON FeatureCollection of the reference boundaries ('lsoa' or 'area'), or None."""
    import json

    frame = store.run("boundaries", kind=kind)
    if frame.empty:
        return None
    return {"type": "FeatureCollection", "features": [json.loads(f) for f in frame["feature"]]}
