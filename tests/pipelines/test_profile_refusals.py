"""Profiles refused: a file or column the profile names is missing, and a malformed profile,
each refusal naming the profile file and its key (docs/profiles.md).
"""

from __future__ import annotations

import pytest

from pipelines.errors import ExtractRefused
from pipelines.profile import load_profile
from tests.helpers import Dry
from tests.pipelines.test_profiles import BASE, NO_OFFENCES, extract


def refused(folder, profile) -> str:
    with pytest.raises(ExtractRefused) as e:
        Dry(folder, profile)
    return e.value.describe()


def test_a_required_file_the_profile_names_is_missing(tmp_path):
    folder, profile = extract(tmp_path, {"Crimes.csv": "Ref,Reported,Area,Status\n"})
    assert refused(folder, profile) == (
        "Offences: a required file is missing (expected a file named Offences.csv, .xlsx or "
        f".parquet in {folder} (profile force, files.offences))"
    )


def test_a_column_the_profile_maps_is_missing(tmp_path):
    folder, profile = extract(tmp_path, {"Crimes.csv": "Ref,Reported,Status\n", **NO_OFFENCES})
    assert refused(folder, profile) == (
        "Crimes.csv, line 1, column Area: a column the profile reads is missing "
        "(expected a header named Area (for crimes.area_code, profile force))"
    )


def test_a_column_the_profile_reads_twice_is_refused(tmp_path):
    folder, profile = extract(
        tmp_path, {"Crimes.csv": "Ref,Reported,Area,Status,REF\n", **NO_OFFENCES}
    )
    assert refused(folder, profile) == (
        "Crimes.csv, line 1, column REF: the column appears twice (columns 1 and 5) "
        "(expected each column once)"
    )


def test_a_file_name_matching_two_files_is_refused(tmp_path):
    folder, profile = extract(
        tmp_path, {"Crimes.csv": "Ref\n", "Crimes.parquet": "x", **NO_OFFENCES}
    )
    assert refused(folder, profile) == (
        "Crimes.parquet, key files.crimes.name: the profile's file name 'Crimes' matches 2 files "
        "(Crimes.csv, Crimes.parquet) (expected one file)"
    )


def test_an_unknown_profile_name_is_refused():
    with pytest.raises(ExtractRefused) as e:
        load_profile("nope")
    assert e.value.describe() == (
        "profile nope: there is no such profile (expected one of police_uk, split_files, "
        "wide_crimes, or a path to a .toml file)"
    )


