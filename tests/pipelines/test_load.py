"""The loading rules of docs/extract.md, each on a hand-made extract.

Expected values are written by hand beside each test: the row that should be
rejected, its line and reason, the value that should be stored.
"""

from __future__ import annotations

from datetime import date, datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipelines.errors import ExtractRefused
from tests.helpers import CLASS_HEADER, CRIMES_HEADER, load, query, scalar, write_extract

AS_AT = "2025-04-01T06:00:00"

ONE_CRIME = {
    "crimes": f"""
        {CRIMES_HEADER}
        C1,2025-03-04 14:05,E07000095,open
        """,
    "classifications": f"""
        {CLASS_HEADER}
        C1,8Q,true,2025-03-04 15:00,
        """,
}


def rejects(db):
    return query(
        db,
        "select table_name, line, column_name, value, reason from load_rejects "
        "order by table_name, line, column_name",
    )


def test_minimal_extract_loads(tmp_path, db):
    """Only crimes and classifications are required; the as-at comes from the manifest."""
    report = load(write_extract(tmp_path / "x", ONE_CRIME, extracted_at=AS_AT), db)
    assert report.load_id == 1
    assert query(db, "select crime_ref, reported_at, area_code, status from crimes") == [
        ("C1", datetime(2025, 3, 4, 14, 5), "E07000095", "open")
    ]
    assert query(
        db,
        "select extracted_at, extracted_at_source, rows_read, rows_loaded, "
        "rows_rejected from load_log",
    ) == [(datetime(2025, 4, 1, 6, 0), "manifest", 2, 2, 0)]


def test_without_manifest_the_load_time_is_the_as_at(tmp_path, db):
    report = load(write_extract(tmp_path / "x", ONE_CRIME), db, now=datetime(2025, 5, 1, 9, 30))
    assert report.manifest.source == "load time"
    assert scalar(db, "select extracted_at from load_log") == datetime(2025, 5, 1, 9, 30)


