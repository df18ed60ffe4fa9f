"""Personal data (docs/extract.md, "Personal data"): a column whose name says it is personal
is dropped; a value that looks like a person (a phone number, a postcode, an e-mail address,
a social media handle, a date where a code is expected) in any text or enumeration column
quarantines its row, and every copy kept of the row withholds it and says why. Real codes,
references, platforms and timestamps still load: both sides are tested."""

from __future__ import annotations

import json

import pytest

from common.reports import last_load_path, read_last_load
from pipelines.__main__ import main
from pipelines.check import check_extract, format_check
from pipelines.errors import ExtractRefused
from pipelines.profile import load_profile
from tests.helpers import CLASS_HEADER, CRIMES_HEADER, Dry, load, query, write_extract

AS_AT = "2025-04-01T06:00:00"
CRIME = "C1,2025-03-01 10:00,E07000241,open"
CLASSIFIED = f"{CLASS_HEADER}\nC1,8Q,true,2025-03-01 10:00,\n"

# value -> what the reason says it looks like
PERSONAL = {
    "07700 900123": "a phone number",
    "07700-900-123": "a phone number",
    "(01632) 960001": "a phone number",
    "+44 (0)7700 900123": "a phone number",
    "+1 202-555-0143": "a phone number",
    "SW1A 1AA": "a postcode",
    "sw1a1aa": "a postcode",
    "a@b.com": "an e-mail address",
    "@jsmith": "a social media handle",
    "12/03/1987": "a date",
    "1987-03-12": "a date",
    "12 March 1987": "a date",
}
# (table, header, a good row with {} where the value goes, its column)
PLACES = [
    ("crimes", f"{CRIMES_HEADER}", "{},2025-03-01 10:00,A,open", "crime_ref"),
    ("crimes", f"{CRIMES_HEADER}", "C1,2025-03-01 10:00,{},open", "area_code"),
    ("crimes", f"{CRIMES_HEADER},neighbourhood_code", f"{CRIME},{{}}", "neighbourhood_code"),
    ("crimes", f"{CRIMES_HEADER},lsoa_code", f"{CRIME},{{}}", "lsoa_code"),
    ("crimes", f"{CRIMES_HEADER},relationship", f"{CRIME},{{}}", "relationship"),
    ("classifications", CLASS_HEADER, "C1,{},true,2025-03-01 10:00,", "offence_code"),
    ("victims", "crime_ref,victim_id", "C1,{}", "victim_id"),
    ("suspects", "crime_ref,suspect_id,sex", "C1,{},male", "suspect_id"),
    ("orders", "order_id,suspect_id,order_type", "{},S1,spo", "order_id"),
    ("spo", "crime_ref,suspect_id,order_id", "C1,S1,{}", "order_id"),
    ("online_methods", "crime_ref,method,platform", "C1,messaging,{}", "platform"),
]


def csv_field(value: str) -> str:
    return f'"{value}"' if "," in value else value


def extract(tmp_path, table: str, header: str, row: str) -> Dry:
    """Crime C1 and its classification, with `row` added to `table` (or in place of C1's
    crimes row, with a classification for its crime_ref), read and validated in memory."""
    files = {"crimes": f"{CRIMES_HEADER}\n{CRIME}\n", "classifications": CLASSIFIED}
    if table == "classifications":
        files[table] = f"{CLASSIFIED}{row}\n"
    else:
        files[table] = f"{header}\n{row}\n"
    if table == "crimes":
        ref = row.split(",")[0]
        files["classifications"] = f"{CLASS_HEADER}\n{ref},8Q,true,2025-03-01 10:00,\n"
    return Dry(write_extract(tmp_path / "x", files, extracted_at=AS_AT))


# each value in a column of its own, every column at least once (a phone number in each)
CASES = [(*PLACES[i % len(PLACES)], v) for i, v in enumerate(PERSONAL)]
CASES += [(*place, "07700 900123") for place in PLACES[len(PERSONAL) :]]


@pytest.mark.parametrize(
    "table, header, row, column, value", CASES, ids=[f"{c[3]}-{c[4]}" for c in CASES]
)
def test_a_value_that_looks_like_a_person_quarantines_its_row_and_is_not_kept(
    tmp_path, table, header, row, column, value
):
    dry = extract(tmp_path, table, header, row.format(csv_field(value)))
    line = 3 if table == "classifications" else 2
    kind = PERSONAL[value]
    expected = (
        table,
        f"{table}.csv",
        line,
        column,
        f"(looks like {kind}: not kept)",
        f"looks like personal data ({kind}): the value is not kept",
    )
    assert expected in dry.rejects()
    assert [r for r in dry.rejects() if r[2] == line and r[0] == table] == [expected]
    kept = dry.con.execute("select string_agg(coalesce(value, '') || raw, ' ') from rejects")
    assert value not in kept.fetchone()[0]


