"""Reference data a force edits: the groups of contract vocabularies are refused when they
miss a value, hold an unknown one or give a group outside the list."""

from __future__ import annotations

import shutil
from datetime import date

import duckdb
import pytest

from pipelines.errors import ExtractRefused
from pipelines.reference import DEFAULT_DIR, load_reference


@pytest.fixture
def reference(tmp_path):
    folder = tmp_path / "reference"
    shutil.copytree(DEFAULT_DIR, folder)
    return folder


def refusal(folder) -> ExtractRefused:
    with pytest.raises(ExtractRefused) as refused:
        load_reference(duckdb.connect(), folder)
    return refused.value


def test_the_shipped_groups_load():
    con = duckdb.connect()
    load_reference(con)
    assert con.execute(
        "select list(allocated_unit order by allocated_unit) from units "
        "where unit_type = 'specialist'"
    ).fetchone()[0] == ["cid", "da_unit", "public_protection", "stalking_unit"]
    assert con.execute(
        "select list(service order by service) from services where specialist"
    ).fetchone()[0] == ["isac", "national_stalking_helpline", "paladin"]
    assert con.execute(
        "select list(tool order by tool) from risk_tools where stalking_specific"
    ).fetchone()[0] == ["s_dash", "sst"]
    assert con.execute(
        "select list(outcome_code) from outcome_codes where outcome_group = 'charged'"
    ).fetchone()[0] == [1]


def test_a_unit_missing_from_units_is_refused(reference):
    path = reference / "units.csv"
    path.write_text("".join(line for line in path.open() if not line.startswith("cid,")))
    refused = refusal(reference)
    assert (refused.file, refused.column) == ("reference/units.csv", "allocated_unit")
    assert "missing cid" in str(refused)


def test_a_service_the_contract_does_not_know_is_refused(reference):
    with (reference / "services.csv").open("a") as f:
        f.write("helpdesk,A helpdesk,true\n")
    assert "unknown helpdesk" in str(refusal(reference))


def test_a_unit_type_outside_the_list_is_refused(reference):
    path = reference / "units.csv"
    path.write_text(
        path.read_text().replace(
            "cid,Criminal Investigation Department (CID),specialist", "cid,CID,expert"
        )
    )
    refused = refusal(reference)
    assert (refused.column, "'expert'" in str(refused)) == ("unit_type", True)


def test_an_outcome_group_outside_the_list_is_refused(reference):
    path = reference / "outcome_codes.csv"
    path.write_text(path.read_text().replace("1,Charged or summonsed,charged", "1,Charged,charge"))
    assert refusal(reference).column == "outcome_group"


def test_a_vocabulary_value_without_a_label_is_refused(reference):
    """Pages show words, never a raw code: every value of a contract vocabulary needs one."""
    path = reference / "labels.csv"
    path.write_text(
        "".join(line for line in path.open() if not line.startswith("relationship,ex_partner,"))
    )
    refused = refusal(reference)
    assert (refused.file, refused.column) == ("reference/labels.csv", "code")
    assert "no label for relationship ex_partner" in str(refused)


# --- v2 reference data ------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    con = duckdb.connect()
    load_reference(con)
    return con


def test_bank_holidays_2020_to_2028_load(shipped):
    # 9 years of 8 holidays = 72, plus 2020's VE day move (counted in the 8), 2022's Platinum
    # Jubilee and the Queen's funeral, and 2023's coronation: 72 + 3 = 75 rows
    assert shipped.execute(
        "select count(*), min(holiday_on), max(holiday_on) from bank_holidays"
    ).fetchone() == (75, date(2020, 1, 1), date(2028, 12, 26))
    # Easter 2025: Good Friday 18 April, Easter Monday 21 April
    assert shipped.execute(
        "select list(holiday_on order by holiday_on) from bank_holidays "
        "where holiday_on between '2025-04-01' and '2025-04-30'"
    ).fetchone()[0] == [date(2025, 4, 18), date(2025, 4, 21)]
    # Christmas 2026: the 25th is a Friday, Boxing Day a Saturday, substituted by Monday 28th
    assert shipped.execute(
        "select list(holiday_on order by holiday_on) from bank_holidays "
        "where holiday_on between '2026-12-20' and '2026-12-31'"
    ).fetchone()[0] == [date(2026, 12, 25), date(2026, 12, 28)]


def test_a_bank_holiday_twice_is_refused(reference):
    with (reference / "bank_holidays.csv").open("a", encoding="utf-8") as f:
        f.write("2025-12-25,Christmas Day again\n")
    refused = refusal(reference)
    assert (refused.file, refused.column) == ("reference/bank_holidays.csv", "holiday_on")
    assert "2025-12-25 appears more than once" in str(refused)


def test_a_bank_holiday_that_is_not_a_date_is_refused(reference):
    with (reference / "bank_holidays.csv").open("a", encoding="utf-8") as f:
        f.write("25/13/2029,Not a day\n")
    refused = refusal(reference)
    assert (refused.file, refused.column) == ("reference/bank_holidays.csv", "holiday_on")
    assert "'25/13/2029' is not a date" in str(refused)


def test_indictable_unknown_or_empty_is_null(shipped, reference):
    # 8Q is shipped as unknown; 195/12 false; 8/65 true
    assert shipped.execute(
        "select offence_code, indictable from offence_codes "
        "where offence_code in ('8Q', '195/12', '8/65') order by 1"
    ).fetchall() == [("195/12", False), ("8/65", True), ("8Q", None)]
    with (reference / "offence_codes.csv").open("a", encoding="utf-8") as f:
        f.write("XX1,other,A code with nothing said,,\n")
    con = duckdb.connect()
    load_reference(con, reference)
    assert con.execute(
        "select indictable from offence_codes where offence_code = 'XX1'"
    ).fetchone() == (None,)


def test_indictable_maybe_is_refused(reference):
    with (reference / "offence_codes.csv").open("a", encoding="utf-8") as f:
        f.write("XX1,other,A code,maybe,\n")
    refused = refusal(reference)
    assert (refused.file, refused.column) == ("reference/offence_codes.csv", "indictable")
    assert "offence code XX1 has indictable 'maybe'" in str(refused)


def test_text_settings_are_kept_as_text(shipped):
    assert shipped.execute(
        "select name, value, text, unit from settings "
        "where name in ('training_course', 'training_valid_from', 'referral_window_days') "
        "order by 1"
    ).fetchall() == [
        ("referral_window_days", 2.0, "2", "working days"),
        ("training_course", None, "STALK-EL-2024", "course code"),
        ("training_valid_from", None, "2024-09-01", "date"),
    ]


@pytest.mark.parametrize(
    "row, expected",
    [
        ("training_valid_from,2024-13-01,date,bad", "a date (YYYY-MM-DD)"),
        ("needs_window_hours,a day,hours,bad", "a number"),
    ],
)
def test_a_bad_setting_is_refused_naming_file_and_column(reference, row, expected):
    path = reference / "settings.csv"
    name = row.split(",")[0]
    kept = [line for line in path.open(encoding="utf-8") if not line.startswith(name + ",")]
    path.write_text("".join(kept) + row + "\n", encoding="utf-8")
    refused = refusal(reference)
    assert (refused.file, refused.column) == ("reference/settings.csv", "value")
    assert f"setting {name} has value" in str(refused) and expected in str(refused)
