"""Contract v2's seven tables (docs/extract.md, "v2: tables beyond the first contract") and
its new columns, loaded by the usual rules, on hand-made extracts.

Every expected figure is worked out by hand from the rows written here; the working is on the
line beside it. The loads pass a build that makes no derived table (this file tests the
loader, not the measures), so each takes about a second.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from pipelines.check import check_extract
from pipelines.contract import TABLES
from pipelines.load import load_extract
from pipelines.reference import DEFAULT_DIR
from pipelines.store import base_table_ddl, ensure_schema
from tests.helpers import (
    CLASS_HEADER,
    CRIMES_HEADER,
    Dry,
    query,
    scalar,
    write_extract,
    write_files,
)

AS_AT = "2025-04-01T06:00:00"
LONG = "Review " + "a" * 194  # 7 + 194 = 201 characters: one more than MAX_TEXT (200)

C1_ONLY = {
    "crimes": f"""
        {CRIMES_HEADER},officer_ref
        C1,2025-03-04 14:05,E07000095,open,OFF-1
        """,
    "classifications": f"""
        {CLASS_HEADER}
        C1,8Q,true,2025-03-04 15:00,
        """,
}

FIRST = {
    "crimes": f"""
        {CRIMES_HEADER},officer_ref
        C1,2025-03-04 14:05,E07000095,open,OFF-1
        C2,2025-03-05 10:00,E07000095,open,
        """,
    "classifications": f"""
        {CLASS_HEADER}
        C1,8Q,true,2025-03-04 15:00,
        C2,8Q,true,2025-03-05 11:00,
        """,
    "needs_assessments": """
        crime_ref,victim_id,completed_at,rights_explained,enhanced_rights,rights_channel,support_declined
        C1,V1,2025-03-05,yes,yes,phone,no
        C2,V2,2025-03-05,yes,yes,pigeon,no
        """,
    "screenings": """
        crime_ref,screened_at,outcome
        C1,2025-03-05 09:00,stalking_identified
        C9,2025-03-05 09:00,not_stalking
        """,
    "panels": """
        crime_ref,panel,referred_at,heard_at
        C1,marac,2025-03-06,2025-03-20
        C2,committee,2025-03-06,
        """,
    "staff": """
        staff_ref,role,area_code,in_scope
        S1,constable,E07000095,yes
        S2,PC,,yes
        S3,sergeant,,no
        """,
    "training": """
        staff_ref,course,completed_at
        S1,STALK-EL-2024,2024-10-01
        S9,STALK-EL-2024,2024-10-01
        S2,STALK-EL-2024,2024-10-01
        """,
    "feedback": """
        crime_ref,victim_id,surveyed_at,satisfaction
        C1,V1,2025-03-20,very_satisfied
        C2,V2,2025-03-20,ecstatic
        """,
    "complaints": """
        complaint_ref,crime_ref,received_at,upheld
        K1,C1,2025-03-10,
        K2,C99,2025-03-10,no
        """,
    "actions": f"""
        action_ref,recommendation,description,owner,due_on,status,completed_on
        A1,3,Train all PCSOs by 31/03/2026,Learning and development,2026-03-31,in_progress,
        A2,x,Review screening,PPU,2025-01-01,done,
        A3,4,Call 07700 900123 to book,PPU,2025-01-01,complete,2025-12-01
        A4,5,Audit DASH returns,Head of PPU,2025-02-01,complete,2025-03-28
        A5,6,Brief supervisors,PPU,,not_started,
        A6,7,{LONG},PPU,2025-06-30,not_started,
        """,
}

NOT_ONE_OF = "not one of the allowed values: "


@pytest.fixture(scope="module")
def dry(tmp_path_factory):
    return Dry(write_extract(tmp_path_factory.mktemp("v2") / "x", FIRST, extracted_at=AS_AT))


def test_bad_rows_of_the_new_tables_are_quarantined_with_file_line_column_and_reason(dry):
    orphan = "crime_ref is neither in this extract's crimes nor loaded before"
    no_staff = "staff_ref is neither in this extract's staff nor loaded before"
    assert (
        [(t, f, line, c, r) for t, f, line, c, _, r in dry.rejects()]
        == [
            # A2: 'x' is no whole number, and 'done' is not an action status
            ("actions", "actions.csv", 3, "recommendation", "not a whole number"),
            (
                "actions",
                "actions.csv",
                3,
                "status",
                NOT_ONE_OF + "not_started, in_progress, complete, blocked",
            ),
            # A3: completed_on is an event: 2025-12-01 is after the as-at 2025-04-01 + 1 day
            (
                "actions",
                "actions.csv",
                4,
                "completed_on",
                "dated more than a day after the extract was taken (2025-04-01 06:00)",
            ),
            # A3: a phone number in the free text (07700 900123)
            (
                "actions",
                "actions.csv",
                4,
                "description",
                "looks like personal data (a phone number): the value is not kept",
            ),
            # A6: 201 characters
            (
                "actions",
                "actions.csv",
                7,
                "description",
                "longer than any value of the contract "
                "(200 characters): a narrative or a quote that swallowed the record? The value is not "
                "kept",
            ),
            ("complaints", "complaints.csv", 3, "crime_ref", orphan),  # K2 -> C99, no such crime
            (
                "feedback",
                "feedback.csv",
                3,
                "satisfaction",
                NOT_ONE_OF + "very_satisfied, "
                "fairly_satisfied, neither, fairly_dissatisfied, very_dissatisfied",
            ),  # 'ecstatic'
            (
                "needs_assessments",
                "needs_assessments.csv",
                3,
                "rights_channel",
                NOT_ONE_OF + "in_person, phone, letter, email, portal, other",
            ),  # 'pigeon'
            (
                "panels",
                "panels.csv",
                3,
                "panel",
                NOT_ONE_OF + "marac, matac, mappa, esip, masip, other",
            ),  # 'committee'
            ("screenings", "screenings.csv", 3, "crime_ref", orphan),  # C9, no such crime
            (
                "staff",
                "staff.csv",
                3,
                "role",
                NOT_ONE_OF + "pcso, constable, sergeant, inspector, "
                "chief_inspector, police_staff, other",
            ),  # 'PC' without a profile
            ("training", "training.csv", 3, "staff_ref", no_staff),  # S9 in no staff row
            ("training", "training.csv", 4, "staff_ref", no_staff),  # S2's staff row was rejected
        ]
    )


def test_a_due_date_in_a_sentence_is_no_date_of_birth_and_a_future_due_on_loads(dry):
    # A1 (date in its description, due 2026-03-31 after the as-at), A4, A5 pass
    assert dry.valid("actions", "action_ref, description, due_on") == [
        ("A1", "Train all PCSOs by 31/03/2026", date(2026, 3, 31)),
        ("A4", "Audit DASH returns", date(2025, 2, 1)),
        ("A5", "Brief supervisors", None),
    ]


def test_copies_of_a_rejected_action_keep_its_dates_and_withhold_the_rest(dry):
    raw = dict(
        dry.con.execute(
            "select distinct line, raw from rejects where table_name = 'actions'"
        ).fetchall()
    )
    assert '"description":"Review screening"' in raw[3]
    assert '"description":"(looks like a phone number: not kept)"' in raw[4]
    assert '"completed_on":"2025-12-01"' in raw[4]
    assert '"description":"(201 characters, not kept)"' in raw[7]


def test_owner_is_screened_like_any_text(tmp_path):
    # an e-mail address as an owner: the screen finds it, the copy withholds it
    folder = write_extract(
        tmp_path / "x",
        dict(
            C1_ONLY,
            actions="""
            action_ref,recommendation,description,owner,due_on,status,completed_on
            A1,3,Train PCSOs,jo.bloggs@example.org,2026-03-31,in_progress,
            """,
        ),
        extracted_at=AS_AT,
    )
    assert [r[2:] for r in Dry(folder).rejects()] == [
        (
            2,
            "owner",
            "(looks like an e-mail address: not kept)",
            "looks like personal data (an e-mail address): the value is not kept",
        )
    ]


def no_build(con) -> dict[str, int]:
    return {}


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """The shipped reference data without the boundaries (the maps' GeoJSON, which no test
    here reads): half the reference stage of each load."""
    folder = tmp_path_factory.mktemp("reference")
    for path in DEFAULT_DIR.glob("*.csv"):
        shutil.copy(path, folder / path.name)
    return folder


def run(folder, db, reference):
    return load_extract(folder, db, build=no_build, reference_dir=reference)


def snapshot(db) -> dict:
    return {
        "actions": query(
            db, "select action_ref, status, completed_on, load_id from actions order by 1"
        ),
        "staff": query(db, "select staff_ref, role, load_id from staff order by 1"),
        "training": query(db, "select staff_ref, load_id from training order by 1"),
    }


def counts(report, table) -> tuple:
    t = next(t for t in report.tables if t.table == table)
    return t.read, t.loaded, t.rejected, t.skipped


@pytest.fixture(scope="module")
def loads(tmp_path_factory, reference):
    """Five loads into one database: FIRST (as at 1 April), a later one (1 May) that replaces
    the action plan, a later one still (1 June) whose every action is quarantined, an older
    one (20 March), and a last one (1 July) whose actions file is a header alone. Each load's
    report and the tables after it."""
    root = tmp_path_factory.mktemp("loads")
    db = root / "db" / "x.duckdb"
    later = dict(
        C1_ONLY,
        actions="""
        action_ref,recommendation,description,owner,due_on,status,completed_on
        A1,3,Train all PCSOs by 31/03/2026,Learning and development,2026-03-31,complete,2025-04-20
        A4,5,Audit DASH returns,Head of PPU,2025-02-01,compleet,2025-03-28
        A7,8,Add screening to the crime recording system,PPU,2025-09-30,not_started,
        """,
        staff="""
        staff_ref,role,area_code,in_scope
        S1,sergeant,E07000095,yes
        """,
        training="""
        staff_ref,course,completed_at
        S3,STALK-EL-2024,2025-04-10
        """,
    )
    broken = dict(
        C1_ONLY,
        actions="""
        action_ref,recommendation,description,owner,due_on,status,completed_on
        A1,3,Train all PCSOs,Learning and development,2026-03-31,finished,
        """,
    )
    older = dict(
        C1_ONLY,
        actions="""
        action_ref,recommendation,description,owner,due_on,status,completed_on
        A9,1,Old plan,PPU,2025-01-01,not_started,
        """,
        staff="""
        staff_ref,role,area_code,in_scope
        S1,pcso,,yes
        S4,pcso,,yes
        """,
    )
    empty = dict(
        C1_ONLY,
        actions="action_ref,recommendation,description,owner,due_on,status,completed_on\n",
    )
    out = []
    for name, tables, as_at in (
        ("first", FIRST, AS_AT),
        ("later", later, "2025-05-01T06:00:00"),
        ("broken", broken, "2025-06-01T06:00:00"),
        ("older", older, "2025-03-20T06:00:00"),
        ("empty", empty, "2025-07-01T06:00:00"),
    ):
        report = run(write_extract(root / name, tables, extracted_at=as_at), db, reference)
        out.append((report, snapshot(db)))
    return db, out


def test_first_load_keeps_the_valid_rows_of_every_new_table(loads):
    db, [(report, after), *_] = loads
    assert after["actions"] == [
        ("A1", "in_progress", None, 1),
        ("A4", "complete", date(2025, 3, 28), 1),
        ("A5", "not_started", None, 1),
    ]  # A2, A3 and A6 quarantined
    assert after["staff"] == [("S1", "constable", 1), ("S3", "sergeant", 1)]  # S2 rejected
    assert after["training"] == [("S1", 1)]  # S9 and S2 have no staff row
    # read, loaded, rejected, skipped: rows in the file, less those with a reject
    assert counts(report, "actions") == (6, 3, 3, 0)
    assert counts(report, "training") == (3, 1, 2, 0)
    for table, expected in (
        ("screenings", [("C1", datetime(2025, 3, 5, 9, 0), "stalking_identified")]),
        ("panels", [("C1", "marac", datetime(2025, 3, 6), datetime(2025, 3, 20))]),
        ("feedback", [("C1", "V1", datetime(2025, 3, 20), "very_satisfied")]),
        ("complaints", [("K1", "C1", datetime(2025, 3, 10), None)]),
    ):
        got = query(db, f"select * exclude (load_id, source_line) from {table}")
        assert [r[: len(expected[0])] for r in got] == expected
    assert query(
        db,
        "select crime_ref, rights_channel, support_declined from needs_assessments",
    ) == [("C1", "phone", False)]
    assert query(db, "select crime_ref, officer_ref from crimes order by 1") == [
        ("C1", "OFF-1"),
        ("C2", None),
    ]


def test_the_new_contract_columns_are_neither_dropped_nor_ignored(loads):
    _, [(report, _), *_] = loads
    assert [
        (t.table, t.ignored, t.personal) for t in report.tables if t.ignored or t.personal
    ] == []


def test_a_later_action_plan_replaces_the_register(loads):
    _, [_, (report, after), *_] = loads
    assert after["actions"] == [
        ("A1", "complete", date(2025, 4, 20), 2),  # replaced by the later file's row
        ("A4", "complete", date(2025, 3, 28), 1),  # its new row quarantined: the old one stays
        ("A7", "not_started", None, 2),  # new
    ]  # A5 is not in the later file: gone
    assert counts(report, "actions") == (3, 2, 1, 0)


def test_staff_upsert_by_key_and_training_may_name_staff_loaded_before(loads):
    _, [_, (report, after), *_] = loads
    assert after["staff"] == [("S1", "sergeant", 2), ("S3", "sergeant", 1)]
    assert after["training"] == [("S1", 1), ("S3", 2)]  # S3's staff row came in load 1
    assert counts(report, "training") == (1, 1, 0, 0)


def test_an_action_file_with_every_row_quarantined_keeps_the_register(loads):
    _, [_, (_, before), (report, after), *_] = loads
    assert after["actions"] == before["actions"]
    assert counts(report, "actions") == (1, 0, 1, 0)  # 'finished' is no status


def test_an_older_extract_neither_replaces_the_register_nor_newer_staff(loads):
    _, [*_, (_, before), (report, after), _] = loads
    # the register holds rows loaded as at 1 May (A1, A7; the June load changed nothing)
    assert after["actions"] == before["actions"]  # and this extract is as at 20 March
    assert counts(report, "actions") == (1, 0, 0, 1)
    # S1 was loaded as at 1 May: skipped; S4 is new and loads
    assert after["staff"] == [("S1", "sergeant", 2), ("S3", "sergeant", 1), ("S4", "pcso", 4)]
    assert counts(report, "staff") == (2, 1, 0, 1)


def test_check_lists_the_new_tables(loads, tmp_path, reference):
    db, _ = loads
    folder = write_extract(tmp_path / "x", FIRST, extracted_at=AS_AT)
    report = check_extract(folder, db, reference_dir=reference)
    assert report["status"] == "would load"
    assert [t["table"] for t in report["tables"]] == [
        "crimes",
        "classifications",
        "needs_assessments",
        "screenings",
        "panels",
        "staff",
        "training",
        "feedback",
        "complaints",
        "actions",
    ]  # written in FIRST's order, which is the contract's
    actions = next(t for t in report["tables"] if t["table"] == "actions")
    # the register holds rows loaded as at 1 May, this extract is 1 April: its 3 valid rows skip
    assert (actions["rows_loaded"], actions["rows_rejected"], actions["rows_skipped"]) == (0, 3, 3)


# --- the upgrade of a version 1 database --------------------------------------------------

V2_COLUMNS = {
    "crimes": ("officer_ref",),
    "needs_assessments": ("rights_channel", "support_declined"),
}
V2_TABLES = ("screenings", "panels", "staff", "training", "feedback", "complaints", "actions")


def version_1(db) -> None:
    """A database as schema 1 made it: the v2 columns and tables dropped, version 1 in meta,
    and one crime (V1) with its classification and needs assessment loaded by load 1."""
    db.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(db)) as con:
        ensure_schema(con)
        for table, columns in V2_COLUMNS.items():
            for column in columns:
                con.execute(f"alter table {table} drop column {column}")
        for table in V2_TABLES:
            con.execute(f"drop table {table}")
        con.execute("update meta set value = '1' where name = 'schema_version'")
        con.execute(
            "insert into load_log values (1, '2024-07-01 07:00', '2024-07-01 07:01', 'v1', "
            "'2024-07-01 06:00', 'manifest', 'full', 'Test', 'hand-made', false, 'committed', "
            "3, 3, 0, 0)"
        )
        con.execute(
            "insert into crimes (crime_ref, reported_at, area_code, status, extracted_at, "
            "load_id, source_line) values ('V1', '2024-06-01 10:00', 'E07000095', 'closed', "
            "'2024-07-01 06:00', 1, 2)"
        )
        con.execute(
            "insert into classifications (crime_ref, offence_code, is_principal, classified_at, "
            "load_id, source_line) values ('V1', '8Q', true, '2024-06-01 11:00', 1, 2)"
        )
        con.execute(
            "insert into needs_assessments (crime_ref, victim_id, completed_at, rights_explained, "
            "enhanced_rights, load_id, source_line) values "
            "('V1', 'P1', '2024-06-02', true, false, 1, 2)"
        )


def test_a_version_1_database_takes_a_v2_extract_and_keeps_its_rows(tmp_path, reference):
    db = tmp_path / "db" / "x.duckdb"
    version_1(db)
    folder = write_extract(
        tmp_path / "x",
        dict(
            C1_ONLY,
            needs_assessments="""
            crime_ref,victim_id,completed_at,rights_explained,enhanced_rights,rights_channel,support_declined
            C1,V1,2025-03-05,yes,yes,letter,yes
            """,
            staff="""
            staff_ref,role,area_code,in_scope
            S1,constable,E07000095,yes
            """,
        ),
        extracted_at=AS_AT,
    )
    assert (
        check_extract(folder, db, reference_dir=reference)["status"] == "would load"
    )  # a v1 database is no refusal
    run(folder, db, reference)
    assert scalar(db, "select value from meta where name = 'schema_version'") == "3"
    # by name: the v2 columns sit after the lineage columns in an upgraded table
    assert query(
        db,
        "select crime_ref, reported_at, area_code, status, officer_ref, extracted_at "
        "from crimes order by 1",
    ) == [
        ("C1", datetime(2025, 3, 4, 14, 5), "E07000095", "open", "OFF-1", datetime(2025, 4, 1, 6)),
        ("V1", datetime(2024, 6, 1, 10), "E07000095", "closed", None, datetime(2024, 7, 1, 6)),
    ]
    assert query(
        db,
        "select crime_ref, victim_id, completed_at, rights_explained, enhanced_rights, "
        "rights_channel, support_declined, load_id from needs_assessments order by 1",
    ) == [
        ("C1", "V1", datetime(2025, 3, 5), True, True, "letter", True, 2),
        ("V1", "P1", datetime(2024, 6, 2), True, False, None, None, 1),
    ]
    assert query(db, "select staff_ref, role, in_scope from staff") == [("S1", "constable", True)]


def version_2(db) -> None:
    """A database as schema 2 made it: every base table with its PRIMARY KEY, one crime (K1)
    with its classification loaded by load 1."""
    db.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(db)) as con:
        ensure_schema(con)
        for table in TABLES:
            key = ", ".join(table.key)
            con.execute(f"drop table {table.name}")
            con.execute(base_table_ddl(table)[:-1] + f", PRIMARY KEY ({key}))")
        con.execute("update meta set value = '2' where name = 'schema_version'")
        con.execute(
            "insert into load_log values (1, '2024-07-01 07:00', '2024-07-01 07:01', 'v2', "
            "'2024-07-01 06:00', 'manifest', 'full', 'Test', 'hand-made', false, 'committed', "
            "2, 2, 0, 0)"
        )
        con.execute(
            "insert into crimes (crime_ref, reported_at, area_code, status, extracted_at, "
            "load_id, source_line) values ('K1', '2024-06-01 10:00', 'E07000095', 'closed', "
            "'2024-07-01 06:00', 1, 2)"
        )
        con.execute(
            "insert into classifications (crime_ref, offence_code, is_principal, classified_at, "
            "load_id, source_line) values ('K1', '8Q', true, '2024-06-01 11:00', 1, 2)"
        )


def primary_keys(db) -> list:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "select table_name from duckdb_constraints() where constraint_type = 'PRIMARY KEY' "
            "and list_contains(?, table_name) order by 1",
            [[t.name for t in TABLES]],
        ).fetchall()


def test_a_version_2_database_loses_its_key_indexes_and_keeps_its_rows(tmp_path, reference):
    """Schema 3: the base tables carry no PRIMARY KEY (the load keeps keys unique); a version
    2 database is upgraded by its next load, its rows kept."""
    db = tmp_path / "db" / "x.duckdb"
    version_2(db)
    assert len(primary_keys(db)) == len(TABLES)  # the setup made schema 2's indexes
    run(write_extract(tmp_path / "x", C1_ONLY, extracted_at=AS_AT), db, reference)
    assert scalar(db, "select value from meta where name = 'schema_version'") == "3"
    assert primary_keys(db) == []
    assert query(db, "select crime_ref, status, load_id from crimes order by 1") == [
        ("C1", "open", 2),
        ("K1", "closed", 1),
    ]
    assert query(db, "select crime_ref, offence_code, load_id from classifications order by 1") == [
        ("C1", "8Q", 2),
        ("K1", "8Q", 1),
    ]
    # the load still keeps a key unique without the index: the same extract again replaces
    run(write_extract(tmp_path / "y", C1_ONLY, extracted_at=AS_AT), db, reference)
    assert scalar(db, "select count(*) from crimes where crime_ref = 'C1'") == 1
    assert scalar(db, "select count(*) from classifications where crime_ref = 'C1'") == 1


# --- a profile maps a force's own words onto the v2 vocabularies --------------------------

PROFILE = """
description = "v2 vocabularies"

