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
from tests.helpers import write_files
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
            "constants, file, rows, split_values, vocabulary)",
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
