"""Profiles: each vocabulary mapping, each derivation and each refusal, on tiny hand-made files.

The export's files and the profile are written beside each test; the loader's
own discovery, staging and validation read them in memory (tests.helpers.Dry),
and the rows that would load and the rejects are compared with literals.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from pipelines.staging import LeftOut
from tests.helpers import Dry, load, query, write_files

BASE = """
description = "a test layout"

[files.crimes]
name = "Crimes"

[files.offences]
name = "Offences"

[tables.crimes]
file = "crimes"

[tables.crimes.columns]
crime_ref = "Ref"
reported_at = "Reported"
area_code = "Area"
status = "Status"
risk_level = "Risk"
domestic_abuse = "DA"
outcome_code = "Outcome"

[tables.classifications]
file = "offences"

[tables.classifications.columns]
crime_ref = "Ref"
offence_code = "Code"
is_principal = "Type"
classified_at = "From"

[tables.classifications.vocabulary.is_principal]
P = true
I = false
"""
NO_OFFENCES = {"Offences.csv": "Ref,Code,Type,From\n"}


def extract(tmp_path, files: dict[str, str], profile: str = BASE):
    """Write the export and the profile (force.toml); return (folder, profile path)."""
    write_files(tmp_path, {"force.toml": profile})
    return write_files(tmp_path / "export", files), tmp_path / "force.toml"


def test_risk_letters_are_translated_and_an_unknown_one_is_quarantined(tmp_path):
    folder, profile = extract(
        tmp_path,
        {
            "Crimes.csv": """
            Ref,Reported,Area,Status,Risk
            C1,2025-03-01,A,open,H
            C2,2025-03-01,A,open,m
            C3,2025-03-01,A,open, S
            C4,2025-03-01,A,open,high
            C5,2025-03-01,A,open,X
            """,
            **NO_OFFENCES,
        },
        BASE + '[tables.crimes.vocabulary.risk_level]\nH = "high"\nM = "medium"\nS = "standard"\n',
    )
    dry = Dry(folder, profile)
    assert dry.valid("crimes", "crime_ref, risk_level") == [
        ("C1", "high"),
        ("C2", "medium"),
        ("C3", "standard"),
        ("C4", "high"),  # the contract's own spelling needs no translation
    ]
    assert dry.rejects() == [
        (
            "crimes",
            "Crimes.csv",
            6,
            "risk_level",
            "X",  # reaches validation as it was written
            "not one of the allowed values: standard, medium, high "
            "(profile force translates Risk: H, M, S)",
        )
    ]


def test_yes_no_in_several_spellings(tmp_path):
    folder, profile = extract(
        tmp_path,
        {
            "Crimes.csv": """
            Ref,Reported,Area,Status,DA
            C1,2025-03-01,A,open,Yes
            C2,2025-03-01,A,open,no
            C3,2025-03-01,A,open,TRUE
            C4,2025-03-01,A,open,1
            C5,2025-03-01,A,open,-1
            C6,2025-03-01,A,open,N/K
            C7,2025-03-01,A,open,Y
            C8,2025-03-01,A,open,0
            C9,2025-03-01,A,open,Maybe
            """,
            **NO_OFFENCES,
        },
        BASE
        + """
[tables.crimes.vocabulary.domestic_abuse]
"Yes" = true
"No" = false
"TRUE" = true
"1" = true
"-1" = true
"N/K" = ""
""",
    )
    dry = Dry(folder, profile)
    assert dry.valid("crimes", "crime_ref, domestic_abuse") == [
        ("C1", True),
        ("C2", False),
        ("C3", True),
        ("C4", True),
        ("C5", True),
        ("C6", None),  # "not known" is translated to blank on purpose
        ("C7", True),  # y/n and 1/0 are the contract's own
        ("C8", False),
    ]
    assert dry.rejects() == [
        (
            "crimes",
            "Crimes.csv",
            10,
            "domestic_abuse",
            "Maybe",
            "not a yes/no value: expected true/false, yes/no, y/n or 1/0 "
            "(profile force translates DA: Yes, No, TRUE, 1, -1, N/K)",
        )
    ]


def test_outcome_labels_become_home_office_outcome_numbers(tmp_path):
    folder, profile = extract(
        tmp_path,
        {
            "Crimes.csv": """
            Ref,Reported,Area,Status,Outcome
            C1,2025-03-01,A,closed,Charged/Summonsed
            C2,2025-03-01,A,closed,charged/summonsed
            C3,2025-03-01,A,closed,Community  Resolution
            C4,2025-03-01,A,closed,Evidential Difficulties - Victim Does Not Support
            C5,2025-03-01,A,closed,15
            C6,2025-03-01,A,closed,Pending CPS
            """,
            **NO_OFFENCES,
        },
        BASE
        + """
