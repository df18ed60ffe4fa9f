"""The filter values every query binds: areas (None for all) and a period's months."""

from __future__ import annotations

from ..store import Period


def areas(chosen: list[str] | None) -> list[str] | None:
    """The areas parameter: None reads every area; a list, even an empty one, only those
    (an empty list reads nothing: a person narrowed to no area sees no row)."""
    return None if chosen is None else list(chosen)


def filters(period: Period | None, chosen: list[str] | None) -> dict:
    """$areas, $start and $end for a query (start and end NULL without a period)."""
    params = {"areas": areas(chosen), "start": None, "end": None}
    if period is not None:
        params.update(period.params())
    return params


def listed(values) -> list | None:
    """A list parameter: None when empty (no narrowing)."""
    return list(values) if values else None
