"""Reference data a force edits: the groups of contract vocabularies are refused when they
miss a value, hold an unknown one or give a group outside the list."""

from __future__ import annotations

import shutil

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