def test_the_spaces_around_a_value_are_taken_off_ascii_and_unicode(tmp_path, db):
    """A value is read without the spaces around it: ASCII spaces, and Unicode's, as DuckDB's
    trim takes them: a no-break space (U+00A0), an em space (U+2003), a thin space (U+2009), an
    ideographic space (U+3000). Most values have none at either end and skip the trim
    (validate._trimmed); these must not."""
    tables = {
        "crimes": f"""
            {CRIMES_HEADER}
             C1 ,\u00a02025-03-04 14:05\u3000,E07000095\u2009, open
            """,
        "classifications": f"""
            {CLASS_HEADER}
            C1,\u20038Q,true ,2025-03-04 15:00,
            """,
    }
    load(write_extract(tmp_path / "x", tables, extracted_at=AS_AT), db)
    assert rejects(db) == []
    assert query(db, "select crime_ref, reported_at, area_code, status from crimes") == [
        ("C1", datetime(2025, 3, 4, 14, 5), "E07000095", "open")
    ]
    assert query(db, "select crime_ref, offence_code, is_principal from classifications") == [
        ("C1", "8Q", True)
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_each_encoding_loads_the_same_text(tmp_path, db, encoding):
    """UTF-8, UTF-8 with BOM and Windows-1252 are detected without being told."""
    tables = dict(
        ONE_CRIME,
        online_methods="""
        crime_ref,method,platform
        C1,social_media,Café – “Instagram”
        """,
    )
    write_extract(tmp_path / "x", tables, extracted_at=AS_AT, encoding=encoding)
    report = load(tmp_path / "x", db)
    assert scalar(db, "select platform from online_methods") == "Café – “Instagram”"
    expected = {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "cp1252": "cp1252"}[encoding]
    assert {t.table: t.encoding for t in report.tables}["online_methods"] == expected
    # With a BOM, the first header is still crime_ref (not '\ufeffcrime_ref').
    assert scalar(db, "select count(*) from crimes") == 1


def test_day_first_and_iso_timestamps_are_read_month_first_is_rejected(tmp_path, db):
    """04/03/2025 is 4 March; 03/13/2025 (month-first) is not a date at all."""
    write_extract(
        tmp_path / "x",
        {
            "crimes": f"""
            {CRIMES_HEADER}
            C1,04/03/2025,A,open
            C2,04/03/2025 14:05,A,open
            C3,2025-03-04T14:05:00,A,open
            C4,2025-03-04 14:05:07,A,open
            C5,03/13/2025,A,open
            """,
            "classifications": f"""
            {CLASS_HEADER}
            C1,8Q,true,2025-03-04,
            C2,8Q,true,2025-03-04,
            C3,8Q,true,2025-03-04,
            C4,8Q,true,2025-03-04,
            """,
        },
        extracted_at=AS_AT,
    )
    load(tmp_path / "x", db)
    assert query(db, "select crime_ref, reported_at from crimes order by 1") == [
        ("C1", datetime(2025, 3, 4)),
        ("C2", datetime(2025, 3, 4, 14, 5)),
        ("C3", datetime(2025, 3, 4, 14, 5)),
        ("C4", datetime(2025, 3, 4, 14, 5, 7)),
    ]
    assert rejects(db) == [
        (
            "crimes",
            6,
            "reported_at",
            "03/13/2025",
            "not a date and time: expected ISO 8601 (2025-03-04 14:05) or UK day-first "
            "(04/03/2025 14:05)",
        )
    ]


def test_booleans_and_enumerations_with_case_and_space_noise(tmp_path, db):
    write_extract(
        tmp_path / "x",
        {
            "crimes": """
            crime_ref,reported_at,area_code,status,domestic_abuse,online_element,relationship,risk_level
            C1,2025-03-01,A, OPEN ,Yes,n, Ex Partner ,HIGH
            C2,2025-03-01,A,Closed,FALSE,1,ex-partner,Medium
            C3,2025-03-01,A,closed,,0,stranger,
            """,
            "classifications": f"""
            {CLASS_HEADER}
            C1,8Q,TRUE,2025-03-01,
            C2,8Q,y,2025-03-01,
            C3,8Q,1,2025-03-01,
            """,
        },
        extracted_at=AS_AT,
    )
    load(tmp_path / "x", db)
    assert query(
        db,
        "select crime_ref, status, domestic_abuse, online_element, relationship, "
        "risk_level from crimes order by 1",
    ) == [
        ("C1", "open", True, False, "ex_partner", "high"),
        ("C2", "closed", False, True, "ex_partner", "medium"),
        ("C3", "closed", None, False, "stranger", None),
    ]


def test_row_problems_are_quarantined_with_their_reasons(tmp_path, db):
    """Each kind of row problem, one line each; every other row loads."""
    write_extract(
        tmp_path / "x",
        {
            "crimes": """
            crime_ref,reported_at,area_code,status,latitude,longitude,outcome_code,relationship
            C1,2025-03-01,A,open,51.7,-0.3,,ex_partner
            C2,2025-03-01,,open,,,,
            C3,2025-03-01,A,open,40.4,-3.7,,
            C4,2025-03-01,A,closed,,,23,
            C5,2025-04-03,A,open,,,,
            C6,2025-03-01,A,open,,,,lodger
            C1,2025-03-02,A,open,,,,
            C7,2025-04-02 05:59,A,open,51.7,,,
            """,
            "classifications": f"""
            {CLASS_HEADER}
            C1,8Q,true,2025-03-01,
            C7,8Q,maybe,2025-03-01,
            C9,8Q,true,2025-03-01,
            """,
        },
        extracted_at=AS_AT,
    )
    report = load(tmp_path / "x", db)
    expected_reasons = [
        (
            "classifications",
            3,
            "is_principal",
            "maybe",
            "not a yes/no value: expected true/false, yes/no, y/n or 1/0",
        ),
        (
            "classifications",
            4,
            "crime_ref",
            "C9",
            "crime_ref is neither in this extract's crimes nor loaded before",
        ),
        ("crimes", 3, "area_code", None, "a required value is missing"),
        (
            "crimes",
            4,
            "latitude",
            "40.4",
            "outside the UK: expected latitude between 49.8 and 60.9",
        ),
        ("crimes", 5, "outcome_code", "23", "out of range: expected 1 to 22"),
        (
            "crimes",
            6,
            "reported_at",
            "2025-04-03",
            "dated more than a day after the extract was taken (2025-04-01 06:00)",
        ),
        (
            "crimes",
            7,
            "relationship",
            "lodger",
            "not one of the allowed values: ex_partner, partner, family, acquaintance, work, "
            "neighbour, stranger, online_only, other, unknown",
        ),
        ("crimes", 8, "crime_ref", "C1", "duplicate key: the same crime_ref as line 2"),
        (
            "crimes",
            9,
            "longitude",
            None,
            "a coordinate is given without its pair (latitude and longitude go together)",
        ),
    ]
    assert rejects(db) == expected_reasons
    # C7 is dated 23 h 59 min after the as-at time: inside the one-day grace, so only its
    # lone latitude rejects it. Its classification is then an orphan in all but name:
    # C7's crimes row was rejected and C7 was never loaded, yet the classification row was
    # already rejected for 'maybe', so it is not counted twice.
    assert query(db, "select crime_ref from crimes") == [("C1",)]
    counts = {t.table: (t.read, t.loaded, t.rejected, t.skipped) for t in report.tables}
    assert counts == {"crimes": (8, 1, 7, 0), "classifications": (3, 1, 2, 0)}
    # The raw copy keeps the contract columns of the row as they were written.
    raw = scalar(db, "select raw from load_rejects where value = 'lodger'")
    assert '"relationship":"lodger"' in raw and '"crime_ref":"C6"' in raw


def test_orphan_reason_names_the_rejected_crime_row(tmp_path, db):
    write_extract(
        tmp_path / "x",
        {
            "crimes": f"""
            {CRIMES_HEADER}
            C1,2025-03-01,A,bogus
            """,
            "classifications": f"""
            {CLASS_HEADER}
            C1,8Q,true,2025-03-01,
            """,
        },
        extracted_at=AS_AT,
    )
    load(tmp_path / "x", db)
    assert rejects(db)[0][4] == (
        "crime_ref is neither in this extract's crimes nor loaded before "
        "(its crimes row, line 2, was rejected)"
    )


def test_a_crime_needs_exactly_one_current_principal(tmp_path, db):
    """C1 has two current principals, C2 none: all their classifications are quarantined."""
    write_extract(
        tmp_path / "x",
        {
            "crimes": f"""
            {CRIMES_HEADER}
            C1,2025-03-01,A,open
            C2,2025-03-01,A,open
            C3,2025-03-01,A,open
            """,
            "classifications": f"""
            {CLASS_HEADER}
            C1,8Q,true,2025-03-01,
            C1,8L,true,2025-03-02,
            C2,8Q,true,2025-03-01,2025-03-02
            C2,8L,false,2025-03-01,
            C3,8L,true,2025-03-01,2025-03-02
            C3,8Q,true,2025-03-02,
            """,
        },
        extracted_at=AS_AT,
    )
    load(tmp_path / "x", db)
    assert [(r[0], r[1], r[4]) for r in rejects(db)] == [
        (
            "classifications",
            2,
            "the crime has 2 current principal classifications (exactly one "
            "expected); all its classifications are quarantined",
        ),
        (
            "classifications",
            3,
            "the crime has 2 current principal classifications (exactly one "
            "expected); all its classifications are quarantined",
        ),
        (
            "classifications",
            4,
            "the crime has 0 current principal classifications (exactly one "
            "expected); all its classifications are quarantined",
        ),
        (
            "classifications",
            5,
            "the crime has 0 current principal classifications (exactly one "
            "expected); all its classifications are quarantined",
        ),
    ]
    assert query(db, "select crime_ref, offence_code from classifications order by 1, 2") == [
        ("C3", "8L"),
        ("C3", "8Q"),
    ]


def test_record_with_wrong_number_of_fields_is_rejected_with_its_line(tmp_path, db):
    """A quoted newline makes line numbers differ from record numbers; both are right."""
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "crimes.csv").write_text(
        "crime_ref,reported_at,area_code,status,neighbourhood_code\n"
        'C1,2025-03-01,A,open,"two\nlines"\n'
        "C2,2025-03-01,A,open,N1,extra\n"
        "C3,2025-03-01,A,bogus,N1\n"
    )
    (tmp_path / "x" / "classifications.csv").write_text(f"{CLASS_HEADER}\nC1,8Q,true,2025-03-01,\n")
    report = load(tmp_path / "x", db)
    assert [(r[0], r[1], r[2], r[4]) for r in rejects(db)] == [
        ("crimes", 4, None, "the record has 6 fields but the header has 5"),
        ("crimes", 5, "status", "not one of the allowed values: open, closed, cancelled"),
    ]
    assert scalar(db, "select neighbourhood_code from crimes") == "two\nlines"
    assert {t.table: t.read for t in report.tables}["crimes"] == 3