[tables.crimes.vocabulary.outcome_code]
"Charged/Summonsed" = 1
"Community Resolution" = 8
"Evidential Difficulties - Victim Does Not Support" = 16
""",
    )
    dry = Dry(folder, profile)
    assert dry.valid("crimes", "crime_ref, outcome_code") == [
        ("C1", 1),
        ("C2", 1),  # case aside
        ("C3", 8),  # repeated spaces aside
        ("C4", 16),
        ("C5", 15),  # a number is already the contract's
    ]
    assert dry.rejects() == [
        (
            "crimes",
            "Crimes.csv",
            7,
            "outcome_code",
            "Pending CPS",
            "not a whole number (profile force translates Outcome: Charged/Summonsed, "
            "Community Resolution, Evidential Difficulties - Victim Does Not Support)",
        )
    ]


def test_a_principal_included_flag_splits_one_offence_file(tmp_path):
    folder, profile = extract(
        tmp_path,
        {
            "Crimes.csv": """
            Ref,Reported,Area,Status
            C1,2025-03-01,A,open
            C2,2025-03-01,A,open
            """,
            "Offences.csv": """
            Ref,Code,Type,From
            C1,8Q,P,2025-03-01
            C1,8L,I,2025-03-01
            C2,8Q,p,2025-03-01
            C2,8R,S,2025-03-01
            """,
        },
    )
    dry = Dry(folder, profile)
    assert dry.valid("classifications", "crime_ref, offence_code, is_principal") == [
        ("C1", "8Q", True),
        ("C1", "8L", False),
        ("C2", "8Q", True),
    ]
    assert dry.rejects() == [
        (
            "classifications",
            "Offences.csv",
            5,
            "is_principal",
            "S",
            "not a yes/no value: expected true/false, yes/no, y/n or 1/0 "
            "(profile force translates Type: P, I)",
        )
    ]


PERSONS = """
[files.persons]
name = "People"
split_by = "Role"
skip = ["Witness"]

[tables.victims]
file = "persons"
split_values = ["VICTIM", "V"]
columns = { crime_ref = "Ref", victim_id = "Person" }