[files.crimes]
name = "Crimes"
[files.offences]
name = "Offences"
[files.needs]
name = "Needs"
[files.screens]
name = "Screens"
[files.panels]
name = "Panels"
[files.staff]
name = "Staff"
[files.survey]
name = "Survey"
[files.plan]
name = "Plan"

[tables.crimes]
file = "crimes"
[tables.crimes.columns]
crime_ref = "Ref"
reported_at = "Reported"
area_code = "Area"
status = "Status"
officer_ref = "OIC ref"

[tables.classifications]
file = "offences"
[tables.classifications.columns]
crime_ref = "Ref"
offence_code = "Code"
is_principal = "Principal"
classified_at = "From"

[tables.needs_assessments]
file = "needs"
[tables.needs_assessments.columns]
crime_ref = "Ref"
victim_id = "Victim"
rights_channel = "How"
[tables.needs_assessments.vocabulary.rights_channel]
F2F = "in_person"
Tel = "phone"

[tables.screenings]
file = "screens"
[tables.screenings.columns]
crime_ref = "Ref"
screened_at = "Date"
outcome = "Result"
[tables.screenings.vocabulary.outcome]
Yes = "stalking_identified"
No = "not_stalking"

[tables.panels]
file = "panels"
[tables.panels.columns]
crime_ref = "Ref"
panel = "Meeting"
referred_at = "Referred"
[tables.panels.vocabulary.panel]
"MARAC (DA)" = "marac"

