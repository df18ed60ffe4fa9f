"""`python -m pipelines rebuild`: new settings or new SQL take effect without a new extract."""

from __future__ import annotations

import shutil
from datetime import date

import duckdb

from pipelines.__main__ import load_extract, main
from queries import api
from tests.helpers import query
from tests.queries.test_measures import load_fixture, reference_with_test_areas


def test_a_changed_window_takes_effect_on_rebuild_without_a_new_load(tmp_path):
    """spo_considered_timely, May 2025, area A: K1 considered exactly 7 days after the report,
    K2 7 days and 1 second: 1 of 2 with the 7-day window, 2 of 2 once it is 8 days."""
    db = load_fixture(tmp_path)
    cell = (
        "select numerator, denominator from measure_summary where measure_id = "
        "'spo_considered_timely' and month = '2025-05-01' and area_code = 'A'"
    )
    assert query(db, cell) == [(1, 2)]
    reference = reference_with_test_areas(tmp_path / "edited")
    settings = reference / "settings.csv"
    settings.write_text(settings.read_text().replace("spo_window_days,7,", "spo_window_days,8,"))
    assert main(["rebuild", "--db", str(db), "--reference", str(reference)]) == 0
    assert query(db, cell) == [(2, 2)]
    assert query(db, "select count(*) from load_log") == [(1,)]  # no new load


def test_the_app_can_tell_a_build_by_other_sql_and_rebuild_mends_it(tmp_path):
    db = load_fixture(tmp_path)
    assert api.status(api.Store(db))["build_current"]
    with duckdb.connect(str(db)) as con:  # as if built by an older version
        con.execute("update meta set value = 'older' where name = 'queries_fingerprint'")
    assert not api.status(api.Store(db))["build_current"]
    assert (
        main(
            [
                "rebuild",
                "--db",
                str(db),
                "--reference",
                str(reference_with_test_areas(tmp_path / "ref2")),
            ]
        )
        == 0
    )
    store = api.Store(db)
    assert api.status(store)["build_current"]
    year = api.Period(date(2024, 6, 1), date(2025, 5, 1))
    assert (
        api.measure_totals(store, year).set_index("measure_id").loc["stalking_cases", "value"] == 4
    )


def test_rebuild_without_a_database_is_refused(tmp_path, capsys):
    assert main(["rebuild", "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "there is no database to rebuild" in capsys.readouterr().err
    assert not (tmp_path / "none.duckdb").exists()


def test_a_key_repeated_behind_the_loaders_back_is_reported_by_the_rebuild(tmp_path, capsys):
    """The base tables keep no PRIMARY KEY (pipelines/store.py): audit_base_keys holds their
    keys, run beside the build on a cursor of its own (queries.build.build_and_audit). K1's
    victim V1 copied into victims by hand is one key repeated: one row of the audit, and
    one of audit_unique_keys too, as the case's victims made from it repeat it."""
    db = load_fixture(tmp_path)
    with duckdb.connect(str(db)) as con:
        con.execute("insert into victims select * from victims where crime_ref = 'K1'")
    reference = reference_with_test_areas(tmp_path / "ref2")
    assert main(["rebuild", "--db", str(db), "--reference", str(reference)]) == 0
    out = capsys.readouterr().out
    assert "WARNING: invariant audit_base_keys is broken by 1 row(s)" in out
    assert "WARNING: invariant audit_unique_keys is broken by 1 row(s)" in out
    assert query(db, "select object_name, key_value, copies from audit_base_keys") == [
        ("victims", "K1 / V1", 2)
    ]
    assert query(db, "select object_name, key_value, copies from audit_unique_keys") == [
        ("int_case_victims", "K1 / V1", 2)
    ]


def test_the_loads_audit_reads_what_its_merge_wrote(tmp_path, monkeypatch):
    """The audit beside the build reads the base tables as the load's merge committed them.
    With the loader's check of repeated keys switched off (as a fault in it would), K2's line
    for V2 given twice in victims.csv reaches the table, and the load reports it."""
    from pipelines import validate
    from tests.queries.test_measures import FIXTURE

    extract = tmp_path / "extract"
    shutil.copytree(FIXTURE, extract)
    victims = extract / "victims.csv"
    victims.write_text(victims.read_text() + "K2,V2,35_44,female,false,2025-05-25 10:00:00,\n")
    monkeypatch.setattr(validate, "find_duplicate_keys", lambda con, table: None)
    db = tmp_path / "fixture.duckdb"
    report = load_extract(extract, db, reference_dir=reference_with_test_areas(tmp_path / "ref"))
    assert report.audit_problems["audit_base_keys"] == 1
    assert query(db, "select object_name, key_value, copies from audit_base_keys") == [
        ("victims", "K2 / V2", 2)
    ]
    assert query(db, "select count(*) from load_rejects") == [(0,)]
