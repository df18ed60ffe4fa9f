"""The generator and the loader's reference data (pipelines/reference/) agree.

The generator reads offence codes, groups, indictability, outcome codes, LSOAs
and windows from pipelines/reference/; what it keeps of its own (how often each
code is drawn, for which group of crime) is keyed by code in
sample_data/reference.py. These tests tie the two: editing one without the other
fails here. The reference files are read with DuckDB, as the loader reads them.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines.contract import TABLES
from sample_data import generate, reference

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "pipelines" / "reference"
COMMITTED = ROOT / "sample_data" / "extract"


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    for name in ("offence_codes", "outcome_codes", "areas", "lsoas", "settings", "bank_holidays"):
        con.execute(
            f"create table {name} as select * from read_csv(?, header = true)",
            [str(REFERENCE / f"{name}.csv")],
        )
    # v2: indictable is true, false or unknown (8Q), read as text.
    con.execute(
        "create or replace table offence_codes as select * from read_csv(?, header = true, "
        "all_varchar = true)",
        [str(REFERENCE / "offence_codes.csv")],
    )
    con.execute(
        "create table geo as select * from read_csv(?, header = true, all_varchar = true)",
        [str(ROOT / "sample_data" / "geo" / "lsoa.csv")],
    )
    for t in TABLES:
        con.execute(
            f"create table x_{t.name} as select * from read_csv(?, header = true, "
            "all_varchar = true)",
            [str(COMMITTED / f"{t.name}.csv")],
        )
    return con


def rows(con, sql):
    return con.execute(sql).fetchall()


def test_every_weighted_code_is_in_the_reference_with_the_assumed_group(con):
    reference_groups = dict(rows(con, "select offence_code, offence_group from offence_codes"))
    weighted = [(code, group) for group, w in reference.CODE_WEIGHTS.items() for code in w]
    breach = [(code, "breach_of_order") for code in reference.BREACH_CODE_FOR_ORDER.values()]
    assert weighted and breach
    for code, group in weighted + breach:
        assert code in reference_groups, f"{code} is drawn but not in offence_codes.csv"
        assert reference_groups[code] == group, (code, group, reference_groups[code])
    assert set(reference.GROUPS) == set(reference.CODE_WEIGHTS) | {"breach_of_order"}


def test_the_planted_searches_have_the_indictability_they_need(con):
    indictable = dict(rows(con, "select offence_code, indictable from offence_codes"))
    assert indictable[reference.SUMMARY_STALKING] == "false"
    assert indictable[reference.INDICTABLE_STALKING] == "true"
    # v2: the planted s.18 search on 8Q alone needs 8Q's indictability unknown.
    assert indictable["8Q"] == "unknown"


def test_the_generator_reads_codes_groups_and_indictability_from_the_reference(con):
    assert list(reference.OFFENCE_CODES) == [
        c for (c,) in rows(con, "select offence_code from offence_codes")
    ]
    assert reference.OFFENCE_GROUP == dict(
        rows(con, "select offence_code, offence_group from offence_codes")
    )
    assert reference.INDICTABLE_CODES == {
        c for (c,) in rows(con, "select offence_code from offence_codes where indictable = 'true'")
    }


def test_the_generator_reads_the_v2_settings_and_bank_holidays(con):
    settings = {n: (v, u) for n, v, u in rows(con, "select name, value, unit from settings")}
    assert settings["referral_window_days"] == ("2", "working days")
    assert reference.REFERRAL_WORKING_DAYS == 2
    assert reference.NEEDS_WINDOW == 24 * 3600 and reference.SCREENING_WINDOW == 24 * 3600
    assert reference.ORDER_EXPIRY_WARNING == 28 * 86400
    assert reference.TRAINING_COURSE == settings["training_course"][0] == "STALK-EL-2024"
    assert reference.TRAINING_VALID_FROM == settings["training_valid_from"][0] == "2024-09-01"
    # 2026-08-31 (summer bank holiday) is day 20696 since 1970-01-01 (56 years, 14 leap days,
    # 242 days into 2026: 56 x 365 + 14 + 242 = 20696).
    assert 20696 in reference.BANK_HOLIDAYS
    assert len(reference.BANK_HOLIDAYS) == one_value(con, "select count(*) from bank_holidays")
    # The committed sample's counted completions are of the settings' course.
    assert one_value(con, "select count(*) from x_training where course = 'STALK-EL-2024'") > 0


def one_value(con, sql):
    return con.execute(sql).fetchone()[0]


def test_every_outcome_code_the_generator_closes_with_is_in_the_reference(con):
    known = {c for (c,) in rows(con, "select outcome_code from outcome_codes")}
    used = (
        {reference.CHARGED, reference.SUPPORTS, reference.NO_SUPPORT}
        | set(reference.OUTCOME_WITH_SUSPECT)
        | set(reference.OUTCOME_NO_SUSPECT)
    )
    assert used <= known, used - known


def test_no_disagreement_now():
    assert reference.problems() == []


def test_a_disagreement_is_named():
    groups = dict(reference.OFFENCE_GROUP)
    groups["8M"] = "other"
    del groups["BRRO"]
    found = reference.offence_problems(groups, reference.INDICTABLE_CODES - {"8/66"})
    assert any("8M" in p and "other" in p for p in found)
    assert any("BRRO" in p for p in found)
    assert any("8/66" in p for p in found)
    assert reference.outcome_problems(reference.OUTCOME_CODES - {18}) == [
        "outcome code 18 is not in outcome_codes.csv"
    ]


def test_a_run_refuses_to_start_on_a_disagreement(monkeypatch, tmp_path):
    monkeypatch.setattr(generate, "problems", lambda: ["offence code 8Q is not there"])
    with pytest.raises(SystemExit, match="8Q is not there"):
        generate.generate(tmp_path / "x", crimes=10)
    assert not (tmp_path / "x").exists()


def test_the_geography_file_agrees_with_the_reference_lsoas(con):
    """geo/lsoa.csv adds neighbourhoods and centroids; its codes, districts,
    names and populations are the reference's."""
    differ = rows(
        con,
        """select coalesce(g.lsoa_code, r.lsoa_code) from geo g
           full join lsoas r on r.lsoa_code = g.lsoa_code
           where g.area_code is distinct from r.area_code
              or g.population::bigint is distinct from r.population
              or g.lsoa_name is distinct from r.lsoa_name""",
    )
    assert differ == []
    assert rows(con, "select area_code from lsoas except select area_code from areas") == []


def test_the_committed_sample_uses_only_reference_codes(con):
    assert (
        rows(
            con,
            "select distinct offence_code from x_classifications "
            "where offence_code not in (select offence_code from offence_codes)",
        )
        == []
    )
    assert (
        rows(
            con,
            "select distinct outcome_code from x_crimes where outcome_code is not null "
            "and outcome_code::integer not in (select outcome_code from outcome_codes)",
        )
        == []
    )
    assert (
        rows(
            con,
            "select distinct area_code from x_crimes "
            "where area_code not in (select area_code from areas)",
        )
        == []
    )
    assert (
        rows(
            con,
            "select lsoa_code, c.area_code from x_crimes c left join lsoas l using (lsoa_code) "
            "where lsoa_code is not null and l.area_code is distinct from c.area_code",
        )
        == []
    )
