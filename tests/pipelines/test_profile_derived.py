"""What a profile reads beyond the contract's own spellings: month-only dates (as police.uk
publishes them) and the area found from the LSOA through the reference LSOA table. Each on
tiny hand-made files, read and validated in memory by the loader's own code, with the
reference data loaded (the shipped lsoas.csv: E01023289 and E01023290 are Broxbourne 004A
and 004B, both in area E07000095).
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import pytest

from pipelines.errors import ExtractRefused
from pipelines.extract import discover, read_manifest
from pipelines.load import check_staged, stage
from pipelines.profile import as_profile, load_profile
from pipelines.reference import load_reference
from pipelines.store import ensure_schema
from pipelines.validate import valid_rows
from tests.helpers import Dry, write_files
from tests.pipelines.test_profiles import BASE, NO_OFFENCES, extract

MONTHS = 'date_formats = ["%Y-%m", "%b %Y"]\n'
# BASE, its area column replaced by the LSOA and the area found from it.
FROM_LSOA = BASE.replace('area_code = "Area"', 'lsoa_code = "LSOA"').replace(
    'file = "crimes"\n', 'file = "crimes"\narea_from_lsoa = true\n'
)


class Read:
    """An extract staged and validated in memory, with the reference data loaded."""

    def __init__(self, folder, profile=None):
        self.con = duckdb.connect()
        ensure_schema(self.con)
        load_reference(self.con)
        profile = as_profile(profile)
        files, _ = discover(folder, profile)
        manifest = read_manifest(folder, datetime(2025, 4, 1, 6), profile)
        self.sources, _ = stage(self.con, files, folder.parent, profile)
        self.notes = check_staged(self.con, self.sources, manifest, profile, strict=False)

    def valid(self, columns: str) -> list[tuple]:
        return self.con.execute(
            f"select {columns} from {valid_rows('crimes')} order by _row"
        ).fetchall()

    def rejects(self) -> list[tuple]:
        return self.con.execute(
            "select table_name, line, column_name, value, reason from rejects "
            "order by table_name, line, column_name"
        ).fetchall()


def crimes(tmp_path, rows: str, header: str = "Ref,Reported,Area,Status", profile=BASE):
    return extract(tmp_path, {"Crimes.csv": f"{header}\n{rows}", **NO_OFFENCES}, profile)


def test_month_only_dates_are_the_first_of_the_month_when_the_profile_says_so(tmp_path):
    folder, profile = crimes(
        tmp_path,
        "C1,2018-12,A,open\nC2,2018-1,A,open\nC3,2018-12-05 10:00,A,open\nC4,2018-13,A,open\n"
        "C5,Dec 2018,A,open\n",
        profile=MONTHS + BASE,
    )
    read = Read(folder, profile)
    assert read.valid("crime_ref, reported_at") == [
        ("C1", datetime(2018, 12, 1)),
        ("C2", datetime(2018, 1, 1)),
        ("C3", datetime(2018, 12, 5, 10, 0)),  # a whole date still reads as the contract's
        ("C5", datetime(2018, 12, 1)),
    ]
    # month 13 is no month: the generic reason, the profile's format shown as 2025-03
    assert read.rejects() == [
        (
            "crimes",
            5,
            "reported_at",
            "2018-13",
            "not a date and time: expected ISO 8601 (2025-03-04 14:05) or UK day-first "
            "(04/03/2025 14:05) or as the profile says (2025-03, Mar 2025)",
        )
    ]
    # the report says so: C1, C2 and C5 (C3 had a day; C4 was rejected)
    assert read.notes == [
        {
            "table": "crimes",
            "file": "Crimes.csv",
            "column": "reported_at",
            "rows": 3,
            "note": "month without a day read as the first of the month "
            "(date_formats %Y-%m, %b %Y)",
        }
    ]


MONTH_REASON = (
    "a month without a day, not a date and time: a profile reads month-only values as the "
    'first of the month when it says so (date_formats = ["%Y-%m"])'
)


def test_a_month_only_date_without_the_profile_key_names_the_key(tmp_path):
    folder, profile = crimes(tmp_path, "C1,2018-12,A,open\nC2,2018-12-01,A,open\n")
    read = Read(folder, profile)
    assert read.valid("crime_ref") == [("C2",)]
    assert read.rejects() == [("crimes", 2, "reported_at", "2018-12", MONTH_REASON)]
    assert read.notes == []


def test_a_month_only_date_in_a_contract_extract_names_the_profile_key(tmp_path):
    folder = write_files(
        tmp_path / "x",
        {
            "crimes.csv": "crime_ref,reported_at,area_code,status\nC1,2018-12,A,open\n",
            "classifications.csv": "crime_ref,offence_code,is_principal,classified_at\n",
        },
    )
    read = Read(folder)
    assert read.rejects() == [("crimes", 2, "reported_at", "2018-12", MONTH_REASON)]


def test_the_area_is_found_from_the_lsoa_and_an_unknown_lsoa_is_quarantined(tmp_path):
    folder, profile = crimes(
        tmp_path,
        "C1,2025-03-01,E01023289,open\n"
        "C2,2025-03-01, e01023290 ,open\n"  # case and spaces aside
        "C3,2025-03-01,E01999999,open\n"
        "C4,2025-03-01,,open\n",
        header="Ref,Reported,LSOA,Status",
        profile=FROM_LSOA,
    )
    read = Read(folder, profile)
    assert read.valid("crime_ref, lsoa_code, area_code") == [
        ("C1", "E01023289", "E07000095"),
        ("C2", "e01023290", "E07000095"),
    ]
    via = " (profile force finds the area from the LSOA)"
    assert read.rejects() == [
        (
            "crimes",
            4,
            "lsoa_code",
            "E01999999",
            "the LSOA is not in the reference LSOA table (lsoas.csv), so its area is unknown" + via,
        ),
        ("crimes", 5, "lsoa_code", None, "no LSOA, so no area" + via),
    ]
    assert read.notes == [
        {
            "table": "crimes",
            "file": "Crimes.csv",
            "column": "area_code",
            "rows": 2,
            "note": "found from lsoa_code through the reference LSOA table (area_from_lsoa)",
        }
    ]


def test_a_file_without_the_lsoa_column_is_refused_when_the_area_comes_from_it(tmp_path):
    folder, profile = crimes(tmp_path, "C1,2025-03-01,open\n", "Ref,Reported,Status", FROM_LSOA)
    with pytest.raises(ExtractRefused) as e:
        Read(folder, profile)
    assert e.value.describe() == (
        "Crimes.csv, line 1, column LSOA: a column the profile reads is missing (expected a "
        "header named LSOA (for crimes.lsoa_code, the area's, profile force))"
    )


@pytest.mark.parametrize(
    "profile, message",
    [
        (
            FROM_LSOA.replace('lsoa_code = "LSOA"', 'lsoa_code = "LSOA"\narea_code = "Area"'),
            ", key tables.crimes.columns.area_code: area_code is mapped, and area_from_lsoa "
            "finds it from the LSOA (expected one or the other: remove area_code, or "
            "area_from_lsoa)",
        ),
        (
            FROM_LSOA.replace('lsoa_code = "LSOA"\n', ""),
            ", key tables.crimes.area_from_lsoa: the area is found from the LSOA, and the profile "
            'does not map lsoa_code (expected lsoa_code = "the column of the file that holds the '
            'LSOA code")',
        ),
        (
            FROM_LSOA.replace("area_from_lsoa = true", 'area_from_lsoa = "yes"'),
            ", key tables.crimes.area_from_lsoa: expected true or false",
        ),
        (
            BASE.replace('file = "offences"\n', 'file = "offences"\narea_from_lsoa = true\n'),
            ", key tables.classifications.area_from_lsoa: unknown key (expected one of columns, "
            "constants, file, key_from, rows, split_values, vocabulary)",
        ),
        (
            'date_formats = ["%m"]\n' + BASE,
            ", key date_formats: '%m' has no day or no month (expected a day (%d) and a month "
            "(%m, %b or %B), or for month-only values a month and a year (%Y-%m: read as the "
            "first of the month))",
        ),
    ],
)
def test_a_derived_key_used_wrongly_is_refused(tmp_path, profile, message):
    path = tmp_path / "force.toml"
    path.write_text(profile, encoding="utf-8")
    with pytest.raises(ExtractRefused) as e:
        load_profile(path)
    assert e.value.describe() == f"{path}{message}"


def test_month_formats_that_are_taken(tmp_path):
    path = tmp_path / "force.toml"
    path.write_text('date_formats = ["%Y-%m", "%m/%Y", "%b %Y"]\n' + BASE, encoding="utf-8")
    assert load_profile(path).dialect().month_formats == ("%Y-%m", "%m/%Y", "%b %Y")


# --- computed keys: an export with no id for a victim -------------------------------------
# The persons and referrals files carry the crime and the person's number on that crime, no
# victim id: key_from makes victim_id from both ("C1/1"), the same in both files, so each
# referral finds its victim.
KEYLESS = (
    BASE
    + """