def test_personal_data_columns_never_reach_the_database(tmp_path, db):
    """Named personal columns are dropped, even from a rejected row's raw copy."""
    write_extract(
        tmp_path / "x",
        {
            "crimes": """
            crime_ref,reported_at,area_code,status,Victim Surname,Date of Birth,home_address,Postcode,suspect_phone,email,MO Narrative,beat_colour
            C1,2025-03-01,A,open,Smith,01/01/1980,1 High St,AL1 1AA,07700900123,js@example.org,Followed her home,blue
            C2,2025-03-01,A,bogus,Jones,02/02/1990,2 Low St,AL2 2BB,07700900456,aj@example.org,Sent letters,red
            """,
            "classifications": f"""
            {CLASS_HEADER}
            C1,8Q,true,2025-03-01,
            """,
        },
        extracted_at=AS_AT,
    )
    report = load(tmp_path / "x", db)
    crimes = {t.table: t for t in report.tables}["crimes"]
    assert crimes.personal == [
        "Victim Surname",
        "Date of Birth",
        "home_address",
        "Postcode",
        "suspect_phone",
        "email",
        "MO Narrative",
    ]
    assert crimes.ignored == ["beat_colour"]
    # Whole values, not fragments: the shipped boundaries hold coordinates such as 51.91980.
    personal_values = [
        "Smith",
        "Jones",
        "01/01/1980",
        "02/02/1990",
        "High St",
        "Low St",
        "AL1 1AA",
        "AL2 2BB",
        "07700900123",
        "07700900456",
        "example.org",
        "Followed her home",
        "Sent letters",
    ]
    for table, column in query(
        db,
        "select table_name, column_name from duckdb_columns() "
        "where data_type = 'VARCHAR' and database_name = "
        "current_database()",
    ):
        values = [v for (v,) in query(db, f'select distinct "{column}" from {table}')]
        for value in values:
            assert not any(p in str(value) for p in personal_values), (table, column, value)