[tables.suspects]
file = "persons"
split_values = ["SUSPECT"]
columns = { crime_ref = "Ref", suspect_id = "Person" }
"""


def test_a_role_column_splits_persons_into_victims_and_suspects(tmp_path):
    """A role no table takes is quarantined with its line; a skipped role is counted."""
    folder, profile = extract(
        tmp_path,
        {
            "Crimes.csv": "Ref,Reported,Area,Status\nC1,2025-03-01,A,open\n",
            **NO_OFFENCES,
            "People.csv": """
            Ref,Person,Role,Name
            C1,P1,Victim,Ann Smith
            C1,P2,SUSPECT,Bob Jones
            C1,P3,witness,Cat Brown
            C1,P4,Complainant,Dan Green
            C1,P5,,Eve White
            C1,P6,V,Fay Black
            """,
        },
        BASE + PERSONS,
    )
    dry = Dry(folder, profile)
    assert dry.valid("victims", "crime_ref, victim_id") == [("C1", "P1"), ("C1", "P6")]
    assert dry.valid("suspects", "crime_ref, suspect_id") == [("C1", "P2")]
    routes = (
        "VICTIM goes to victims; V goes to victims; SUSPECT goes to suspects; Witness is left out"
    )
    assert dry.rejects() == [
        (
            "victims",
            "People.csv",
            5,
            "Role",
            "Complainant",
            f"Role has a value the profile does not route ({routes})",
        ),
        ("victims", "People.csv", 6, "Role", None, f"Role is blank ({routes})"),
    ]
    assert dry.left_out == [LeftOut("People.csv", "Role", "witness", 1)]
    victims, suspects = dry.sources["victims"], dry.sources["suspects"]
    assert (victims.rows_read, suspects.rows_read) == (4, 1)
    assert victims.personal == ["Name"] and suspects.personal == []


def test_a_crime_whose_only_person_row_is_unroutable_keeps_its_people(tmp_path, db):
    """As a crime whose rows were all quarantined: C1's only person row in the later extract
    has an unknown role, so its victim and suspect stay. C2 has no person row at all: a crime
    carries its complete state, so its victim goes."""
    write_files(tmp_path, {"force.toml": BASE + PERSONS})
    crimes = "Ref,Reported,Area,Status\nC1,2025-03-01,A,open\nC2,2025-03-01,A,open\n"
    first = write_files(
        tmp_path / "first",
        {
            "Crimes.csv": crimes,
            **NO_OFFENCES,
            "People.csv": "Ref,Person,Role\nC1,P1,VICTIM\nC1,P2,SUSPECT\nC2,P4,VICTIM\n",
            "manifest.json": '{"extracted_at": "2025-03-10T06:00:00"}',
        },
    )
    later = write_files(
        tmp_path / "later",
        {
            "Crimes.csv": crimes,
            **NO_OFFENCES,
            "People.csv": "Ref,Person,Role\nC1,P3,Complainant\n",
            "manifest.json": '{"extracted_at": "2025-03-11T06:00:00"}',
        },
    )
    load(first, db, profile=tmp_path / "force.toml")
    load(later, db, profile=tmp_path / "force.toml")
    assert query(db, "select crime_ref, victim_id from victims") == [("C1", "P1")]
    assert query(db, "select crime_ref, suspect_id from suspects") == [("C1", "P2")]


WIDE = """
[files.report]
name = "Report.csv"

[tables.crimes]
file = "report"
columns = { crime_ref = "Crime No", reported_at = "Reported", area_code = "Area", status = "Status" }

[tables.classifications]
file = "report"
columns = { crime_ref = "Crime No" }

[[tables.classifications.rows]]
columns = { offence_code = "Principal", classified_at = ["Principal Date", "Reported"] }
constants = { is_principal = true }

[[tables.classifications.rows]]
columns = { offence_code = "Original", classified_at = "Reported", removed_at = "Principal Date" }
constants = { is_principal = true }
only_if = "Original"

[[tables.classifications.rows]]
columns = { offence_code = "Included 1", classified_at = "Included 1 Date" }
constants = { is_principal = false }

[[tables.classifications.rows]]
columns = { offence_code = "Included 2", classified_at = "Included 2 Date" }
constants = { is_principal = false }
"""
REPORT = """
Crime No,Reported,Area,Status,Principal,Principal Date,Original,Included 1,Included 1 Date,Included 2,Included 2 Date,Victim Name
W1,01/03/2025 10:00,A,open,8Q,,,,,,,Ann Smith
W2,02/03/2025 10:00,A,open,8Q,05/03/2025 09:00,8L,8R,02/03/2025 11:00,,,Bob Jones
W3,03/03/2025 10:00,A,open,8L,03/03/2025 10:00,,,,,04/03/2025 12:00,Cat Brown
"""


def test_a_wide_crimes_file_yields_classification_rows_with_its_own_lines(tmp_path):
    """One row per offence column with a value; the original offence only when reclassified;
    a date without its offence is quarantined, not dropped; rejects name the wide file's line."""
    folder, profile = extract(tmp_path, {"Report.csv": REPORT}, WIDE)
    dry = Dry(folder, profile)
    assert dry.valid(
        "classifications", "crime_ref, offence_code, is_principal, classified_at, removed_at, _line"
    ) == [
        ("W1", "8Q", True, datetime(2025, 3, 1, 10, 0), None, 2),  # date: Reported, the 2nd choice
        ("W2", "8Q", True, datetime(2025, 3, 5, 9, 0), None, 3),
        ("W2", "8L", True, datetime(2025, 3, 2, 10, 0), datetime(2025, 3, 5, 9, 0), 3),
        ("W2", "8R", False, datetime(2025, 3, 2, 11, 0), None, 3),
        ("W3", "8L", True, datetime(2025, 3, 3, 10, 0), None, 4),
    ]
    assert dry.rejects() == [
        ("classifications", "Report.csv", 4, "offence_code", None, "a required value is missing")
    ]
    crimes, classifications = dry.sources["crimes"], dry.sources["classifications"]
    assert (crimes.rows_read, classifications.rows_read) == (3, 6)
    assert crimes.personal == ["Victim Name"] and classifications.personal == []


