"""A subtracting attacker over everything the board role can see (security pass, class 3).

The attacker gets, through the door as a board member, on the committed sample: the tiles'
"X of Y" for every single month and every two months running over the last six months, for
all areas and for each area; each measure's SPC points over the 13 months to the last
month; the FOI sheet for the same periods. It then subtracts, as the audit did:
- a two-month period minus its later month (periods one month apart);
- all areas minus every other area (areas against all areas);
- a 13-month tile minus the SPC chart's twelve other months;
- the FOI sheet's "offences recorded" for two months minus the measures sheet's stalking
  cases for the later month (the sheets of one export).
Each difference claims the count of one month (and area) of one measure. A hidden count is
one from 1 to 4; the attacker recovers it when its difference equals it. On the true counts
(what an analyst sees) the same attacker recovers many; through the board's door, none.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pandas as pd
import pytest

from queries import api
from queries.access import Access
from queries.door import Door
from queries.store import from_index, month_index

BOARD = Access("cc", "board", None)
ANALYST = Access("ann", "analyst", None)
PARTS = ("numerator", "denominator")


def month(index: int) -> date:
    return from_index(index)


class Sight:
    """Everything one person is shown, in the shapes the attacker subtracts: the tiles of all
    areas and the league's row of each area, for every single month and every two months
    running; each measure's SPC points; the FOI sheets."""

    def __init__(self, store: api.Store, who: Access, months: list[int], areas: list[str]):
        door = Door(store, who)
        self.months, self.areas = months, areas
        self.tiles: dict = {}  # (first month, last month, area or None) -> {(measure, part): n}
        for first, last in [(m, m) for m in months] + list(zip(months, months[1:], strict=False)):
            period = api.Period(month(first), month(last))
            self.tiles.update(_by_area(door, period, first, last))
        window = api.Period(month(months[-1] - 12), month(months[-1]))
        self.year = _by_area(door, window, None, None)
        self.trend: dict = {}  # measure -> {month index: (n, d)}, all areas
        for m in api.catalogue_frame(store)["measure_id"]:
            points = door(api.measure_trend, m, window)
            self.trend[m] = {
                month_index(p.month.date()): (p.numerator, p.denominator)
                for p in points.itertuples()
            }
        self.foi = {
            (first, last): door(api.foi_answers, api.Period(month(first), month(last)))
            for first, last in zip(months, months[1:], strict=False)
        }


def _by_area(door: Door, period: api.Period, first, last) -> dict:
    """The tiles of all areas (area None) and each area's league row, keyed as Sight.tiles."""
    out = {(first, last, None): _counts(door(api.measure_totals, period))}
    league = door(api.measure_league, period)
    for area, rows in league.groupby("area_code"):
        out[first, last, area] = _counts(rows)
    return out


def _counts(frame: pd.DataFrame) -> dict:
    return {(r.measure_id, part): getattr(r, part) for r in frame.itertuples() for part in PARTS}


def claims(seen: Sight) -> dict:
    """(measure, part, month, area) -> the counts the attacker's subtractions give it."""
    out = defaultdict(set)
    for attack in (periods_apart, areas_against_all, tile_minus_chart, sheet_minus_sheet):
        for key, value in attack(seen):
            out[key].add(value)
    return out


def periods_apart(seen: Sight):
    """A two-month period minus its later month: the earlier month."""
    for (first, last, area), tile in seen.tiles.items():
        if first != last:
            for key, value in tile.items():
                later = seen.tiles.get((last, last, area), {}).get(key, 0)
                yield (*key, first, area), _minus(value, later)


def areas_against_all(seen: Sight):
    """All areas minus every other area: one area."""
    for m in seen.months:
        for area in seen.areas:
            for key, total in seen.tiles[m, m, None].items():
                others = [
                    seen.tiles.get((m, m, b), {}).get(key, 0) for b in seen.areas if b != area
                ]
                yield (*key, m, area), _minus(total, *others)


def tile_minus_chart(seen: Sight):
    """The 13-month tile minus the SPC chart's other twelve months: one month."""
    year = seen.year[None, None, None]
    for measure, points in seen.trend.items():
        for index, part in enumerate(PARTS):
            for m in points:
                rest = [p[index] for k, p in points.items() if k != m]
                yield (measure, part, m, None), _minus(year[measure, part], *rest)


def sheet_minus_sheet(seen: Sight):
    """The FOI sheet's offences recorded over two months minus the measures sheet's stalking
    cases of the later month: the earlier month."""
    for (first, last), foi in seen.foi.items():
        recorded = foi.set_index("question").loc["Stalking offences recorded"].iloc[-1]
        later = seen.tiles[last, last, None][("stalking_cases", "numerator")]
        yield ("stalking_cases", "numerator", first, None), _minus(recorded, later)


def _minus(total, *parts):
    if any(pd.isna(v) for v in (total, *parts)):  # a missing figure gives nothing
        return None
    return int(total) - sum(int(p) for p in parts)


def truth(store: api.Store, months: list[int]) -> dict:
    """(measure, part, month, area or None) -> the true count, from measure_summary."""
    rows = store.frame(
        "select measure_id, month, area_code, numerator, denominator from measure_summary"
    )
    out: dict = defaultdict(int)
    for r in rows.itertuples():
        m = month_index(r.month.date())
        if m not in months:
            continue
        for part in PARTS:
            value = getattr(r, part)
            if not pd.isna(value):
                out[(r.measure_id, part, m, r.area_code)] += int(value)
                out[(r.measure_id, part, m, None)] += int(value)
    return out


def recovered(seen: Sight, true: dict) -> list:
    """The hidden counts (1 to 4) some subtraction gives exactly."""
    return [
        (key, true[key])
        for key, values in claims(seen).items()
        if 1 <= true.get(key, 0) <= 4 and true[key] in values
    ]


@pytest.fixture(scope="module")
def world(sample_db):
    store = api.Store(sample_db)
    last = month_index(api.months_available(store)[-1]) - 1  # the last complete month
    months = list(range(last - 5, last + 1))
    areas = list(api.areas(store)["area_code"])
    return store, months, areas, truth(store, months)


@pytest.mark.slow
def test_the_board_role_resists_a_subtracting_attacker(world):
    store, months, areas, true = world
    hidden = sum(1 for v in true.values() if 1 <= v <= 4)
    assert hidden > 100  # the sample has many small counts to protect
    on_true_counts = recovered(Sight(store, ANALYST, months, areas), true)
    assert len(on_true_counts) > 100  # the attacker works: on true counts it finds them
    assert recovered(Sight(store, BOARD, months, areas), true) == []