[files.persons]
name = "Persons"

[files.support]
name = "Support"

[tables.victims]
file = "persons"

[tables.victims.columns]
crime_ref = "Ref"
age_band = "Age"

[tables.victims.key_from]
victim_id = ["Ref", "Person No"]

[tables.referrals]
file = "support"

[tables.referrals.columns]
crime_ref = "Ref"
service = "Service"
referred_at = "Referred"

[tables.referrals.key_from]
victim_id = ["Ref", "Person No"]
"""
)


def test_a_key_the_export_lacks_is_made_from_its_columns_the_same_in_every_file(tmp_path):
    folder, profile = extract(
        tmp_path,
        {
            "Crimes.csv": "Ref,Reported,Area,Status\nC1,2025-03-01,E07000095,open\n",
            **NO_OFFENCES,
            "Persons.csv": "Ref,Person No,Age\nC1,1,25_34\nC1, 2 ,35_44\nC1,,45_54\n",
            "Support.csv": "Ref,Person No,Service,Referred\nC1,2,idva,2025-03-02\n",
        },
        KEYLESS,
    )
    dry = Dry(folder, profile)
    # line 3's " 2 " trimmed; line 4 has no person number, so no key: quarantined, not guessed
    assert dry.valid("victims", "crime_ref, victim_id, age_band") == [
        ("C1", "C1/1", "25_34"),
        ("C1", "C1/2", "35_44"),
    ]
    assert dry.valid("referrals", "victim_id, service") == [("C1/2", "idva")]
    assert [(t, f, line, column, value) for t, f, line, column, value, _ in dry.rejects()] == [
        ("victims", "Persons.csv", 4, "victim_id", None)
    ]
    assert dry.sources["victims"].present == ["crime_ref", "victim_id", "age_band"]


def test_a_file_without_a_part_of_a_computed_key_is_refused(tmp_path):
    folder, profile = extract(
        tmp_path,
        {
            "Crimes.csv": "Ref,Reported,Area,Status\nC1,2025-03-01,E07000095,open\n",
            **NO_OFFENCES,
            "Persons.csv": "Ref,Age\nC1,25_34\n",
            "Support.csv": "Ref,Person No,Service,Referred\n",
        },
        KEYLESS,
    )
    with pytest.raises(ExtractRefused) as e:
        Dry(folder, profile)
    assert e.value.describe() == (
        "Persons.csv, line 1, column Person No: a column the profile reads is missing (expected "
        "a header named Person No (for victims.victim_id, a part of its key, profile force))"
    )


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            'victim_id = ["Ref", "Person No"]\n\n[tables.referrals]',
            'age_band = ["Ref", "Age"]\n\n[tables.referrals]',
            "victims.key_from.age_band: age_band is not a key column of victims (expected one "
            "of crime_ref, victim_id)",
        ),
        (
            'age_band = "Age"\n',
            'age_band = "Age"\nvictim_id = "Person No"\n',
            "victims.key_from.victim_id: victim_id is also mapped, and key_from makes it "
            "(expected one or the other: remove victim_id from columns or constants, or "
            "key_from)",
        ),
        (
            'victim_id = ["Ref", "Person No"]\n\n[tables.referrals]',
            'victim_id = ["Person No"]\n\n[tables.referrals]',
            "victims.key_from.victim_id: a key made from one column is that column (expected "
            'two or more columns, or columns.victim_id = "the column")',
        ),
        (
            'victim_id = ["Ref", "Person No"]\n\n[tables.referrals]',
            'victim_id = ["Ref", "Victim Name"]\n\n[tables.referrals]',
            "victims.key_from.victim_id: the column 'Victim Name' looks like personal data",
        ),
    ],
)
def test_a_computed_key_used_wrongly_is_refused(tmp_path, old, new, message):
    assert old in KEYLESS
    path = tmp_path / "force.toml"
    path.write_text(KEYLESS.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ExtractRefused) as e:
        load_profile(path)
    assert e.value.describe().startswith(f"{path}, key tables.{message}")
