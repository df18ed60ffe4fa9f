"""The generated worlds the sample tests read (shared by test_generate.py and
test_situations.py, made once per session)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.contract import TABLES

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "sample_data"
# The command in sample_data/README.md that made the committed sample.
COMMITTED_ARGS = (
    "--crimes",
    "6000",
    "--seed",
    "1",
    "--as-at",
    "2026-11-16T06:00:00",
    "--years",
    "2",
    "--delta-out",
    "{delta}",
    "--delta-days",
    "5",
)
AS_AT = "2026-11-16 06:00:00"
LATER = "2026-11-21 06:00:00"
CRIMES = 5000
SEED = 11

# Reference defaults of spec/extract.md, written out here on purpose: the test
# reads the sample the way a force's reference data would.
GROUPS = {
    "8Q": ("stalking", False),
    "195/12": ("stalking", False),
    "8/65": ("stalking", True),
    "8/66": ("stalking", True),
    "8L": ("harassment", False),
    "8M": ("harassment", True),
    "8R": ("malicious_communications", True),
    "8U": ("coercive_control", True),
    "BRSPO": ("breach_of_order", True),
    "BRRO": ("breach_of_order", True),
    "BRNMO": ("breach_of_order", True),
}


def generate(out: Path, *args: str) -> Path:
    subprocess.run(
        [sys.executable, "-m", "sample_data.generate", "--out", str(out), *args],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return out


@pytest.fixture(scope="session")
def folders(tmp_path_factory):
    """One 5,000-crime world: the full extract, its delta and the later state."""
    base = tmp_path_factory.mktemp("world")
    generate(
        base / "full",
        "--crimes",
        str(CRIMES),
        "--seed",
        str(SEED),
        "--delta-out",
        str(base / "delta"),
        "--later-out",
        str(base / "later"),
    )
    return {"x": base / "full", "d": base / "delta", "l": base / "later"}


@pytest.fixture(scope="session")
def db(folders):
    """Schemas x (full), d (delta), l (later state), each with the contract's
    tables, plus x.cls (classifications with group) and x.cases (stalking cases)."""
    return open_extracts(folders)


@pytest.fixture(scope="session", params=["fresh 5,000", "committed sample", "small 2,000"])
def any_db(request, folders, tmp_path_factory):
    """The situations must occur in the committed sample and in any N >= ~2,000."""
    if request.param == "fresh 5,000":
        return open_extracts({"x": folders["x"]})
    if request.param == "committed sample":
        return open_extracts({"x": COMMITTED / "extract"})
    small = generate(tmp_path_factory.mktemp("small") / "x", "--crimes", "2000", "--seed", "3")
    return open_extracts({"x": small})


def open_extracts(folders):
    con = duckdb.connect()
    for schema, folder in folders.items():
        con.execute(f"create schema {schema}")
        for t in TABLES:
            path = folder / (t.name + ".csv")
            if not path.exists():  # a table the extract does not supply (v2: all optional)
                columns = ", ".join(f"{c.name} {c.sql_type}" for c in t.columns)
                con.execute(f"create table {schema}.{t.name} ({columns})")
                continue
            types = ", ".join(f"'{c.name}': '{c.sql_type}'" for c in t.columns)
            con.execute(
                f"create table {schema}.{t.name} as select * from "
                f"read_csv('{path}', header = true, types = {{{types}}})"
            )
    # England and Wales bank holidays (reference data: a working day is Monday to Friday
    # and not one of these) and the working days in (d0, d1] (spec/measures.md, v2).
    con.execute(f"""
        create table hol as select holiday_on from
        read_csv('{ROOT / "pipelines" / "reference" / "bank_holidays.csv"}', header = true,
                 types = {{'holiday_on': 'DATE'}})""")
    con.execute("""
        create macro working_days(t0, t1) as (
            select count(*) from range(t0::date + interval 1 day, t1::date + interval 1 day,
                                       interval 1 day) r(d)
            where isodow(d) <= 5 and d::date not in (select holiday_on from hol))""")
    rows = ", ".join(f"('{c}', '{g}', {str(i).lower()})" for c, (g, i) in GROUPS.items())
    con.execute(
        f"create table ref(code varchar, grp varchar, indictable boolean); insert into ref values {rows}"
    )
    con.execute("""
        create view x.cls as
        select c.*, r.grp, r.indictable, c.removed_at is null as current
        from x.classifications c join ref r on r.code = c.offence_code""")
    con.execute("""
        create view x.cases as
        select * from x.crimes
        where status <> 'cancelled'
          and crime_ref in (select crime_ref from x.cls where grp = 'stalking' and current)""")
    return con


def one(con, sql):
    return con.execute(sql).fetchone()[0]
