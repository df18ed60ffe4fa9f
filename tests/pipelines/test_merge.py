"""The merge rules of docs/extract.md (crime-scoped replace, newest wins, upserts), each on
hand-made extracts loaded one after another.

Expected values are written by hand beside each test.
"""

from __future__ import annotations

import threading
from datetime import datetime

import duckdb
import pytest

from pipelines import merge
from pipelines.errors import DiskFull
from tests.helpers import CLASS_HEADER, CRIMES_HEADER, load, query, scalar, write_extract
from tests.pipelines.test_load import AS_AT, ONE_CRIME, rejects

FULL = {
    "crimes": f"""
        {CRIMES_HEADER},risk_level
        C1,2025-03-01 10:00,A,open,medium
        C2,2025-03-02 10:00,B,open,standard
        """,
    "classifications": f"""
        {CLASS_HEADER}
        C1,8L,true,2025-03-01 10:00,
        C2,8Q,true,2025-03-02 10:00,
        """,
    "victims": """
        crime_ref,victim_id,sex
        C1,V1,female
        C1,V2,male
        C2,V3,female
        """,
}
DELTA = {
    "crimes": f"""
        {CRIMES_HEADER},risk_level
        C1,2025-03-01 10:00,A,open,high
        """,
    "classifications": f"""
        {CLASS_HEADER}
        C1,8L,true,2025-03-01 10:00,2025-03-05 09:00
        C1,8Q,true,2025-03-05 09:00,
        """,
    "victims": """
        crime_ref,victim_id,sex
        C1,V1,female
        """,
}


def state(db):
    """The base tables' contents without lineage columns."""
    return {
        "crimes": query(db, "select crime_ref, risk_level from crimes order by 1"),
        "classifications": query(
            db, "select crime_ref, offence_code, removed_at from classifications order by 1, 2"
        ),
        "victims": query(db, "select crime_ref, victim_id from victims order by 1, 2"),
    }


STATE_AFTER_DELTA = {
    "crimes": [("C1", "high"), ("C2", "standard")],
    "classifications": [
        ("C1", "8L", datetime(2025, 3, 5, 9, 0)),
        ("C1", "8Q", None),
        ("C2", "8Q", None),
    ],
    "victims": [("C1", "V1"), ("C2", "V3")],
}


def test_newer_extract_replaces_a_crimes_child_rows(tmp_path, db):
    """C1 is in the delta: its classifications and victims are replaced; C2 is untouched."""
    load(write_extract(tmp_path / "full", FULL, extracted_at="2025-03-10T06:00:00"), db)
    report = load(
        write_extract(tmp_path / "delta", DELTA, extracted_at="2025-03-11T06:00:00", kind="delta"),
        db,
    )
    assert state(db) == STATE_AFTER_DELTA
    assert report.total("skipped") == 0


def test_older_extract_does_not_overwrite(tmp_path, db):
    """Loading the full extract after the delta changes nothing: newest wins."""
    load(write_extract(tmp_path / "full", FULL, extracted_at="2025-03-10T06:00:00"), db)
    load(write_extract(tmp_path / "delta", DELTA, extracted_at="2025-03-11T06:00:00"), db)
    report = load(tmp_path / "full", db)
    # C1 (1 crime, 1 classification, 2 victims) is skipped; C2's rows reload as they were.
    assert {t.table: (t.loaded, t.skipped) for t in report.tables} == {
        "crimes": (1, 1),
        "classifications": (1, 1),
        "victims": (1, 2),
    }
    assert state(db) == STATE_AFTER_DELTA


def test_reloading_the_same_extract_changes_nothing(tmp_path, db):
    load(write_extract(tmp_path / "full", FULL, extracted_at="2025-03-10T06:00:00"), db)
    first = state(db)
    load(tmp_path / "full", db)
    assert state(db) == first
    assert scalar(db, "select count(*) from load_log") == 2


def test_an_absent_table_leaves_its_rows_as_they_were(tmp_path, db):
    load(write_extract(tmp_path / "full", FULL, extracted_at="2025-03-10T06:00:00"), db)
    no_victims = {k: v for k, v in DELTA.items() if k != "victims"}
    load(write_extract(tmp_path / "delta", no_victims, extracted_at="2025-03-11T06:00:00"), db)
    assert state(db)["victims"] == [("C1", "V1"), ("C1", "V2"), ("C2", "V3")]


