"""A contract extract's files are staged two at a time (pipelines/staging.py, through
parallel.two_at_a_time): CSV files on two cursors, largest first; a workbook on the main thread,
where the timer that bounds its opening can be set. What is said and loaded must not depend
on which thread was quicker."""

from __future__ import annotations

import threading

import duckdb
import openpyxl
import pytest

from pipelines import staging
from pipelines.errors import ExtractRefused
from pipelines.parallel import Job, two_at_a_time
from tests.helpers import CLASS_HEADER, CRIMES_HEADER, load, scalar, write_extract

VICTIMS_HEADER = "crime_ref,victim_id"


@pytest.fixture
def threads_seen(monkeypatch) -> dict[str, str]:
    """{file name: the thread that staged it}, for every file a load stages."""
    seen = {}
    stage_file = staging.stage_file

    def recording(con, source, workdir, layout):
        seen[source.path.name] = threading.current_thread().name
        return stage_file(con, source, workdir, layout)

    monkeypatch.setattr(staging, "stage_file", recording)
    return seen


def crimes_csv(rows: int) -> str:
    return CRIMES_HEADER + "\n" + "".join(f"C{n},2025-03-01,A,open\n" for n in range(rows))


def test_csv_files_are_staged_on_two_threads_and_load_whole(tmp_path, threads_seen):
    folder = write_extract(
        tmp_path / "x",
        {
            "crimes": crimes_csv(3000),
            "classifications": CLASS_HEADER
            + "\n"
            + "".join(f"C{n},8Q,true,2025-03-01,\n" for n in range(3000)),
            "victims": VICTIMS_HEADER + "\n" + "".join(f"C{n},V{n}\n" for n in range(3000)),
        },
    )
    report = load(folder, tmp_path / "s.duckdb")
    assert sorted(threads_seen) == ["classifications.csv", "crimes.csv", "victims.csv"]
    assert {name.rsplit("_", 1)[0] for name in threads_seen.values()} == {"load"}
    assert len(set(threads_seen.values())) == 2  # both readers took files
    # every row loaded, each with its own line: the staged tables were read whole, in order
    assert [(t.table, t.read, t.loaded) for t in report.tables] == [
        ("crimes", 3000, 3000),
        ("classifications", 3000, 3000),
        ("victims", 3000, 3000),
    ]
    assert (
        scalar(tmp_path / "s.duckdb", "select source_line from crimes where crime_ref = 'C0'") == 2
    )
    assert (
        scalar(tmp_path / "s.duckdb", "select source_line from victims where crime_ref = 'C2999'")
        == 3001
    )


def test_of_two_bad_files_the_first_in_the_contract_is_named(tmp_path):
    """victims.csv (large, so read first) and classifications.csv (small, read last) both
    lack a column they must have: the refusal names classifications.csv, which comes first
    in the contract, whichever thread failed first. Nothing is loaded."""
    folder = write_extract(
        tmp_path / "x",
        {
            "crimes": crimes_csv(10),
            "classifications": "crime_ref,offence_code\nC1,8Q\n",
            "victims": "crime_ref,age_band\n" + "".join(f"C{n},18-24\n" for n in range(20000)),
        },
    )
    db = tmp_path / "s.duckdb"
    with pytest.raises(ExtractRefused) as refused:
        load(folder, db)
    assert refused.value.file == "classifications.csv", str(refused.value)
    assert not db.exists()


def test_a_workbook_is_staged_on_the_main_thread(tmp_path, threads_seen):
    folder = write_extract(
        tmp_path / "x", {"classifications": f"{CLASS_HEADER}\nC1,8Q,true,2025-03-01,\n"}
    )
    book = openpyxl.Workbook()
    book.active.append(CRIMES_HEADER.split(","))
    book.active.append(["C1", "2025-03-01", "A", "open"])
    book.save(folder / "crimes.xlsx")
    report = load(folder, tmp_path / "s.duckdb")
    assert threads_seen["crimes.xlsx"] == threading.main_thread().name
    assert threads_seen["classifications.csv"].startswith("load_")
    assert [(t.table, t.loaded) for t in report.tables] == [("crimes", 1), ("classifications", 1)]


def test_a_database_whose_name_has_quotes_is_loaded(tmp_path):
    """The staged tables are found through the search path, which names the database: a
    file named with quotes of either kind must not break it."""
    folder = write_extract(
        tmp_path / "x",
        {"crimes": crimes_csv(2), "classifications": f"{CLASS_HEADER}\nC1,8Q,true,2025-03-01,\n"},
    )
    db = tmp_path / 'o\'neil "force".duckdb'
    report = load(folder, db)
    assert [(t.table, t.loaded) for t in report.tables] == [("crimes", 2), ("classifications", 1)]
    assert scalar(db, "select count(*) from crimes") == 2


def test_the_jobs_run_one_thread_each_and_the_setting_is_given_back(tmp_path):
    """While two jobs run, DuckDB gives each statement no helper thread (threads = 1: the two
    jobs' own threads fill the two cores); afterwards, and after a failure, the connection
    has its own setting again."""
    seen = []

    def job(said, fails=False):
        def run(connection):
            seen.append(connection.execute("select current_setting('threads')").fetchone()[0])
            if fails:
                raise ValueError(said)

        return Job(said, 1, run)

    con = duckdb.connect(str(tmp_path / "t.duckdb"))
    con.execute("set threads = 3")
    two_at_a_time(con, [job("a"), job("b")])
    assert seen == [1, 1]
    assert con.execute("select current_setting('threads')").fetchone()[0] == 3
    with pytest.raises(ValueError, match="c"):
        two_at_a_time(con, [job("c", fails=True)])
    assert con.execute("select current_setting('threads')").fetchone()[0] == 3
