"""The synthetic extract generator, tested through its command line.

Every check reads the files the generator wrote (DuckDB over the CSVs), never
the generator's internals: the sample must look right to a loader that only
knows spec/extract.md.
"""

from __future__ import annotations

import csv
import json
import re

import duckdb
import pytest

from pipelines.contract import TABLES
from tests.sample_data.conftest import (
    AS_AT,
    COMMITTED,
    COMMITTED_ARGS,
    CRIMES,
    LATER,
    SEED,
    generate,
    one,
)

# ---------------------------------------------------------------- the folder


def test_every_table_with_the_contract_columns_in_order(folders):
    for folder in folders.values():
        for t in TABLES:
            with open(folder / f"{t.name}.csv", newline="", encoding="utf-8") as f:
                assert tuple(next(csv.reader(f))) == t.column_names, (folder.name, t.name)


def test_manifests(folders):
    full = json.loads((folders["x"] / "manifest.json").read_text())
    delta = json.loads((folders["d"] / "manifest.json").read_text())
    assert full == {
        "force": full["force"],
        "system": "synthetic",
        "extracted_at": "2026-11-16T06:00:00",
        "kind": "full",
    }
    assert delta["kind"] == "delta" and delta["extracted_at"] == "2026-11-21T06:00:00"


def test_values_obey_the_contract(db):
    patterns = {
        "timestamp": r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$",
        "date": r"^\d{4}-\d{2}-\d{2}$",
        "bool": r"^(true|false)$",
        "int": r"^\d+$",
    }
    ids = {
        "crime_ref": r"^42/\d{6}/\d{2}$",
        "victim_id": r"^V[0-9a-f]{10}$",
        "suspect_id": r"^S[0-9a-f]{10}$",
        "order_id": r"^ORD-\d{6}$",
    }
    for schema in ("x", "d"):
        for t in TABLES:
            for c in t.columns:
                values = {
                    v
                    for (v,) in db.execute(
                        f"select distinct {c.name}::varchar from {schema}.{t.name} where {c.name} is not null"
                    ).fetchall()
                }
                if c.not_null:
                    assert (
                        one(db, f"select count(*) from {schema}.{t.name} where {c.name} is null")
                        == 0
                    ), c.name
                if c.kind == "enum":
                    assert values <= set(c.values), (t.name, c.name, values - set(c.values))
                pattern = ids.get(c.name) or patterns.get(c.kind)
                # DuckDB reads timestamps back in ISO form; check the raw text too (below).
                if pattern and c.kind not in ("timestamp", "date", "bool"):
                    assert all(re.match(pattern, v) for v in values), (t.name, c.name)
    lo, hi = (
        one(db, "select min(outcome_code) from x.crimes"),
        one(db, "select max(outcome_code) from x.crimes"),
    )
    assert 1 <= lo and hi <= 22
    assert (
        one(
            db,
            """select count(*) from x.crimes where latitude not between 49.8 and 60.9
                      or longitude not between -8.7 and 1.8""",
        )
        == 0
    )