def test_a_crime_whose_rows_were_all_rejected_keeps_its_old_rows(tmp_path, db):
    """A broken victims row is not evidence that the crime's victims went away."""
    load(write_extract(tmp_path / "full", FULL, extracted_at="2025-03-10T06:00:00"), db)
    broken = dict(
        DELTA,
        victims="""
        crime_ref,victim_id,sex
        C1,V1,woman
        """,
    )
    load(write_extract(tmp_path / "delta", broken, extracted_at="2025-03-11T06:00:00"), db)
    assert state(db)["victims"] == [("C1", "V1"), ("C1", "V2"), ("C2", "V3")]


def test_child_rows_may_point_at_a_crime_loaded_before(tmp_path, db):
    load(write_extract(tmp_path / "full", FULL, extracted_at="2025-03-10T06:00:00"), db)
    write_extract(
        tmp_path / "delta",
        {
            "crimes": f"{CRIMES_HEADER}\n",
            "classifications": f"{CLASS_HEADER}\n",
            "victims": """
            crime_ref,victim_id,sex
            C2,V3,female
            C2,V4,male
            """,
        },
        extracted_at="2025-03-11T06:00:00",
    )
    load(tmp_path / "delta", db)
    assert state(db)["victims"] == [("C1", "V1"), ("C1", "V2"), ("C2", "V3"), ("C2", "V4")]


def test_orders_and_breaches_upsert_by_key_and_breaches_need_an_order(tmp_path, db):
    tables = dict(
        ONE_CRIME,
        orders="""
                      order_id,suspect_id,order_type,granted_at,expires_at
                      O1,S1,spo,2025-03-01,2027-03-01
                      """,
        breaches="""
                      order_id,crime_ref,breached_at
                      O1,C1,2025-03-04 12:00
                      O2,C1,2025-03-04 12:00
                      """,
    )
    load(write_extract(tmp_path / "x", tables, extracted_at=AS_AT), db)
    # expires_at is a date to come, not an event: 2027 is not rejected.
    assert query(db, "select order_id, expires_at from orders") == [("O1", datetime(2027, 3, 1))]
    assert [(r[0], r[1], r[4]) for r in rejects(db)] == [
        ("breaches", 3, "order_id is neither in this extract's orders nor loaded before")
    ]
    later = dict(
        ONE_CRIME,
        orders="""
        order_id,suspect_id,order_type,granted_at,expires_at
        O1,S1,spo,2025-03-01,2028-03-01
        """,
    )
    load(write_extract(tmp_path / "y", later, extracted_at="2025-04-02T06:00:00"), db)
    assert query(db, "select order_id, expires_at from orders") == [("O1", datetime(2028, 3, 1))]
    assert scalar(db, "select count(*) from breaches") == 1


def test_tables_are_merged_two_at_a_time_and_counted_in_the_files_order(tmp_path, db, monkeypatch):
    """Each table is merged in a transaction of its own, on one of two threads (merge.py);
    the report keeps the contract's order of the tables, whichever finished first."""
    threads = {}
    merge_table = merge._merge_table

    def recording(con, name, source, params):
        threads[name] = threading.current_thread().name
        return merge_table(con, name, source, params)

    monkeypatch.setattr(merge, "_merge_table", recording)
    load(write_extract(tmp_path / "full", FULL, extracted_at="2025-03-10T06:00:00"), db)
    report = load(write_extract(tmp_path / "delta", DELTA, extracted_at="2025-03-11T06:00:00"), db)
    assert sorted(threads) == ["classifications", "crimes", "victims"]
    assert {name.rsplit("_", 1)[0] for name in threads.values()} == {"load"}
    assert len(set(threads.values())) == 2  # the first two tables start at once
    assert [(t.table, t.read, t.loaded) for t in report.tables] == [
        ("crimes", 1, 1),
        ("classifications", 2, 2),
        ("victims", 1, 1),
    ]
    assert state(db) == STATE_AFTER_DELTA


def test_a_table_whose_merge_fails_leaves_the_database_as_it_was(tmp_path, db, monkeypatch):
    """The other tables' merges commit on their cursors, but in the load's working copy: the
    failure discards it, and the database keeps the full extract alone."""
    load(write_extract(tmp_path / "full", FULL, extracted_at="2025-03-10T06:00:00"), db)
    before = state(db)
    merge_table = merge._merge_table

    def failing(con, name, source, params):
        if name == "victims":
            raise duckdb.IOException("No space left on device")
        return merge_table(con, name, source, params)

    monkeypatch.setattr(merge, "_merge_table", failing)
    with pytest.raises(DiskFull):
        load(write_extract(tmp_path / "delta", DELTA, extracted_at="2025-03-11T06:00:00"), db)
    assert state(db) == before
    assert scalar(db, "select count(*) from load_log") == 1