@pytest.mark.parametrize(
    "table, header, row, column, value",
    [
        ("crimes", CRIMES_HEADER, "{},2025-03-01 10:00,A,open", "crime_ref", "CR/2025/000123"),
        ("crimes", CRIMES_HEADER, "{},2025-03-01 10:00,A,open", "crime_ref", "42/000079/24"),
        ("crimes", CRIMES_HEADER, "{},2025-03-01 10:00,A,open", "crime_ref", "0012345"),
        ("crimes", CRIMES_HEADER, "C1,2025-03-01 10:00,{},open", "area_code", "E07000241"),
        ("crimes", CRIMES_HEADER, "C1,2025-03-01 10:00,{},open", "area_code", "Out of Force"),
        ("crimes", f"{CRIMES_HEADER},lsoa_code", f"{CRIME},{{}}", "lsoa_code", "E01012345"),
        (
            "crimes",
            f"{CRIMES_HEADER},neighbourhood_code",
            f"{CRIME},{{}}",
            "neighbourhood_code",
            "E02004952",
        ),
        ("crimes", CRIMES_HEADER, "C1,{},E07000241,open", "reported_at", "12/03/2025"),
        ("crimes", CRIMES_HEADER, "C1,{},E07000241,open", "reported_at", "2025-03-12 10:00"),
        ("classifications", CLASS_HEADER, "C1,{},false,2025-03-01 10:00,", "offence_code", "8L"),
        (
            "classifications",
            CLASS_HEADER,
            "C1,{},false,2025-03-01 10:00,",
            "offence_code",
            "195/12",
        ),
        ("classifications", CLASS_HEADER, "C1,{},false,2025-03-01 10:00,", "offence_code", "8/65"),
        ("classifications", CLASS_HEADER, "C1,{},false,2025-03-01 10:00,", "offence_code", "BRSPO"),
        ("victims", "crime_ref,victim_id", "C1,{}", "victim_id", "V33e8df8ed1"),
        ("orders", "order_id,suspect_id,order_type", "{},S1,spo", "order_id", "ORD-000044"),
        ("online_methods", "crime_ref,method,platform", "C1,messaging,{}", "platform", "WhatsApp"),
        (
            "online_methods",
            "crime_ref,method,platform",
            "C1,messaging,{}",
            "platform",
            "X (Twitter)",
        ),
        ("online_methods", "crime_ref,method,platform", "C1,email,{}", "platform", "Gmail"),
    ],
)
def test_codes_references_platforms_and_timestamps_still_load(
    tmp_path, table, header, row, column, value
):
    dry = extract(tmp_path, table, header, row.format(csv_field(value)))
    assert dry.rejects() == []
    found = [str(v) for (v,) in dry.valid(table, f'"{column}"')]
    assert value in found or column == "reported_at", found