[tables.staff]
file = "staff"
[tables.staff.columns]
staff_ref = "Ref"
role = "Rank"
[tables.staff.vocabulary.role]
PC = "constable"
DC = "constable"
PS = "sergeant"
Staff = "police_staff"

[tables.feedback]
file = "survey"
[tables.feedback.columns]
crime_ref = "Ref"
victim_id = "Victim"
surveyed_at = "Date"
satisfaction = "Score"
[tables.feedback.vocabulary.satisfaction]
1 = "very_dissatisfied"
2 = "fairly_dissatisfied"
3 = "neither"
4 = "fairly_satisfied"
5 = "very_satisfied"
"Very satisfied" = "very_satisfied"

[tables.actions]
file = "plan"
[tables.actions.columns]
action_ref = "No"
recommendation = "Rec"
description = "Action description"
owner = "Action owner"
status = "RAG"
[tables.actions.vocabulary.status]
Green = "complete"
Amber = "in_progress"
Red = "blocked"
"""


def test_a_profile_maps_its_own_words_onto_every_v2_vocabulary(tmp_path):
    write_files(tmp_path, {"force.toml": PROFILE})
    folder = write_files(
        tmp_path / "export",
        {
            "Crimes.csv": "Ref,Reported,Area,Status,OIC ref\nC1,2025-03-04,A,open,OFF-1\n",
            "Offences.csv": "Ref,Code,Principal,From\nC1,8Q,true,2025-03-04\n",
            "Needs.csv": "Ref,Victim,How\nC1,V1,F2F\nC1,V2,tel\n",
            "Screens.csv": "Ref,Date,Result\nC1,2025-03-05,Yes\n",
            "Panels.csv": "Ref,Meeting,Referred\nC1,MARAC (DA),2025-03-06\n",
            "Staff.csv": "Ref,Rank\nS1,PC\nS2,dc\nS3,PS\nS4,Staff\nS5,Sgt\n",
            "Survey.csv": "Ref,Victim,Date,Score\nC1,V1,2025-03-20,1\nC1,V2,2025-03-21,5\n"
            "C1,V3,2025-03-22,Very satisfied\nC1,V4,2025-03-23,6\n",
            "Plan.csv": "No,Rec,Action description,Action owner,RAG\n"
            "A1,3,Train PCSOs by 31/03/2026,L&D,Amber\nA2,4,Audit DASH,PPU,green\n",
        },
    )
    dry = Dry(folder, tmp_path / "force.toml")
    assert dry.valid("needs_assessments", "victim_id, rights_channel") == [
        ("V1", "in_person"),
        ("V2", "phone"),  # 'tel': values match whatever their case
    ]
    assert dry.valid("screenings", "outcome") == [("stalking_identified",)]
    assert dry.valid("panels", "panel") == [("marac",)]
    assert dry.valid("staff", "staff_ref, role") == [
        ("S1", "constable"),
        ("S2", "constable"),
        ("S3", "sergeant"),
        ("S4", "police_staff"),
    ]  # S5 'Sgt' is in no vocabulary: quarantined below
    assert dry.valid("feedback", "victim_id, satisfaction") == [
        ("V1", "very_dissatisfied"),
        ("V2", "very_satisfied"),
        ("V3", "very_satisfied"),
    ]  # V4's 6 is off the scale
    assert dry.valid("actions", "action_ref, description, owner, status") == [
        ("A1", "Train PCSOs by 31/03/2026", "L&D", "in_progress"),
        ("A2", "Audit DASH", "PPU", "complete"),
    ]
    assert dry.valid("crimes", "officer_ref") == [("OFF-1",)]
    assert [(t, line, c, v) for t, _, line, c, v, _ in dry.rejects()] == [
        ("feedback", 5, "satisfaction", "6"),
        ("staff", 6, "role", "Sgt"),
    ]


def test_a_split_file_may_make_tables_that_hang_off_no_crime(tmp_path):
    """One HR export whose Kind column says staff row or course completion."""
    crimes = PROFILE.split("[files.needs]")[0]  # description, the crimes and offences files
    tables = "[tables.crimes]" + PROFILE.split("[tables.crimes]")[1].split("[tables.needs")[0]
    profile = (
        crimes
        + '[files.hr]\nname = "HR"\nsplit_by = "Kind"\nskip = ["NOTE"]\n\n'
        + tables
        + '[tables.staff]\nfile = "hr"\nsplit_values = ["STAFF"]\n'
        '[tables.staff.columns]\nstaff_ref = "Ref"\nrole = "Rank"\n'
        '[tables.staff.vocabulary.role]\nPC = "constable"\n'
        '[tables.training]\nfile = "hr"\nsplit_values = ["COURSE"]\n'
        '[tables.training.columns]\nstaff_ref = "Ref"\ncourse = "Course"\n'
        'completed_at = "Done"\n'
    )
    write_files(tmp_path, {"force.toml": profile})
    folder = write_files(
        tmp_path / "export",
        {
            "Crimes.csv": "Ref,Reported,Area,Status,OIC ref\nC1,2025-03-04,A,open,\n",
            "Offences.csv": "Ref,Code,Principal,From\nC1,8Q,true,2025-03-04\n",
            "HR.csv": "Ref,Kind,Rank,Course,Done\nS1,STAFF,PC,,\nS1,COURSE,,STALK-EL-2024,"
            "2024-10-01\nS2,COURSE,,STALK-EL-2024,2024-10-02\nS1,NOTE,,,\n",
        },
    )
    dry = Dry(folder, tmp_path / "force.toml")
    assert dry.valid("staff", "staff_ref, role") == [("S1", "constable")]  # line 2
    assert dry.valid("training", "staff_ref, course") == [("S1", "STALK-EL-2024")]  # line 3
    # line 4: S2 has no staff row; line 5 (NOTE) is skipped, not rejected
    assert [(t, line, c, v) for t, _, line, c, v, _ in dry.rejects()] == [
        ("training", 4, "staff_ref", "S2")
    ]


def test_the_load_report_lists_the_new_tables(loads):
    from pipelines.__main__ import format_report

    _, [(report, _), *_] = loads
    text = format_report(report)
    for table in ("screenings", "panels", "staff", "training", "feedback", "complaints"):
        assert f"\n{table:<20}{table + '.csv':<26}" in text, table
    # actions: 6 read, 3 loaded, 3 rejected (A2, A3, A6), 0 skipped
    assert f"\n{'actions':<20}{'actions.csv':<26}{6:>10}{3:>10}{3:>10}{0:>10}" in text


def test_an_action_file_with_a_header_alone_keeps_the_register(loads):
    _, [*_, (_, before), (report, after)] = loads
    assert after["actions"] == before["actions"]
    assert counts(report, "actions") == (0, 0, 0, 0)