def test_missing_required_column_refuses_and_leaves_db_unchanged(tmp_path, db):
    load(write_extract(tmp_path / "good", ONE_CRIME, extracted_at=AS_AT), db)
    before = db.read_bytes()
    write_extract(
        tmp_path / "bad",
        {
            "crimes": """
            crime_ref,reported_at,status
            C2,2025-03-05,open
            """,
            "classifications": ONE_CRIME["classifications"],
        },
        extracted_at="2025-04-02T06:00:00",
    )
    with pytest.raises(ExtractRefused) as refused:
        load(tmp_path / "bad", db)
    assert refused.value.describe() == (
        "crimes.csv, line 1, column area_code: a required column is missing "
        "(expected a header named area_code)"
    )
    assert db.read_bytes() == before
    assert not list(db.parent.glob("*.loading-*"))


@pytest.mark.parametrize(
    "files, message",
    [
        (
            {"crimes.csv": ""},
            "crimes.csv, line 1: the file is empty (expected a header row naming the columns)",
        ),
        (
            {"crimes.csv": "crime_ref;reported_at;area_code;status\nC1;2025-01-01;A;open\n"},
            "crimes.csv, line 1: the header is not comma-separated (expected columns separated by "
            "commas)",
        ),
        (
            {"crimes.csv": "crime_ref,reported_at,area_code,status,status\n"},
            "crimes.csv, line 1, column status: the column appears twice (columns 4 and 5) "
            "(expected each column once)",
        ),
        (
            {"crimes.csv": "crime_ref,reported_at,area_code,status\n", "crimes.parquet": b"x"},
            "crimes.parquet: the table crimes is supplied twice (crimes.csv and crimes.parquet) "
            "(expected one file per table)",
        ),
        ({"victims.csv": "crime_ref,victim_id\n"}, None),
        (
            {
                "crimes.csv": b"crime_ref,reported_at,area_code,status\nC1,2025-01-01,\x81\x8d,open\n"
            },
            "crimes.csv, line 2: byte 0x81 is neither UTF-8 nor Windows-1252 text (expected a CSV file "
            "encoded as UTF-8, UTF-8 with BOM or Windows-1252)",
        ),
        ({"crimes.parquet": b"not parquet"}, "crimes.parquet: the file cannot be read as Parquet"),
    ],
)
def test_file_level_problems_are_refused_with_a_clear_message(tmp_path, db, files, message):
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "classifications.csv").write_text(f"{CLASS_HEADER}\n")
    for name, content in files.items():
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(ExtractRefused) as refused:
        load(folder, db)
    if message is None:  # crimes.csv is missing altogether
        message = (
            "crimes.csv: a required file is missing (expected crimes.csv or "
            f"crimes.parquet in {folder})"
        )
    assert refused.value.describe().startswith(message)
    assert not db.exists()