def test_personal_values_reach_no_table_no_report_and_no_record(tmp_path, capsys):
    """A full load through the command line, then a check of the same extract: nothing of
    the values is stored anywhere, in any column of any table (load_rejects' value and raw
    included), in the last-load record or in the check report (JSON and text)."""
    values = ["07700 900123", "SW1A 1AA", "jo.bloggs@example.org", "@jsmith", "12/03/1987"]
    folder = write_extract(
        tmp_path / "x",
        {
            "crimes": f"""
            {CRIMES_HEADER},relationship,neighbourhood_code
            C1,2025-03-01 10:00,E07000241,open,ex_partner,N1
            C2,2025-03-01 10:00,SW1A 1AA,open,stranger,N1
            C3,2025-03-01 10:00,E07000241,bogus,07700 900123,N1
            C4,2025-03-01 10:00,E07000241,open,stranger,12/03/1987
            """,
            "classifications": f"{CLASS_HEADER}\nC1,8Q,true,2025-03-01 10:00,\n",
            "online_methods": """
            crime_ref,method,platform
            C1,email,jo.bloggs@example.org
            C1,social_media,Instagram @jsmith
            C1,messaging,WhatsApp
            """,
        },
        extracted_at=AS_AT,
    )
    db = tmp_path / "db" / "s.duckdb"
    assert main(["load", str(folder), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert main(["check", str(folder), "--db", str(db)]) == 0
    out += capsys.readouterr().out
    stored = []
    for table, column in query(
        db,
        "select table_name, column_name from duckdb_columns() where data_type = 'VARCHAR' "
        "and database_name = current_database()",
    ):
        stored += [str(v) for (v,) in query(db, f'select distinct "{column}" from {table}')]
    kept = (
        " ".join(stored)
        + out
        + json.dumps(read_last_load(last_load_path(db)))
        + (db.parent / "s.duckdb.last-check.json").read_text()
    )
    for value in values:
        assert value not in kept, value
    assert query(db, "select crime_ref from crimes") == [("C1",)]
    assert query(db, "select platform from online_methods") == [("WhatsApp",)]
    reasons = query(
        db, "select line, column_name, value, reason from load_rejects order by line, column_name"
    )
    assert (
        4,
        "relationship",
        "(looks like a phone number: not kept)",
        "looks like personal data (a phone number): the value is not kept",
    ) in reasons
    # C3 is also rejected for its status: that reject's raw copy withholds the phone number too
    raw = query(db, "select raw from load_rejects where column_name = 'status'")[0][0]
    assert json.loads(raw)["relationship"] == "(looks like a phone number: not kept)"


def test_a_phone_number_in_a_timestamp_column_is_rejected_as_no_date_and_not_kept(tmp_path):
    dry = extract(tmp_path, "crimes", CRIMES_HEADER, "C2,07700 900123,A,open")
    assert [r for r in dry.rejects() if r[0] == "crimes"] == [
        (
            "crimes",
            "crimes.csv",
            2,
            "reported_at",
            "(looks like a phone number: not kept)",
            "not a date and time: expected ISO 8601 (2025-03-04 14:05) or UK day-first "
            "(04/03/2025 14:05)",
        )
    ]


def test_a_record_that_cannot_be_trusted_keeps_no_personal_value_in_its_copy(tmp_path):
    """A NUL byte quarantines the whole record before staging: its raw copy withholds too."""
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "crimes.csv").write_bytes(
        f"{CRIMES_HEADER},neighbourhood_code\n{CRIME},N1\nC2,2025-03-01,A,op\x00en,a@b.com\n".encode()
    )
    (folder / "classifications.csv").write_text(CLASSIFIED)
    dry = Dry(folder)
    (raw,) = dry.con.execute("select raw from rejects where table_name = 'crimes'").fetchone()
    assert json.loads(raw)["neighbourhood_code"] == "(looks like an e-mail address: not kept)"


def test_strict_refusal_names_the_kind_not_the_value(tmp_path, db):
    folder = write_extract(
        tmp_path / "x",
        {
            "crimes": f"{CRIMES_HEADER}\n{CRIME}\nC2,2025-03-01 10:00,07700 900123,open\n",
            "classifications": CLASSIFIED,
        },
        extracted_at=AS_AT,
    )
    with pytest.raises(ExtractRefused) as refused:
        load(folder, db, strict=True)
    assert refused.value.describe() == (
        "crimes.csv, line 3, column area_code: value rejected: looks like personal data "
        "(a phone number): the value is not kept (1 problem(s) in all; --strict refuses any)"
    )


def test_a_refused_manifest_does_not_repeat_a_personal_value(tmp_path):
    folder = write_extract(
        tmp_path / "x", {"crimes": f"{CRIMES_HEADER}\n{CRIME}\n", "classifications": CLASSIFIED}
    )
    (folder / "manifest.json").write_text('{"kind": "jo@example.org"}')
    report = check_extract(folder, tmp_path / "none.duckdb")
    assert report["refusal"] == (
        "manifest.json, column kind: kind is '(looks like an e-mail address: not kept)' "
        "(expected full or delta)"
    )


def test_the_check_report_withholds_the_value_of_an_example(tmp_path):
    folder = write_extract(
        tmp_path / "x",
        {
            "crimes": f"{CRIMES_HEADER},relationship\n{CRIME},ex_partner\n"
            "C2,2025-03-01 10:00,E07000241,open,@jsmith\n",
            "classifications": CLASSIFIED,
        },
        extracted_at=AS_AT,
    )
    report = check_extract(folder, tmp_path / "none.duckdb")
    assert "@jsmith" not in json.dumps(report) + format_check(report)
    assert report["reject_reasons"][0]["example_value"] == (
        "(looks like a social media handle: not kept)"
    )
    assert report["unknown_values"] == []


# --- column names ----------------------------------------------------------------------------

PERSONAL_HEADERS = [
    "VictimName",
    "EmailAddress",
    "d_o_b",
    "DOB",
    "DateOfBirth",
    "PostCode",
    "TelNo",
    "MobileNumber",
    "HomeAddress",
    "Victim Surname",
    "Date of Birth",
    "suspect_phone",
    "MO Narrative",
    "Victim street name",
    "Username",
    # names of persons, however qualified; a place or organisation that is someone's
    "Name",
    "Forename",
    "First name",
    "Full name",
    "Offender name",
    "Nominal Name",
    "OIC Name",
    "Suspect school name",
    "Victim company name",
    "Employer name",
    # dates of birth, addresses, postcodes, phones, e-mail, narratives
    "Birth date",
    "Place of birth",
    "Address line 1",
    "Town",
    "Post code",
    "Telephone",
    "Mobile No",
    "E-mail",
    "Free text",
    "Crime Summary",
]
PLACE_HEADERS = [
    "LSOA name",
    "District Name",
    "Ward name",
    "Force name",
    "Area name",
    "Neighbourhood name",
    "Street name",
    "Location",
    "LSOAName",
    "Platform name",
    # organisations, and police.uk's own place columns
    "Company name",
    "School name",
    "Premises name",
    "Hospital name",
    "Place name",
    "Town name",
    "Falls within",
    "Reported by",
    "Context",
]


@pytest.mark.parametrize("header", PERSONAL_HEADERS)
def test_a_personal_column_name_is_dropped_however_it_is_written(tmp_path, header):
    dry = extract(tmp_path, "crimes", f"{CRIMES_HEADER},{header}", f"{CRIME},x")
    assert (dry.sources["crimes"].personal, dry.sources["crimes"].ignored) == ([header], [])


@pytest.mark.parametrize("header", PLACE_HEADERS)
def test_a_place_or_organisation_name_is_not_personal(tmp_path, header):
    dry = extract(tmp_path, "crimes", f"{CRIMES_HEADER},{header}", f"{CRIME},Stevenage")
    assert (dry.sources["crimes"].personal, dry.sources["crimes"].ignored) == ([], [header])


def test_a_header_cell_that_is_personal_data_is_listed_without_it(tmp_path):
    """A column named with an e-mail address is dropped, and its name is not kept either."""
    dry = extract(tmp_path, "crimes", f"{CRIMES_HEADER},jo@example.org", f"{CRIME},x")
    assert dry.sources["crimes"].personal == [
        "(column 5: its name looks like an e-mail address: not kept)"
    ]


def test_a_profile_may_map_a_place_name_but_not_a_person(tmp_path):
    base = """
[files.crimes]
name = "Crimes"

[tables.crimes]
file = "crimes"

[tables.crimes.columns]
crime_ref = "Ref"
reported_at = "Reported"
area_code = "{area}"
status = "Status"

[tables.classifications]
file = "crimes"

[tables.classifications.columns]
crime_ref = "Ref"
offence_code = "Code"
is_principal = "Principal"
classified_at = "Reported"
"""
    path = tmp_path / "force.toml"
    path.write_text(base.replace("{area}", "District Name"))
    assert load_profile(path).tables["crimes"].columns["area_code"] == ("District Name",)
    path.write_text(base.replace("{area}", "VictimName"))
    with pytest.raises(ExtractRefused) as refused:
        load_profile(path)
    assert "the column 'VictimName' looks like personal data" in refused.value.describe()


def test_the_rules_read_one_definition():
    """The header rule and the value patterns are pipelines.personal's, nowhere else."""
    import duckdb

    from pipelines.personal import looks_personal, matched_kind_sql, personal_kind

    assert looks_personal("LSOA name") is False and looks_personal("VictimName") is True
    values = [*PERSONAL, "8Q", "195/12", "E01012345", "CR/2025/000123", "X (Twitter)", "x@y"]
    with duckdb.connect() as con:
        in_sql = con.execute(
            f"select v, {matched_kind_sql('v', guarded=True)} from unnest(?) as t(v)", [values]
        ).fetchall()
    assert dict(in_sql) == {v: personal_kind(v) for v in values}
    assert {v: personal_kind(v) for v in PERSONAL} == PERSONAL