def test_a_profile_path_that_does_not_exist_is_refused(tmp_path):
    with pytest.raises(ExtractRefused) as e:
        load_profile(tmp_path / "mine.toml")
    assert e.value.describe() == (
        f"{tmp_path / 'mine.toml'}: the profile file does not exist (expected a .toml file)"
    )


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "[files.crimes]",
            "[files.crimes",
            ": the profile is not valid TOML: Expected ']' at the end of a table declaration "
            "(at line 4, column 14) (expected TOML as docs/profiles.md shows)",
        ),
        (
            'description = "a test layout"',
            'date_format = ["%d-%b-%Y"]',
            ", key date_format: unknown key (expected one of date_formats, description, files, "
            "tables)",
        ),
        (
            "[tables.crimes]\n",
            "[tables.crime]\n",
            ", key tables.crime: crime is not a table of the extract contract (expected one of "
            "crimes, classifications, victims, suspects, risk_assessments, spo, orders, "
            "breaches, needs_assessments, referrals, online_methods, screenings, panels, "
            "staff, training, feedback, complaints, actions)",
        ),
        (
            'crime_ref = "Ref"\nreported_at',
            'crime_reff = "Ref"\nreported_at',
            ", key tables.crimes.columns.crime_reff: crime_reff is not a column of crimes in the "
            "extract contract (expected one of crime_ref, reported_at, recorded_at, offence_from, "
            "offence_to, area_code, neighbourhood_code, lsoa_code, latitude, longitude, "
            "domestic_abuse, relationship, online_element, risk_level, allocated_unit, "
            "allocated_at, status, outcome_code, outcome_at, officer_ref)",
        ),
        (
            'status = "Status"\n',
            "",
            ", key tables.crimes.columns.status: crimes.status is required and the profile does "
            'not map it (expected status = "the column of the file that holds it")',
        ),
        (
            "[tables.classifications]",
            '[tables.crimes.vocabulary.risk_level]\nH = "hi"\n\n[tables.classifications]',
            ", key tables.crimes.vocabulary.risk_level.H: 'hi' is not a value of risk_level "
            '(expected one of standard, medium, high or "")',
        ),
        (
            "[tables.classifications]",
            '[tables.crimes.vocabulary.outcome_code]\n"Charged" = 23\n\n[tables.classifications]',
            ", key tables.crimes.vocabulary.outcome_code.Charged: '23' is not a value of "
            'outcome_code (expected a whole number from 1 to 22 or "")',
        ),
        (
            "[tables.classifications]",
            '[tables.crimes.vocabulary.risk_level]\nH = "high"\nh = "medium"\n\n'
            "[tables.classifications]",
            ", key tables.crimes.vocabulary.risk_level.h: 'h' is already translated to 'high' "
            "(values match whatever their case and spacing)",
        ),
        (
            "[tables.classifications]",
            '[tables.crimes.vocabulary.relationship]\nEXP = "ex_partner"\n\n'
            "[tables.classifications]",
            ", key tables.crimes.vocabulary.relationship: relationship is not read from the "
            "file, so nothing translates it",
        ),
        (
            'description = "a test layout"',
            'date_formats = ["%m/%d/%Y %H:%M"]',
            ", key date_formats: '%m/%d/%Y %H:%M' reads the month first, which the contract "
            "never does (expected day-first (%d/%m/%Y) or a month name (%d-%b-%Y))",
        ),
        (
            'description = "a test layout"',
            'date_formats = ["%d/%Q/%Y"]',
            ", key date_formats: '%d/%Q/%Y' is not a date format (expected strptime codes such "
            "as %d/%m/%Y %H:%M)",
        ),
        (
            'risk_level = "Risk"',
            'neighbourhood_code = "Officer Name"',
            ", key tables.crimes.columns.neighbourhood_code: the column 'Officer Name' looks like "
            "personal data, which is never loaded (expected a pseudonymous reference, a code or a "
            "date; names, dates of birth, addresses, phone numbers, e-mail and free text stay out)",
        ),
        (
            'risk_level = "Risk"',
            'risk_level = "#"',
            ", key tables.crimes.columns.risk_level: '#' is not a column name (expected letters "
            "or digits)",
        ),
        (
            'file = "crimes"',
            'file = "crime"',
            ", key tables.crimes.file: the file 'crime' is not among the profile's files "
            "(expected one of crimes, offences)",
        ),
        (
            '[tables.classifications]\nfile = "offences"',
            "[tables.classifications]",
            ", key tables.classifications.file: the table names no file (expected file = one of "
            "crimes, offences)",
        ),
        (
            'file = "crimes"',
            'file = "crimes"\nsplit_values = ["V"]',
            ", key tables.crimes.split_values: the file crimes has no split_by column "
            "(expected split_by in [files.crimes])",
        ),
        (
            '[files.offences]\nname = "Offences"',
            '[files.offences]\nname = "Offences"\n\n[files.persons]\nname = "PERSONS"',
            ", key files.persons: no table reads this file (expected a table with file = "
            '"persons", or remove the file)',
        ),
    ],
)
def test_a_malformed_profile_is_refused_naming_the_file_and_key(tmp_path, old, new, message):
    assert BASE.count(old) == 1
    path = tmp_path / "force.toml"
    path.write_text(BASE.replace(old, new), encoding="utf-8")
    with pytest.raises(ExtractRefused) as e:
        load_profile(path)
    assert e.value.describe() == f"{path}{message}"


def test_a_profile_without_a_required_table_is_refused(tmp_path):
    path = tmp_path / "force.toml"
    path.write_text(BASE[: BASE.index("[tables.classifications]")], encoding="utf-8")
    with pytest.raises(ExtractRefused) as e:
        load_profile(path)
    assert e.value.describe() == (
        f"{path}, key tables.classifications: the contract requires classifications, and the "
        "profile does not map it (expected [tables.classifications])"
    )


def test_shipped_profiles_read_and_describe_themselves():
    for name in ("wide_crimes", "split_files"):
        profile = load_profile(name)
        assert profile.description and {"crimes", "classifications"} <= set(profile.tables)
    assert load_profile("wide_crimes").date_formats == ("%d/%m/%Y %H:%M", "%d/%m/%Y")