def test_strict_refuses_any_reject(tmp_path, db):
    tables = dict(
        ONE_CRIME,
        crimes=f"""
        {CRIMES_HEADER}
        C1,2025-03-04 14:05,A,open
        C2,2025-03-04 14:05,A,bogus
        """,
    )
    with pytest.raises(ExtractRefused) as refused:
        load(write_extract(tmp_path / "x", tables, extracted_at=AS_AT), db, strict=True)
    assert refused.value.describe() == (
        "crimes.csv, line 3, column status: value 'bogus' rejected: not one of the allowed "
        "values: open, closed, cancelled (1 problem(s) in all; --strict refuses any)"
    )
    assert not db.exists()


def test_parquet_extract_with_typed_columns(tmp_path, db):
    """Parquet loads through the same checks; typed timestamps and booleans are accepted."""
    folder = tmp_path / "x"
    folder.mkdir()
    pq.write_table(
        pa.table(
            {
                "crime_ref": ["C1", "C2"],
                "reported_at": pa.array([datetime(2025, 3, 4, 14, 5), datetime(2025, 3, 5)]),
                "area_code": ["A", "A"],
                "status": ["open", "shut"],
                "domestic_abuse": [True, None],
                "offence_from": pa.array([date(2025, 1, 1), None]),
            }
        ),
        folder / "crimes.parquet",
    )
    pq.write_table(
        pa.table(
            {
                "crime_ref": ["C1"],
                "offence_code": ["8Q"],
                "is_principal": [True],
                "classified_at": pa.array([datetime(2025, 3, 4, 15, 0)]),
                "removed_at": pa.array([None], pa.timestamp("us")),
            }
        ),
        folder / "classifications.parquet",
    )
    load(folder, db)
    assert query(db, "select crime_ref, reported_at, domestic_abuse, offence_from from crimes") == [
        ("C1", datetime(2025, 3, 4, 14, 5), True, date(2025, 1, 1))
    ]
    assert [(r[0], r[1], r[2], r[3]) for r in rejects(db)] == [("crimes", 2, "status", "shut")]


def test_parquet_timestamps_with_a_time_zone_become_uk_local_time(tmp_path, db):
    folder = tmp_path / "x"
    folder.mkdir()
    pq.write_table(
        pa.table(
            {
                "crime_ref": ["C1"],
                "area_code": ["A"],
                "status": ["open"],
                "reported_at": pa.array(
                    [datetime(2025, 6, 1, 12, 0)], pa.timestamp("us", tz="UTC")
                ),
            }
        ),
        folder / "crimes.parquet",
    )
    (folder / "classifications.csv").write_text(f"{CLASS_HEADER}\nC1,8Q,true,2025-06-01,\n")
    load(folder, db)
    # 12:00 UTC is 13:00 British Summer Time.
    assert scalar(db, "select reported_at from crimes") == datetime(2025, 6, 1, 13, 0)


def test_unknown_files_and_columns_are_listed_not_loaded(tmp_path, db):
    folder = write_extract(tmp_path / "x", ONE_CRIME, extracted_at=AS_AT)
    (folder / "notes.txt").write_text("hello")
    report = load(folder, db)
    assert report.files_ignored == ["notes.txt"]
