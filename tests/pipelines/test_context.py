"""python -m pipelines context: the Home Office's recorded crime by force, on the real 2017/18
table (the committed excerpt of crime-sim-toolkit's copy: every force's 8Q, 8L, 8M and 8R
rows, as published) and on small hand-made files for what it refuses and reports."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines.__main__ import main
from pipelines.context import load_context
from pipelines.errors import ExtractRefused
from pipelines.reference import DEFAULT_DIR
from queries import api
from tests.queries.test_measures import FIXTURE, load_fixture

REAL = DEFAULT_DIR / "national" / "prc-pfa-201718-excerpt.csv"
HEADER = "Financial Year,Financial Quarter,Force Name,Offence Code,Number of Offences\n"


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory) -> Path:
    """The measure fixture's database (context is force-wide: any extract will do)."""
    return load_fixture(tmp_path_factory.mktemp("context"))


@pytest.fixture
def db(fixture_db, tmp_path) -> Path:
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(fixture_db, copy)
    return copy


def context_rows(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select * from context_recorded_crime order by all").fetchall()


def test_the_real_2017_18_table(db):
    """The Home Office's 2017/18 table: Hertfordshire recorded 312 stalking (8Q) offences; the
    43 territorial forces 10,271 (the 44 police forces' 10,296 less British Transport Police's
    25). Residents: 1,116,062 in Hertfordshire (2011 Census), 56,075,912 in England and Wales."""
    report = load_context(REAL, db)
    assert report.years == ["2017/18"] and report.rows_read == 704
    assert report.unknown_forces == {"British Transport Police": 16}  # 4 codes x 4 quarters
    rates = api.context_rates(api.Store(db), force="Hertfordshire")
    stalking = rates[rates["offence_group"] == "stalking"].iloc[0]
    assert (stalking["financial_year"], stalking["offences"]) == ("2017/18", 312)
    assert (stalking["ew_offences"], stalking["ew_forces"]) == (10_271, 43)
    assert (stalking["population"], stalking["ew_population"]) == (1_116_062, 56_075_912)
    assert stalking["rate"] == pytest.approx(312 / 1116.062)
    assert stalking["quarters"] == 4
    # the force the dashboard serves: the one most_similar_group.csv names (shipped:
    # Hertfordshire's group of 7, marked in the file as from public knowledge)
    home = api.context_rates(api.Store(db))
    assert set(home["force"]) == {"Hertfordshire"} and set(home["msg_forces"]) == {7}


def test_a_database_built_before_the_context_is_refused(db, tmp_path):
    with duckdb.connect(str(db)) as con:
        con.execute("drop table force_populations")
    error = str(pytest.raises(ExtractRefused, load_context, REAL, db).value)
    assert "built before the national context existed" in error
    assert f"python -m pipelines rebuild --db {db}" in error


def test_an_ods_file_with_a_cover_sheet_and_a_title_row(db, tmp_path):
    """The Home Office publishes .ods: a cover sheet with no table is passed over, a title row
    above the header is skipped, headers in any case with spaces are found; a quarter written
    Q1 and a count written 12.0 are read as 1 and 12."""
    path = tmp_path / "prc-pfa.ods"
    table = pd.DataFrame(
        [
            ["Police recorded crime by PFA", "", "", "", ""],
            [
                "FINANCIAL YEAR",
                "Financial quarter",
                "Force name",
                "Offence code",
                "Number of offences",
            ],
            ["2017/18", "Q1", "Hertfordshire", "8Q", "12.0"],
            ["2017/18", "2", "Hertfordshire", "8Q", "30"],
        ]
    )
    with pd.ExcelWriter(path, engine="odf") as writer:
        pd.DataFrame([["About these tables"]]).to_excel(
            writer, sheet_name="Cover", header=False, index=False
        )
        table.to_excel(writer, sheet_name="Data", header=False, index=False)
    load_context(path, db)
    assert context_rows(db) == [
        ("2017/18", 1, "Hertfordshire", "8Q", 12),
        ("2017/18", 2, "Hertfordshire", "8Q", 30),
    ]


def refused(path: Path, db: Path) -> ExtractRefused:
    with pytest.raises(ExtractRefused) as refusal:
        load_context(path, db)
    return refusal.value


def test_a_missing_column_is_refused_and_the_previous_context_stays(db, tmp_path):
    load_context(REAL, db)
    before = context_rows(db)
    bad = tmp_path / "no-count.csv"
    bad.write_text("Financial Year,Financial Quarter,Force Name,Offence Code\n2018/19,1,Kent,8Q\n")
    error = refused(bad, db)
    assert str(error).startswith(f"{bad}, line 1: the header has no Number Of Offences column")
    assert "expected columns Financial Year" in str(error)
    assert context_rows(db) == before


def test_a_bad_value_is_refused_naming_its_line_and_column(db, tmp_path):
    """Line 3's quarter is 5: the file is refused whole (a national total missing a row would
    be wrong), naming the line, the column and what was expected."""
    load_context(REAL, db)
    before = context_rows(db)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "2018/19,1,Kent,8Q,10\n2018/19,5,Kent,8Q,11\n2018/19,2,Kent,8Q,x\n")
    error = refused(bad, db)
    assert str(error) == (
        f"{bad}, line 3, column quarter: quarter is '5' (2 value(s) in all are not valid; "
        "nothing loaded) (expected a quarter, 1 to 4)"
    )
    assert context_rows(db) == before


