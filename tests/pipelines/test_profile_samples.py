"""The shipped profiles on their samples (sample_data/profiles/): what a load stores.

Each sample is loaded once into its own database. Expected values are read off
the sample files by eye (the line is given beside each), never computed.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import duckdb
import openpyxl
import pytest

from pipelines.__main__ import format_report, load_extract
from pipelines.contract import TABLES
from pipelines.excel import cell_text
from pipelines.profile import load_profile, value_key
from pipelines.staging import LeftOut
from sample_data.profile_samples import main as make_samples
from tests.helpers import query

SAMPLES = Path(__file__).resolve().parents[2] / "sample_data" / "profiles"


@pytest.fixture(scope="module")
def wide(tmp_path_factory):
    db = tmp_path_factory.mktemp("wide") / "w.duckdb"
    return db, load_extract(SAMPLES / "wide_crimes", db, profile="wide_crimes")


@pytest.fixture(scope="module")
def split(tmp_path_factory):
    db = tmp_path_factory.mktemp("split") / "s.duckdb"
    return db, load_extract(SAMPLES / "split_files", db, profile="split_files")


def rejects(db):
    return query(
        db,
        "select table_name, file, line, column_name, value from load_rejects "
        "order by table_name, line, column_name",
    )


def test_wide_crimes_sample_crime_as_written(wide):
    """Crime Report.csv line 2: Stevenage, Y, Ex-Partner, Y, H, Response, Finalised,
    Charged/Summonsed, day-first dates."""
    db, _ = wide
    assert query(
        db,
        "select reported_at, recorded_at, offence_from, offence_to, area_code, "
        "neighbourhood_code, lsoa_code, latitude, longitude, domestic_abuse, relationship, "
        "online_element, risk_level, allocated_unit, allocated_at, status, outcome_code, "
        "outcome_at, source_line from crimes where crime_ref = '42/000079/24'",
    ) == [
        (
            datetime(2024, 11, 16, 3, 26),
            datetime(2024, 11, 16, 6, 44),
            date(2024, 10, 26),
            date(2024, 11, 16),
            "E07000243",
            "E02004952",
            "E01023751",
            51.89031,
            -0.16254,
            True,
            "ex_partner",
            True,
            "high",
            "response",
            datetime(2024, 11, 16, 11, 28),
            "closed",
            1,
            datetime(2024, 11, 16, 6, 44),
            2,
        )
    ]


def test_wide_crimes_sample_offence_columns_become_classifications(wide):
    """Line 35: principal 195/12 since 01/12/2024 00:02, first recorded (23/11/2024 07:14)
    as 8L, with 8R included since 23/11/2024 13:26."""
    db, _ = wide
    assert query(
        db,
        "select offence_code, is_principal, classified_at, removed_at, source_line "
        "from classifications where crime_ref = '42/002299/24' order by offence_code",
    ) == [
        ("195/12", True, datetime(2024, 12, 1, 0, 2), None, 35),
        ("8L", True, datetime(2024, 11, 23, 7, 14), datetime(2024, 12, 1, 0, 2), 35),
        ("8R", False, datetime(2024, 11, 23, 13, 26), None, 35),
    ]


def test_wide_crimes_sample_victims_and_suspects(wide):
    """Victims.csv line 37 (35-44, U, N) and Suspects.csv line 35 (45-54, X, Not
    Interviewed, s18 PACE, Level 1)."""
    db, _ = wide
    assert query(
        db,
        "select victim_id, age_band, sex, vulnerable, vps_offered_at, vps_taken_at "
        "from victims where crime_ref = '42/002299/24'",
    ) == [("V1de4addac0", "35_44", "unknown", False, datetime(2025, 1, 6, 13, 35), None)]
    assert query(
        db,
        "select suspect_id, age_band, sex, interview, search_power, mappa_level "
        "from suspects where crime_ref = '42/002299/24'",
    ) == [("Sfba1f07018", "45_54", "other", "none", "s18", "1")]


def test_wide_crimes_sample_rejects_name_the_exports_files_and_lines(wide):
    """Risk TBC (line 32) quarantines crime 42/001512/24, so its classification (from the
    same line), victim and suspect are orphans; a suspect's Interview 'Telephone' is not
    in the vocabulary."""
    db, report = wide
    assert rejects(db) == [
        ("classifications", "Crime Report.csv", 32, "crime_ref", "42/001512/24"),
        ("crimes", "Crime Report.csv", 32, "risk_level", "TBC"),
        ("suspects", "Suspects.csv", 5, "interview", "Telephone"),
        ("suspects", "Suspects.csv", 32, "crime_ref", "42/001512/24"),
        ("victims", "Victims.csv", 33, "crime_ref", "42/001512/24"),
    ]
    assert {t.table: (t.read, t.loaded, t.rejected) for t in report.tables} == {
        "crimes": (36, 35, 1),
        # 36 principal, 4 original (lines 15, 20, 30, 35), 5 included (18, 26, 35, 36, 37)
        "classifications": (45, 44, 1),
        "victims": (38, 37, 1),
        "suspects": (36, 34, 2),
    }
    # What the reference data does not know still loads.
    assert query(db, "select area_code from crimes where crime_ref = '42/001225/24'") == [
        ("Out of Force",)
    ]
    assert query(db, "select count(*) from classifications where offence_code = '8/99'") == [(1,)]


def test_split_files_sample_crime_from_the_workbook(split):
    """CRIME.xlsx, sheet Crime, row 2: CRIME_REF typed as the number 24000079, Excel dates,
    Yes, EXP, FALSE, 1-STANDARD, RESP, CLOSED, outcome 1 typed as a number."""
    db, _ = split
    assert query(
        db,
        "select reported_at, offence_from, area_code, latitude, domestic_abuse, relationship, "
        "online_element, risk_level, allocated_unit, status, outcome_code, source_line "
        "from crimes where crime_ref = '24000079'",
    ) == [
        (
            datetime(2024, 11, 16, 3, 26, 9),
            date(2024, 10, 26),
            "E07000243",
            51.89031,
            True,
            "ex_partner",
            False,
            "standard",
            "response",
            "closed",
            1,
            2,
        )
    ]
    # Row 8: DOMESTIC is the number -1 (a ticked box), translated to true.
    assert query(db, "select domestic_abuse from crimes where crime_ref = '24000405'") == [(True,)]


def test_split_files_sample_offences_mix_principal_and_included(split):
    """OFFENCES.csv lines 39-41: 8L (P) replaced by 195/12 (P) on 01-DEC-2024; 8R (I)."""
    db, _ = split
    assert query(
        db,
        "select offence_code, is_principal, classified_at, removed_at, source_line "
        "from classifications where crime_ref = '24002299' order by source_line",
    ) == [
        ("8L", True, datetime(2024, 11, 23, 7, 14), datetime(2024, 12, 1, 0, 2), 39),
        ("195/12", True, datetime(2024, 12, 1, 0, 2), None, 40),
        ("8R", False, datetime(2024, 11, 23, 13, 26), None, 41),
    ]


def test_split_files_sample_persons_split_by_role(split):
    """PERSONS.csv lines 2-3: a VICTIM (0-17, F, Yes, VPS offered 06-JAN-2025) and a SUSPECT
    (35-44, X, VA, S18, L1); witnesses and the reporting person go nowhere."""
    db, report = split
    assert query(
        db,
        "select victim_id, age_band, sex, vulnerable, vps_offered_at, source_line "
        "from victims where crime_ref = '24000079'",
    ) == [("V33e8df8ed1", "under_18", "female", True, datetime(2025, 1, 6), 2)]
    assert query(
        db,
        "select suspect_id, age_band, sex, interview, search_power, mappa_level, source_line "
        "from suspects where crime_ref = '24000079'",
    ) == [("S4dfe178915", "35_44", "other", "voluntary", "s18", "1", 3)]
    assert query(db, "select count(*) from victims where victim_id like 'W%'") == [(0,)]
    assert report.left_out == [
        LeftOut("PERSONS.csv", "ROLE", "REPORTING PERSON", 1),
        LeftOut("PERSONS.csv", "ROLE", "WITNESS", 2),
    ]


def test_the_load_report_names_the_profile_and_what_it_left_out(split):
    _, report = split
    text = format_report(report)
    assert "with profile split_files (pipelines/profiles/split_files.toml)" in text
    assert "rows left out by the profile (PERSONS.csv): 2 with ROLE WITNESS" in text.splitlines()


def test_split_files_sample_rejects(split):
    db, report = split
    assert rejects(db) == [
        ("classifications", "OFFENCES.csv", 7, "is_principal", "S"),
        ("victims", "PERSONS.csv", 15, "ROLE", "COMPLAINANT"),
    ]
    assert [(t.table, t.file, t.file_format) for t in report.tables] == [
        ("crimes", "CRIME.xlsx, sheet Crime", "xlsx"),
        ("classifications", "OFFENCES.csv", "csv"),
        ("victims", "PERSONS.csv", "csv"),
        ("suspects", "PERSONS.csv", "csv"),
    ]


PERSONAL = (
    "Alex Sample", "Sam Example", "Placeholder", "Fictional", "Madeup", "Sample", "Witness",
    "01/01/1960", "1960-01-01", "26/100000X", "Sent repeated messages", "Waited outside work",
    "Made fake profiles", "Left gifts", "Near the station", "Near the park",
)  # fmt: skip


@pytest.mark.parametrize("sample", ["wide", "split"])
def test_personal_data_in_the_samples_never_reaches_the_database(sample, request):
    """Victim Name, Date of Birth, PNC ID, MO Summary, FORENAME, ...: in no base or audit
    table (rejects' raw copies included); every derived table is built from these."""
    db, report = request.getfixturevalue(sample)
    assert any(t.personal for t in report.tables)
    tables = [t.name for t in TABLES] + ["load_log", "load_tables", "load_rejects"]
    with duckdb.connect(str(db), read_only=True) as con:
        for table in tables:
            for row in con.execute(f"select * from {table}").fetchall():
                text = " ".join(map(str, row))
                assert not any(p in text for p in PERSONAL), (table, row)


def source_values(name: str, column: str) -> set[str]:
    """Every value of a source column in a sample's files, as vocabularies match them."""
    folder, values = SAMPLES / name, set()
    for path in folder.iterdir():
        if path.suffix == ".csv":
            with path.open(encoding="utf-8", newline="") as f:
                values |= {row[column] for row in csv.DictReader(f) if column in row}
        elif path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path, read_only=True)
            rows = book["Crime"].iter_rows(values_only=True)
            header = next(rows)
            if column in header:
                values |= {cell_text(r[header.index(column)]) for r in rows}
            book.close()
    return {value_key(v) for v in values if v is not None}


@pytest.mark.parametrize("name", ["wide_crimes", "split_files"])
def test_every_vocabulary_entry_occurs_in_its_sample(name):
    profile = load_profile(name)
    for tmap in profile.tables.values():
        for column, written in tmap.shown.items():
            missing = {value_key(w) for w in written} - source_values(name, tmap.source_of(column))
            assert not missing, (tmap.table.name, column, missing)
    for spec in profile.files.values():
        if spec.split_by:
            roles = {value_key(v) for v in spec.skip}
            roles |= {value_key(v) for t in profile.tables_of(spec.alias) for v in t.split_values}
            assert roles <= source_values(name, spec.split_by)


def test_the_samples_are_what_their_script_writes(tmp_path):
    """sample_data/profile_samples.py, run again, writes byte-identical files."""
    assert make_samples(["--out", str(tmp_path)]) == 0
    for name in ("wide_crimes", "split_files"):
        committed = sorted(p.name for p in (SAMPLES / name).iterdir())
        assert committed == sorted(p.name for p in (tmp_path / name).iterdir())
        for file in committed:
            assert (tmp_path / name / file).read_bytes() == (SAMPLES / name / file).read_bytes()
