"""The daily meeting's agenda and its decisions (spec meetings.md).

Decisions are typed in, so they live outside the database, in the store beside it
(common.decisions); these queries read the latest decision per case from there and hand it
to the SQL (dmm_agenda) as a relation registered for the query alone. Their results change
without a load, so they are not cached.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pandas as pd
import pyarrow as pa

from common import decisions as store_of_decisions

from ..door import CASE_LEVEL, query
from ..store import Store
from ._params import areas as area_list
from ._params import listed

UK = ZoneInfo("Europe/London")  # the extract's clock: decisions are compared with its events
DECIDED = pa.schema(
    [
        ("crime_ref", pa.string()),
        ("decision_id", pa.string()),
        ("action", pa.string()),
        ("owner", pa.string()),
        ("review_on", pa.date32()),
        ("recorded_at", pa.timestamp("s")),
    ]
)


def decided(store: Store) -> pa.Table:
    """The latest decision per case, recorded_at in UK local time (the agenda's 'decided')."""
    path = store_of_decisions.decisions_path(store.path)
    latest = store_of_decisions.latest(store_of_decisions.read(path)).values()
    return pa.Table.from_pylist(
        [
            {
                "crime_ref": d.crime_ref,
                "decision_id": d.decision_id,
                "action": d.action,
                "owner": d.owner,
                "review_on": d.review_on,
                "recorded_at": d.recorded_at.astimezone(UK).replace(tzinfo=None),
            }
            for d in latest
        ],
        schema=DECIDED,
    )


def _agenda(store: Store, areas, flags, on_agenda: bool) -> pd.DataFrame:
    return store.run(
        "dmm_agenda",
        relations={"decided": decided(store)},
        areas=area_list(areas),
        flags=listed(flags),
        on_agenda=on_agenda,
    )


@query(CASE_LEVEL, cached=False)
def dmm_agenda(
    store: Store, areas: list[str] | None = None, flags: list[str] | None = None
) -> pd.DataFrame:
    """The cases the meeting needs today, most urgent first, each with why (agenda_reasons:
    new_breach, now_high_risk, review_due, no_decision) and its latest decision if any; with
    flags given, only cases carrying one of them."""
    return _agenda(store, areas, flags, True)


@query(CASE_LEVEL, cached=False)
def dmm_in_hand(
    store: Store, areas: list[str] | None = None, flags: list[str] | None = None
) -> pd.DataFrame:
    """The flagged cases in hand: decided, with no reason to come back today; each with its
    latest decision, owner and review date."""
    return _agenda(store, areas, flags, False)


@query(CASE_LEVEL, cached=False)
def case_decisions(store: Store, crime_ref: str, areas: list[str] | None = None) -> pd.DataFrame:
    """Every decision on one case, newest first (none when the case is outside the areas)."""
    columns = list(store_of_decisions.COLUMNS)
    if store.run("case_area", crime_ref=crime_ref, areas=area_list(areas)).empty:
        return pd.DataFrame(columns=columns)
    path = store_of_decisions.decisions_path(store.path)
    rows = [
        {c: getattr(d, c) for c in columns}
        for d in reversed(store_of_decisions.read(path, [crime_ref]))
    ]
    return pd.DataFrame(rows, columns=columns)