def test_an_unknown_force_and_a_negative_count_load_and_are_reported(db, tmp_path):
    """A force force_populations.csv does not list loads without a rate and outside England and
    Wales, and is named; a negative quarter (the Home Office's adjustment) loads and is named
    with its line."""
    path = tmp_path / "named.csv"
    path.write_text(HEADER + "2018/19,1,Hertfordshre,8Q,10\n2018/19,2,hertfordshire,8Q,-3\n")
    report = load_context(path, db)
    assert report.unknown_forces == {"Hertfordshre": 1}
    assert report.negatives == ["line 3: hertfordshire, 8Q, 2018/19 Q2: -3"]  # as written
    rates = api.context_rates(api.Store(db), force="Hertfordshire")
    assert rates[rates["offence_group"] == "stalking"]["ew_offences"].tolist() == [-3]


def test_only_the_years_in_the_file_are_replaced(db, tmp_path):
    one = tmp_path / "one.csv"
    one.write_text(HEADER + "2018/19,1,Kent,8Q,10\n2019-20,1,Kent,8Q,20\n")
    load_context(one, db)
    two = tmp_path / "two.csv"
    two.write_text(HEADER + "2018/2019,1,Kent,8Q,11\n")
    load_context(two, db)
    assert context_rows(db) == [("2018/19", 1, "Kent", "8Q", 11), ("2019/20", 1, "Kent", "8Q", 20)]


def test_the_context_survives_a_load(db):
    load_context(REAL, db)
    before = context_rows(db)
    assert main(["load", str(FIXTURE), "--db", str(db)]) == 0
    assert context_rows(db) == before


def test_the_command_line(db, tmp_path, capsys):
    """Exit 0 with what was loaded and reported; 1 on refusal, with the message and no
    traceback; the database unchanged."""
    assert main(["context", str(REAL), "--db", str(db)]) == 0
    said = capsys.readouterr().out
    assert "financial year(s) 2017/18 replaced (704 rows read" in said
    assert "British Transport Police (16 rows)" in said
    bad = tmp_path / "bad.txt"
    bad.write_text("not a table")
    assert main(["context", str(bad), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Context refused; the database is unchanged.\n")
    assert "expected .ods, .xlsx or .csv" in err and "Traceback" not in err
    broken = tmp_path / "broken.ods"
    broken.write_bytes(b"PK\x03\x04 not really a spreadsheet")
    assert main(["context", str(broken), "--db", str(db)]) == 1
    assert "cannot be read as a table" in capsys.readouterr().err
