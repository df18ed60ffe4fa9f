"""`check`: a dry run that writes nothing, reports what a load would do, and agrees with it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from common.reports import read_report
from pipelines.__main__ import main
from pipelines.check import check_extract, format_check
from pipelines.errors import ExtractRefused
from tests.helpers import CLASS_HEADER, CRIMES_HEADER, load, write_extract

SAMPLES = Path(__file__).resolve().parents[2] / "sample_data" / "profiles"

LATER = {  # as at 12 March: C1 and order O1
    "crimes": f"{CRIMES_HEADER}\nC1,2025-03-01,A,open\n",
    "classifications": f"{CLASS_HEADER}\nC1,8Q,true,2025-03-01,\n",
    "orders": "order_id,suspect_id,order_type\nO1,S1,spo\n",
}
OLDER = {  # as at 11 March, checked and then loaded after LATER
    "crimes": f"""
        {CRIMES_HEADER}
        C1,2025-03-01,A,closed
        C2,2025-03-02,A,open
        C3,2025-03-02,A,bogus
        """,
    "classifications": f"""
        {CLASS_HEADER}
        C1,8Q,true,2025-03-01,
        C2,8L,true,2025-03-02,
        C3,8Q,true,2025-03-02,
        """,
    "victims": """
        crime_ref,victim_id
        C1,V1
        C2,V2
        C9,V3
        """,
    "orders": """
        order_id,suspect_id,order_type
        O1,S1,restraining_order
        O2,S2,spo
        """,
    "breaches": """
        order_id,crime_ref,breached_at
        O2,C2,2025-03-05
        O3,C2,2025-03-05
        """,
}
# (read, loaded, rejected, skipped), worked by hand: C1 and O1 are held by the later extract
# (skipped); C3's status is bogus, so its classification is an orphan; C9 was never loaded;
# O3 is no order.
EXPECTED = {
    "crimes": (3, 1, 1, 1),
    "classifications": (3, 1, 1, 1),
    "victims": (3, 1, 1, 1),
    "orders": (2, 1, 0, 1),
    "breaches": (2, 1, 1, 0),
}


def counts(report: dict) -> dict:
    return {
        t["table"]: (t["rows_read"], t["rows_loaded"], t["rows_rejected"], t["rows_skipped"])
        for t in report["tables"]
    }


def test_check_writes_nothing_and_agrees_with_the_load_that_follows(tmp_path, db):
    load(write_extract(tmp_path / "later", LATER, extracted_at="2025-03-12T06:00:00"), db)
    before = db.read_bytes()
    older = write_extract(tmp_path / "older", OLDER, extracted_at="2025-03-11T06:00:00")
    report = check_extract(older, db)
    assert db.read_bytes() == before
    assert sorted(p.name for p in db.parent.iterdir()) == [
        "stalking.duckdb",
        "stalking.duckdb.lock",
    ]
    assert report["status"] == "would load" and counts(report) == EXPECTED
    loaded = load(older, db)
    assert {t.table: (t.read, t.loaded, t.rejected, t.skipped) for t in loaded.tables} == EXPECTED


def test_check_without_a_database_checks_against_an_empty_one(tmp_path, db):
    older = write_extract(tmp_path / "older", OLDER, extracted_at="2025-03-11T06:00:00")
    report = check_extract(older, db)
    assert not db.exists()
    assert counts(report)["crimes"] == (3, 2, 1, 0) and counts(report)["orders"] == (2, 2, 0, 0)
    assert report["db_existed"] is False and report["as_at"] == "2025-03-11T06:00:00"


def test_a_refused_check_gives_the_message_a_load_would(tmp_path, db):
    folder = write_extract(
        tmp_path / "x", {"crimes": "crime_ref,status\n", "classifications": f"{CLASS_HEADER}\n"}
    )
    report = check_extract(folder, db)
    message = (
        "crimes.csv, line 1, column reported_at: a required column is missing "
        "(expected a header named reported_at)"
    )
    assert (report["status"], report["refusal"], report["tables"]) == ("refused", message, [])
    with pytest.raises(ExtractRefused) as refused:
        load(folder, db)
    assert refused.value.describe() == message


def test_strict_check_is_refused_by_any_reject(tmp_path, db):
    """Against an empty database: C3, C3's classification, C9's victim and O3's breach."""
    older = write_extract(tmp_path / "older", OLDER, extracted_at="2025-03-11T06:00:00")
    report = check_extract(older, db, strict=True)
    assert report["refusal"] == (
        "breaches.csv, line 3, column order_id: value 'O3' rejected: order_id is neither in "
        "this extract's orders nor loaded before (4 problem(s) in all; --strict refuses any)"
    )


