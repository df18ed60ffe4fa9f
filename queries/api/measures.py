"""The measures: totals, league, trend and by area, scored against targets."""

from __future__ import annotations

from datetime import date

import pandas as pd

from ..catalogue import RECOMMENDATIONS, measures_for, rag
from ..door import AGGREGATE, query
from ..store import Period, Store, from_index, month_index
from ._params import filters
from .reference import settings


def _scored(store: Store, frame: pd.DataFrame) -> pd.DataFrame:
    """Add each row's RAG (catalogue.rag) to rows of api_measure_totals or _league."""
    amber = settings(store)["rag_amber_points"]
    frame["rag"] = [
        rag(None if pd.isna(v) else v, None if pd.isna(t) else t, d, amber) if s else None
        for v, t, d, s in zip(
            frame["value"], frame["target"], frame["direction"], frame["supplied"], strict=True
        )
    ]
    return frame


@query(AGGREGATE, counts=("numerator", "denominator"))
def measure_totals(
    store: Store, period: Period, areas: list[str] | None = None, protect: bool = False
) -> pd.DataFrame:
    """One row per catalogue measure for the period and areas: value, target and RAG.

    value is a percentage for ratios (None when no case is in its denominator) and the count
    for counts (0 when none); supplied is False when a table the measure needs was never
    loaded: the page says "no data", never 0. protect: the counts an aggregate-only role
    sees (sums of randomly rounded cells; the door sets it).
    """
    params = filters(period, areas)
    return _scored(store, store.run("measure_totals", protect=protect, **params))


@query(AGGREGATE, counts=("numerator", "denominator"))
def measure_league(
    store: Store, period: Period, areas: list[str] | None = None, protect: bool = False
) -> pd.DataFrame:
    """Every catalogue measure for every area in the period: value, target and RAG (an area
    with no case in a ratio's denominator has value None, no RAG)."""
    params = filters(period, areas)
    return _scored(store, store.run("measure_league", protect=protect, **params))


@query(AGGREGATE, counts=("numerator", "denominator"))
def measure_trend(
    store: Store,
    measure_id: str,
    period: Period,
    areas: list[str] | None = None,
    protect: bool = False,
) -> pd.DataFrame:
    """Month by month: numerator, denominator and value (percent for ratios)."""
    params = filters(period, areas)
    return store.run("measure_trend", measure_id=measure_id, protect=protect, **params)


@query(AGGREGATE, counts=("numerator", "denominator"))
def measure_trends(
    store: Store, period: Period, areas: list[str] | None = None, protect: bool = False
) -> pd.DataFrame:
    """Every measure month by month (measure_id, month, numerator, denominator, value): the
    series of measure_trend for all measures in one query."""
    return store.run("measure_trends", protect=protect, **filters(period, areas))


@query(AGGREGATE, counts=("numerator", "denominator"))
def measure_by_area(
    store: Store,
    measure_id: str,
    period: Period,
    areas: list[str] | None = None,
    protect: bool = False,
) -> pd.DataFrame:
    """Area by area for the period, with the area's name."""
    params = filters(period, areas)
    return store.run("measure_by_area", measure_id=measure_id, protect=protect, **params)


def recommendation_status(
    totals: pd.DataFrame, others: dict[int, list[str | None]] | None = None
) -> pd.DataFrame:
    """One row per recommendation to chief constables: its measures and how many of those
    with a target are on target (green), close (amber) or off target (red), from
    measure_totals as the person sees them (a value suppressed for a role has no RAG, and
    is counted under none). others: the RAGs of figures outside the catalogue, by
    recommendation (training completion answers recommendation 10)."""
    rag_of = dict(zip(totals["measure_id"], totals["rag"], strict=True))
    rows = []
    for rec in RECOMMENDATIONS:
        measures = measures_for(rec.number)
        extra = (others or {}).get(rec.number, [])
        rags = [rag_of[m.id] for m in measures if m.direction] + extra
        rows.append(
            {
                "recommendation": rec.number,
                "subject": rec.subject,
                "due": rec.due,
                "measures": len(measures) + len(extra),
                "on_target": sum(r == "green" for r in rags),
                "close": sum(r == "amber" for r in rags),
                "off_target": sum(r == "red" for r in rags),
            }
        )
    return pd.DataFrame(rows)


def trailing(end: date, months: int = 13) -> Period:
    """The `months` months ending with `end` (a trend's window: 13 shows a year on a year)."""
    return Period(from_index(month_index(end) - (months - 1)), end)


def last_complete_month(as_at: date) -> date:
    """The first day of the last whole month before the as-at moment's month (the default
    period, on the screen and in the packs, ends with it)."""
    return date(as_at.year - (as_at.month == 1), (as_at.month - 2) % 12 + 1, 1)


def has_data_for(period: Period, first_month: date | None) -> bool:
    """Whether the database holds data for every month of a period (a comparison period
    that starts before the first month any case was reported in has none to compare with)."""
    return first_month is not None and period.start >= first_month


def previous_period(period: Period) -> Period:
    """The period of the same number of months just before."""
    length = month_index(period.end) - month_index(period.start) + 1
    start = month_index(period.start)
    return Period(from_index(start - length), from_index(start - 1))


def year_before(period: Period) -> Period:
    """The same months a year earlier (the comparison the tiles show by default)."""
    return Period(
        from_index(month_index(period.start) - 12), from_index(month_index(period.end) - 12)
    )


COMPARISONS = {
    "year": "the same months a year before",
    "previous": "the previous period of the same length",
}


def comparison_period(period: Period, compare: str = "year") -> Period:
    """The period a change is measured against: the same months a year before ("year") or
    the months just before ("previous")."""
    if compare not in COMPARISONS:
        raise ValueError(f"compare must be one of {', '.join(COMPARISONS)}, not {compare!r}")
    return year_before(period) if compare == "year" else previous_period(period)


def period_text(period: Period) -> str:
    """A period as an address or a command line writes it: '2025-06:2026-05'."""
    return f"{period.start:%Y-%m}:{period.end:%Y-%m}"


def period_from_text(text: str) -> Period | None:
    """'2025-06:2026-05' (or one month, '2025-06') as a Period; None when it is not one
    (malformed, a month not 01 to 12, or ending before it starts)."""
    parts = text.strip().split(":")
    if len(parts) == 1:
        parts = parts * 2
    months = []
    for part in parts if len(parts) == 2 else ():
        year, _, month = part.partition("-")
        if not (len(year) == 4 and year.isdigit() and len(month) == 2 and month.isdigit()):
            return None
        if not 1 <= int(month) <= 12:
            return None
        months.append(date(int(year), int(month), 1))
    if len(months) != 2 or months[1] < months[0]:
        return None
    return Period(months[0], months[1])
