"""The committed sample (extract, then delta) as a new user loads it with `make run`.

- every measure in the catalogue has rows in measure_summary, every daily-meeting flag and
  every screening trigger occurs, and the invariants (audit_* views) hold;
- golden totals: each measure's numerator and denominator over the whole sample are in
  tests/queries/sample_totals.csv. A change to a measure's SQL or to the generator that
  moves a number shows in that file's diff and must be explained in the commit. Rewrite the
  file after such a change with:

      UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/queries/test_sample.py
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from queries.catalogue import catalogue
from tests.helpers import query

GOLDEN = Path(__file__).parent / "sample_totals.csv"
FLAGS = {
    "new",
    "high_risk",
    "recent_breach",
    "no_risk_assessment",
    "spo_not_considered",
    "vna_missing",
    "no_referral",
    "high_risk_no_arrest",
    "no_protection",
    "allocation_mismatch",
    "repeat_suspect",
    "not_screened",  # v2
    "order_expiring",  # v2
}


@pytest.fixture(scope="module")
def sample(sample_db):
    return sample_db


def test_every_catalogue_measure_has_rows(sample):
    found = {r[0] for r in query(sample, "select distinct measure_id from measure_summary")}
    assert found == {m.id for m in catalogue()}


def test_every_daily_meeting_flag_occurs_after_the_delta(sample):
    assert {r[0] for r in query(sample, "select distinct flag from dmm_flags")} == FLAGS


def test_every_screening_trigger_occurs(sample):
    triggers = query(sample, "select distinct unnest(triggers) from screening_candidates")
    assert {r[0] for r in triggers} == {"breach_of_order", "ex_partner", "repeat_pair"}


def test_invariants_hold_on_the_sample(sample):
    names = [
        r[0]
        for r in query(
            sample, "select view_name from duckdb_views() where view_name like 'audit_%'"
        )
    ]
    assert names
    for name in names:
        assert query(sample, f"select count(*) from {name}") == [(0,)], name


def totals(db) -> list[list[str]]:
    rows = query(
        db,
        "select measure_id, cast(sum(numerator) as bigint), cast(sum(denominator) as bigint) "
        "from measure_summary group by measure_id order by measure_id",
    )
    return [[m, str(n), "" if d is None else str(d)] for m, n, d in rows]


def test_golden_totals(sample):
    found = totals(sample)
    if os.environ.get("UPDATE_GOLDEN"):
        with GOLDEN.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\n").writerows(
                [["measure_id", "numerator", "denominator"], *found]
            )
    with GOLDEN.open(newline="", encoding="utf-8") as f:
        expected = list(csv.reader(f))[1:]
    assert found == expected