def test_the_report_says_what_to_fix(tmp_path):
    """The wide_crimes sample: each section a force's data team acts on."""
    report = check_extract(SAMPLES / "wide_crimes", tmp_path / "none.duckdb", profile="wide_crimes")
    text = format_check(report)
    for line in (
        "crimes            Crime Report.csv                    36      35       1       0",
        "personal-data columns that would be dropped, never stored (Crime Report.csv): "
        "Victim Name, MO Summary",
        "columns not read (Crime Report.csv): OIC",
        "      1  crimes.risk_level: not one of the allowed values: standard, medium, high "
        "(profile wide_crimes translates Risk: H, M, S)",
        "         e.g. Crime Report.csv, line 32: 'TBC'",
        "      1  suspects.interview (Interview) 'Telephone', e.g. Suspects.csv, line 5",
        "      1  offence_code 8/99",
        "      1  area_code Out of Force",
    ):
        assert line in text.splitlines(), line
    assert report["unknown_codes"] == [
        {"kind": "offence_code", "code": "8/99", "crimes": 1},
        {"kind": "area_code", "code": "Out of Force", "crimes": 1},
    ]


def test_check_command_writes_the_json_report_and_exits_0(tmp_path, capsys):
    older = write_extract(tmp_path / "older", OLDER, extracted_at="2025-03-11T06:00:00")
    db = tmp_path / "db" / "s.duckdb"
    assert main(["check", str(older), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    # Against an empty database nothing is skipped: 2 + 2 + 2 + 2 + 1 load, 4 are rejected.
    assert "The extract would load: 9 row(s) loaded, 4 rejected" in out
    assert f"Report written to {db}.last-check.json" in out
    report = read_report(f"{db}.last-check.json")
    assert report["status"] == "would load" and counts(report) == {
        "crimes": (3, 2, 1, 0),
        "classifications": (3, 2, 1, 0),
        "victims": (3, 2, 1, 0),
        "orders": (2, 2, 0, 0),
        "breaches": (2, 1, 1, 0),
    }
    assert not db.exists()


def test_check_command_exits_1_when_the_load_would_be_refused(tmp_path, capsys):
    folder = write_extract(tmp_path / "x", {"crimes": "crime_ref\n"})
    report = tmp_path / "r.json"
    assert (
        main(["check", str(folder), "--db", str(tmp_path / "s.duckdb"), "--report", str(report)])
        == 1
    )
    assert (
        "The load would be REFUSED; the database would be unchanged:\nclassifications.csv: a required file is missing"
        in capsys.readouterr().out
    )
    assert read_report(report)["status"] == "refused"


def test_read_report_is_none_without_a_readable_report(tmp_path):
    (tmp_path / "bad.json").write_text("{not json")
    (tmp_path / "other.json").write_text(json.dumps({"kind": "something else"}))
    assert read_report(tmp_path / "missing.json") is None
    assert read_report(tmp_path / "bad.json") is None
    assert read_report(tmp_path / "other.json") is None


def test_profiles_command_lists_the_shipped_profiles(capsys):
    assert main(["profiles"]) == 0
    out = capsys.readouterr().out
    assert "wide_crimes  (pipelines/profiles/wide_crimes.toml)" in out
    assert "split_files  (pipelines/profiles/split_files.toml)" in out


def test_an_unknown_profile_on_the_command_line_is_a_message_not_a_traceback(tmp_path, capsys):
    folder = write_extract(tmp_path / "x", {"crimes": "crime_ref\n"})
    assert main(["load", str(folder), "--db", str(tmp_path / "s.duckdb"), "--profile", "nope"]) == 1
    err = capsys.readouterr().err
    assert err == (
        "Load refused; the database is unchanged.\nprofile nope: there is no such profile "
        "(expected one of police_uk, split_files, wide_crimes, or a path to a .toml file)\n"
    )


def test_help_explains_every_command(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    top = capsys.readouterr().out
    assert all(c in top for c in ("load", "check", "profiles"))
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    sub = capsys.readouterr().out
    for option in ("EXTRACT_DIR", "--db", "--profile", "--report", "--strict", "--reference"):
        assert option in sub