def test_raw_text_formats(folders):
    """Timestamps as YYYY-MM-DD HH:MM:SS, booleans true/false, nulls empty."""
    formats = {
        "timestamp": r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}",
        "date": r"\d{4}-\d{2}-\d{2}",
        "bool": r"true|false",
    }
    for t in TABLES:
        with open(folders["x"] / f"{t.name}.csv", newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        for c in t.columns:
            if c.kind in formats:
                bad = [
                    r[c.name]
                    for r in rows
                    if r[c.name] and not re.fullmatch(formats[c.kind], r[c.name])
                ]
                assert not bad, (t.name, c.name, bad[:3])


def test_same_seed_same_bytes_and_no_delta_needed(folders, tmp_path):
    """The same seed gives the same bytes, with or without a delta; another seed differs."""
    again = generate(tmp_path / "again", "--crimes", str(CRIMES), "--seed", str(SEED))
    other = generate(tmp_path / "other", "--crimes", str(CRIMES), "--seed", str(SEED + 1))
    for t in TABLES:
        assert (again / f"{t.name}.csv").read_bytes() == (
            folders["x"] / f"{t.name}.csv"
        ).read_bytes(), t.name
    assert (other / "crimes.csv").read_bytes() != (again / "crimes.csv").read_bytes()
    assert (other / "victims.csv").read_bytes() != (again / "victims.csv").read_bytes()


def test_parquet_and_day_first(tmp_path):
    pq = generate(tmp_path / "pq", "--crimes", "600", "--seed", "5", "--format", "parquet")
    con = duckdb.connect()
    for t in TABLES:
        cols = [
            r[0]
            for r in con.execute(
                f"describe select * from '{pq / (t.name + '.parquet')}'"
            ).fetchall()
        ]
        assert tuple(cols) == t.column_names, t.name
    assert (
        con.execute(
            f"select typeof(reported_at) from '{pq / 'crimes.parquet'}' limit 1"
        ).fetchone()[0]
        == "TIMESTAMP"
    )
    uk = generate(tmp_path / "uk", "--crimes", "600", "--seed", "5", "--day-first")
    with open(uk / "crimes.csv", newline="") as f:
        row = next(csv.DictReader(f))
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", row["reported_at"])
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", row["offence_to"])


def test_committed_sample_is_what_the_readme_command_makes(tmp_path):
    """Regenerate the committed sample after changing the generator or the geography."""
    args = [a.format(delta=tmp_path / "delta") for a in COMMITTED_ARGS]
    generate(tmp_path / "extract", *args)
    for folder in ("extract", "delta"):
        for t in TABLES:
            made = (tmp_path / folder / f"{t.name}.csv").read_bytes()
            assert made == (COMMITTED / folder / f"{t.name}.csv").read_bytes(), (folder, t.name)
        assert (tmp_path / folder / "manifest.json").read_text() == (
            COMMITTED / folder / "manifest.json"
        ).read_text()


# ---------------------------------------------------------------- realism (spec/domain.md)


def share(db, numerator_where, table, where="true"):
    return one(
        db,
        f"select avg(case when {numerator_where} then 1.0 else 0 end) from {table} where {where}",
    )


def test_crime_mix(db):
    # About 27 % of crimes are stalking.
    assert (
        0.24
        <= share(
            db, "crime_ref in (select crime_ref from x.cases)", "x.crimes", "status <> 'cancelled'"
        )
        <= 0.30
    )
    principal = (
        "crime_ref in (select crime_ref from x.cls where is_principal and current and grp = '{}')"
    )
    assert 0.33 <= share(db, principal.format("harassment"), "x.crimes") <= 0.47
    assert 0.13 <= share(db, principal.format("malicious_communications"), "x.crimes") <= 0.23
    assert 0.05 <= share(db, principal.format("coercive_control"), "x.crimes") <= 0.11
    assert 0.05 <= share(db, principal.format("breach_of_order"), "x.crimes") <= 0.10


def test_relationship_risk_sex_online_shares(db):
    rel = "x.crimes", "relationship is not null"
    assert 0.55 <= share(db, "relationship = 'ex_partner'", *rel) <= 0.65
    assert 0.12 <= share(db, "relationship = 'acquaintance'", *rel) <= 0.18
    assert 0.06 <= share(db, "relationship = 'family'", *rel) <= 0.10
    assert 0.05 <= share(db, "relationship = 'work'", *rel) <= 0.09
    assert 0.07 <= share(db, "relationship in ('stranger', 'unknown')", *rel) <= 0.13
    assert 0.10 <= share(db, "risk_level = 'high'", "x.crimes", "risk_level is not null") <= 0.15
    assert 0.30 <= share(db, "risk_level = 'medium'", "x.crimes", "risk_level is not null") <= 0.40
    assert 0.75 <= share(db, "sex = 'female'", "x.victims") <= 0.80
    assert 0.35 <= share(db, "online_element", "x.crimes", "online_element is not null") <= 0.50
    # Domestic abuse mostly for ex-partners, partners and family.
    assert share(db, "domestic_abuse", "x.crimes", "relationship = 'ex_partner'") > 0.9
    assert (
        share(
            db, "domestic_abuse", "x.crimes", "relationship in ('acquaintance', 'work', 'stranger')"
        )
        < 0.1
    )


def test_outcomes_status_and_spo(db):
    closed = "x.crimes", "status = 'closed'"
    assert 0.05 <= share(db, "outcome_code = 1", *closed) <= 0.10
    assert 0.25 <= share(db, "outcome_code = 15", *closed) <= 0.40
    assert 0.50 <= share(db, "outcome_code = 16", *closed) <= 0.62
    assert 0.01 <= share(db, "status = 'cancelled'", "x.crimes") <= 0.03
    old = f"reported_at < timestamp '{AS_AT}' - interval 180 days"
    assert 0.5 <= share(db, "status = 'closed'", "x.crimes", old) <= 0.7
    assert (
        share(
            db,
            "status = 'open'",
            "x.crimes",
            f"reported_at > timestamp '{AS_AT}' - interval 14 days",
        )
        > 0.8
    )
    # SPO applications in 1-3 of every 100 stalking crimes; most applications granted.
    applied = one(
        db,
        "select count(*) from x.spo where applied_at is not null "
        "and crime_ref in (select crime_ref from x.cases)",
    )
    cases = one(db, "select count(*) from x.cases")
    assert 0.01 <= applied / cases <= 0.03
    granted, decided = db.execute("""
        select count(*) filter (where interim_granted_at is not null or granted_at is not null),
               count(*) filter (where interim_granted_at is not null or granted_at is not null
                                or refused_at is not null)
        from x.spo where applied_at is not null""").fetchone()
    assert 0.65 <= granted / decided <= 1.0  # 80-90 % at scale; few applications at 5,000 crimes
    # Victims: ~3 % of crimes have two; suspects: some crimes have none.
    two = one(
        db, "select avg((n = 2)::int) from (select count(*) n from x.victims group by crime_ref)"
    )
    assert 0.015 <= two <= 0.05
    assert (
        0.04 <= share(db, "crime_ref not in (select crime_ref from x.suspects)", "x.crimes") <= 0.15
    )


def test_volume_has_season_trend_and_evening_peak(db):
    month = dict(
        db.execute("""select month(reported_at), count(*) from x.crimes
                               where reported_at >= timestamp '2024-12-01' group by 1""").fetchall()
    )
    assert month[7] > month[2] * 1.1
    first, second = (
        db.execute(f"""select count(*) filter (where reported_at < timestamp '{AS_AT}' - interval 365 days),
                                          count(*) filter (where reported_at >= timestamp '{AS_AT}' - interval 365 days)
                                   from x.crimes""").fetchone()
    )
    assert second > first
    hour = dict(
        db.execute("select hour(reported_at), count(*) from x.crimes group by 1").fetchall()
    )
    assert hour[19] > 2 * hour[4]
    rate = db.execute(
        """select max(n) / min(n) from (select area_code, count(*) n from x.crimes group by 1)"""
    ).fetchone()[0]
    assert rate > 1.5  # (population weighted, so only a sign that districts differ)


# ---------------------------------------------------------------- situations the measures need


def test_missing_values_in_optional_columns(db):
    # Always filled in this sample: what an order is and when it was granted.
    always = {("orders", "suspect_id"), ("orders", "order_type"), ("orders", "granted_at")}
    for t in TABLES:
        for c in t.columns:
            if not c.not_null and (t.name, c.name) not in always:
                assert one(db, f"select count(*) from x.{t.name} where {c.name} is null") > 0, (
                    t.name,
                    c.name,
                )


# ---------------------------------------------------------------- integrity and time


def test_children_point_at_crimes_and_orders(db):
    for t in TABLES:
        if t.crime_scoped or t.name == "breaches":
            assert (
                one(
                    db,
                    f"select count(*) from x.{t.name} where crime_ref not in (select crime_ref from x.crimes)",
                )
                == 0
            )
            assert (
                one(
                    db,
                    f"""select count(*) from d.{t.name} where crime_ref not in
                               (select crime_ref from d.crimes union select crime_ref from x.crimes)""",
                )
                == 0
            )
    for schema in ("x", "l"):
        for t in ("spo", "breaches"):
            assert (
                one(
                    db,
                    f"""select count(*) from {schema}.{t} where order_id is not null
                               and order_id not in (select order_id from {schema}.orders)""",
                )
                == 0
            ), (schema, t)
    # Exactly one current principal classification per crime.
    assert (
        one(
            db,
            """select count(*) from (select crime_ref from x.classifications where is_principal
                      and removed_at is null group by 1 having count(*) <> 1)""",
        )
        == 0
    )
    assert (
        one(
            db,
            "select count(*) from x.crimes where crime_ref not in (select crime_ref from x.classifications)",
        )
        == 0
    )
    for t in TABLES:  # keys unique
        key = ", ".join(t.key)
        assert (
            one(
                db,
                f"select count(*) from (select {key} from x.{t.name} group by all having count(*) > 1)",
            )
            == 0
        )


@pytest.mark.parametrize("schema,moment", [("x", AS_AT), ("d", LATER), ("l", LATER)])
def test_no_event_after_the_extract(db, schema, moment):
    for t in TABLES:
        for c in t.columns:
            if c.kind == "timestamp" and c.event:
                late = one(
                    db,
                    f"select count(*) from {schema}.{t.name} where {c.name} > timestamp '{moment}'",
                )
                assert late == 0, (schema, t.name, c.name)
    if schema == "x":
        assert one(db, f"select count(*) from x.orders where expires_at > timestamp '{AS_AT}'") > 0


# ---------------------------------------------------------------- the delta


def _rows(db, schema, table):
    return f"select crime_ref, list(t::varchar order by t::varchar) r from {schema}.{table} t group by 1"


def test_delta_crimes_are_new_or_changed(db):
    differs = " or ".join(
        f"coalesce(((select r from ({_rows(db, 'd', t.name)}) q where q.crime_ref = c.crime_ref) is distinct from "
        f"(select r from ({_rows(db, 'x', t.name)}) q where q.crime_ref = c.crime_ref)), false)"
        for t in TABLES
        if t.crime_scoped or t.name == "crimes"
    )
    unchanged = one(db, f"select count(*) from d.crimes c where not ({differs})")
    assert unchanged == 0
    assert one(db, "select count(*) from d.crimes") > 0


def test_full_then_delta_is_the_later_state(db):
    """Crime-scoped replace, orders and breaches upserted: exactly the later state."""
    for t in TABLES:
        if t.crime_scoped or t.name == "crimes":
            merged = f"""select * from x.{t.name} where crime_ref not in (select crime_ref from d.crimes)
                         union all select * from d.{t.name}"""
        else:
            key = ", ".join(t.key)
            merged = f"""select * from x.{t.name} where ({key}) not in (select ({key}) from d.{t.name})
                         union all select * from d.{t.name}"""
        later = f"select * from l.{t.name}"
        for a, b in ((merged, later), (later, merged)):
            assert (
                one(
                    db, f"select count(*) from (select * from ({a}) except all select * from ({b}))"
                )
                == 0
            ), t.name
