"""Random rounding for aggregate-only roles (queries.privacy, fn_protect), worked by hand.

fn_protect(n, cell, protect) rounds n to a multiple of the base (5): down to n - n % 5, plus
5 when cell % 5 < n % 5. So n = 7 (remainder 2) rounds up to 10 when cell % 5 is 0 or 1,
down to 5 when it is 2, 3 or 4: up with probability 2/5, and the mean over the five draws is
(10 + 10 + 5 + 5 + 5) / 5 = 7.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pytest

from queries import api, privacy
from queries.access import Access
from queries.build import sql_objects
from queries.door import AGGREGATE, QUERIES, Door, NotPermitted, query
from tests.queries.test_measures import load_fixture

BOARD = Access("cc", "board", None)


@pytest.fixture(scope="module")
def con():
    """The macros alone, with the shipped base of 5 and a key set as a Store sets them."""
    con = duckdb.connect()
    objects = sql_objects()
    for name in ("fn_disclosure_key", "fn_protect"):
        con.execute(objects[name])
    con.execute("set variable disclosure_base = 5::bigint")
    con.execute("set variable disclosure_key = 'ab12'")
    return con


def protect(con, n, cell, on=True):
    return con.execute("select fn_protect(?, ?, ?)", [n, cell, on]).fetchone()[0]


@pytest.mark.parametrize(
    ("n", "cell", "expected"),
    [
        (0, 0, 0),  # a true 0 stays 0
        (5, 4, 5),  # a multiple of 5 stays
        (7, 0, 10),  # remainder 2: up when cell % 5 < 2
        (7, 11, 10),  # 11 % 5 = 1 < 2: up
        (7, 2, 5),  # 2 is not < 2: down
        (3, 12, 5),  # remainder 3, 12 % 5 = 2 < 3: up
        (3, 3, 0),  # 3 is not < 3: down to 0
        (4, 3, 5),
        (1, 0, 5),
        (1, 1, 0),
        (12, 1, 15),  # remainder 2, 1 < 2: up from 10 to 15
        (12, 2, 10),
    ],
)
def test_fn_protect_rounds_by_hand(con, n, cell, expected):
    assert protect(con, n, cell) == expected


def test_rounding_without_the_stores_variables_refuses_rather_than_show_a_count():
    con = duckdb.connect()
    objects = sql_objects()
    for name in ("fn_disclosure_key", "fn_protect"):
        con.execute(objects[name])
    assert con.execute("select fn_protect(7, 0, false)").fetchone()[0] == 7  # not rounding
    with pytest.raises(duckdb.InvalidInputException, match="disclosure rounding needs"):
        con.execute("select fn_protect(7, 0, true)").fetchone()


def test_other_roles_see_the_count_itself(con):
    assert [protect(con, n, 0, on=False) for n in (0, 1, 4, 7)] == [0, 1, 4, 7]


def test_rounding_is_unbiased_and_keeps_a_numerator_within_its_denominator(con):
    """Over the five draws a cell's mean is its count; with one draw for a cell's numerator
    and denominator, the rounded numerator never exceeds the rounded denominator."""
    for n in range(31):
        assert sum(protect(con, n, u) for u in range(5)) == 5 * n
    for d in range(16):
        for n in range(d + 1):
            assert all(protect(con, n, u) <= protect(con, d, u) for u in range(5)), (n, d)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return api.Store(load_fixture(tmp_path_factory.mktemp("privacy")))


def multiples_of_5(frame: pd.DataFrame, columns) -> bool:
    values = pd.concat([frame[c].dropna() for c in columns])
    return bool((values % 5 == 0).all())


def test_every_count_the_board_is_given_is_a_multiple_of_5(store):
    door = Door(store, BOARD)
    year = api.Period(date(2024, 4, 1), date(2025, 6, 1))
    totals = door(api.measure_totals, year)
    assert multiples_of_5(totals, ["numerator", "denominator"])
    assert multiples_of_5(door(api.brk_online, year), ["cases"])
    assert multiples_of_5(door(api.area_rates, year), ["cases"])
    foi = door(api.foi_answers, year)
    assert multiples_of_5(foi, [c for c in foi.columns if c != "question"])
    # the same month-and-area cells give the same rounded total in a tile and the area rates
    assert (
        door(api.area_rates, year)["cases"].sum()
        == (totals.set_index("measure_id").loc["stalking_cases", "numerator"])
    )
    # an analyst sees the fixture's counts: 8 stalking cases
    analyst = Door(store, Access("ann", "analyst", None))
    assert (
        analyst(api.measure_totals, year).set_index("measure_id").loc["stalking_cases", "numerator"]
        == 8
    )


def test_verify_refuses_a_count_that_is_not_rounded():
    rule = QUERIES["measure_totals"]
    privacy.verify(pd.DataFrame({"numerator": [5, 10, None], "denominator": [5, 0, 20]}), rule, 5)
    with pytest.raises(privacy.DisclosureError):
        privacy.verify(pd.DataFrame({"numerator": [3], "denominator": [5]}), rule, 5)


def test_a_query_counting_people_without_protect_is_refused_to_the_board(store):
    @query(AGGREGATE, counts=("cases",), name="test_unprotected_counts")
    def unprotected(store):
        return pd.DataFrame({"cases": [3]})

    try:
        with pytest.raises(NotPermitted, match="cannot protect its counts"):
            Door(store, BOARD)(unprotected)
        assert Door(store, Access("ann", "analyst", None))(unprotected)["cases"].tolist() == [3]
    finally:
        del QUERIES["test_unprotected_counts"]