def test_profile_date_formats_extend_the_contracts(tmp_path):
    folder, profile = extract(
        tmp_path,
        {
            "Crimes.csv": """
            Ref,Reported,Area,Status
            C1,04-MAR-2025 14:05,A,open
            C2,4-Mar-2025,A,open
            C3,2025-03-04 14:05,A,open
            C4,04/03/2025,A,open
            C5,March 4 2025,A,open
            """,
            **NO_OFFENCES,
        },
        'date_formats = ["%d-%b-%Y %H:%M", "%d-%b-%Y"]\n' + BASE,
    )
    dry = Dry(folder, profile)
    assert dry.valid("crimes", "crime_ref, reported_at") == [
        ("C1", datetime(2025, 3, 4, 14, 5)),
        ("C2", datetime(2025, 3, 4)),
        ("C3", datetime(2025, 3, 4, 14, 5)),
        ("C4", datetime(2025, 3, 4)),  # still day-first, never month-first
    ]
    assert [r[3:] for r in dry.rejects()] == [
        (
            "reported_at",
            "March 4 2025",
            "not a date and time: expected ISO 8601 (2025-03-04 14:05) or UK day-first "
            "(04/03/2025 14:05) or as the profile says (04-Mar-2025 14:05, 04-Mar-2025)",
        )
    ]


def test_district_names_become_area_codes_and_an_unknown_one_passes_as_written(tmp_path):
    """area_code is free text: an unmapped name loads as it is (the check lists it)."""
    folder, profile = extract(
        tmp_path,
        {
            "Crimes.csv": """
            Ref,Reported,Area,Status
            C1,2025-03-01,North Herts,open
            C2,2025-03-01,north  herts ,open
            C3,2025-03-01,Out of Force,open
            """,
            **NO_OFFENCES,
        },
        BASE + '[tables.crimes.vocabulary.area_code]\n"North Herts" = "E07000099"\n',
    )
    assert Dry(folder, profile).valid("crimes", "crime_ref, area_code") == [
        ("C1", "E07000099"),
        ("C2", "E07000099"),
        ("C3", "Out of Force"),
    ]


def test_a_sheet_of_a_workbook_is_read_through_a_profile(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    folder, profile = extract(
        tmp_path,
        NO_OFFENCES,
        BASE.replace('name = "Crimes"', 'name = "Crimes"\nsheet = "Crime List"'),
    )
    book = openpyxl.Workbook()
    book.active.title = "Cover"
    sheet = book.create_sheet("Crime List")
    sheet.append(["Ref", "Reported", "Area", "Status"])
    sheet.append([12345, datetime(2025, 3, 4, 14, 5), "A", "open"])
    book.save(folder / "Crimes.xlsx")
    dry = Dry(folder, profile)
    assert dry.valid("crimes", "crime_ref, reported_at, _line") == [
        ("12345", datetime(2025, 3, 4, 14, 5), 2)
    ]
    assert dry.sources["crimes"].name == "Crimes.xlsx, sheet Crime List"


def test_a_parquet_file_is_read_through_a_profile(tmp_path):
    """Typed Parquet columns become text, then translate and validate like CSV values."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    folder, profile = extract(
        tmp_path, NO_OFFENCES, BASE + '[tables.crimes.vocabulary.risk_level]\nH = "high"\n'
    )
    pq.write_table(
        pa.table(
            {
                "REF": ["C1"],
                "reported": pa.array([datetime(2025, 3, 4, 14, 5)]),
                "Area": ["A"],
                "Status": ["open"],
                "Risk": ["H"],
                "Surname": ["Smith"],
            }
        ),
        folder / "Crimes.parquet",
    )
    dry = Dry(folder, profile)
    assert dry.valid("crimes", "crime_ref, reported_at, risk_level, _line") == [
        ("C1", datetime(2025, 3, 4, 14, 5), "high", 1)
    ]
    assert dry.sources["crimes"].personal == ["Surname"]
