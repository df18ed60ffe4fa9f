"""The daily meeting's decision log (common.decisions, pipelines.decisions): import and export as
CSV, all or nothing with file, line and column; kept whole through loads, kills and concurrent
writers."""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from common import decisions
from pipelines.__main__ import main
from pipelines.decisions import export_csv, import_csv
from pipelines.errors import ExtractRefused
from tests.queries.test_measures import load_fixture

HEADER = "crime_ref,meeting_on,action,owner,review_on,note"
LOG = f"""{HEADER}
K1,2025-06-20,risk_review,DS 4411,2025-07-14,Review the risk with the ISAC
K3,2025-06-26,arrest,PPU team 2,2025-06-30,
"""


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory):
    return load_fixture(tmp_path_factory.mktemp("decisions"))


@pytest.fixture
def db(fixture_db, tmp_path):
    """A copy of the fixture's database, with no decisions yet."""
    copy = tmp_path / "db.duckdb"
    copy.write_bytes(fixture_db.read_bytes())
    return copy


def log_file(tmp_path, text: str, name: str = "log.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def stored(db) -> list[decisions.Decision]:
    return decisions.read(decisions.decisions_path(db))


def test_import_then_export_round_trip_and_a_second_import_adds_nothing(db, tmp_path):
    assert import_csv(log_file(tmp_path, LOG), db) == (2, 2)
    assert import_csv(log_file(tmp_path, LOG), db) == (2, 0)
    out = io.StringIO()
    assert export_csv(db, out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["crime_ref"], r["action"], r["owner"], r["review_on"], r["note"]) for r in rows] == [
        ("K1", "risk_review", "DS 4411", "2025-07-14", "Review the risk with the ISAC"),
        ("K3", "arrest", "PPU team 2", "2025-06-30", ""),
    ]
    assert {r["recorded_by"] for r in rows} == {"import"}
    # the export imports again as the same decisions: ids kept, nothing added
    assert import_csv(log_file(tmp_path, out.getvalue(), "export.csv"), db) == (2, 0)


@pytest.mark.parametrize(
    ("line", "column", "said"),
    [
        ("K1,2025-13-01,arrest,DS 1,,", "meeting_on", "'2025-13-01' is not a date"),
        ("K1,2025-06-20,lock_up,DS 1,,", "action", "'lock_up' is not an action"),
        ("K99,2025-06-20,arrest,DS 1,,", "crime_ref", "the database holds no such crime"),
        ("K1,2025-06-20,arrest,DS 1,2025-06-01,", "review_on", "before the meeting"),
        ("K1,2025-06-20,arrest,,,", "owner", "it is empty"),
        ("K1,2025-06-20,arrest,DS 1,,Victim lives at AL1 3JE", "note", "(a postcode)"),
        ("K1,2025-06-20,arrest,DS 1,,call 07700 900123", "note", "(a phone number)"),
        (f"K1,2025-06-20,arrest,DS 1,,{'x' * 281}", "note", "281 characters long (at most 280)"),
    ],
)
def test_a_bad_line_refuses_the_whole_file(db, tmp_path, line, column, said):
    """The good first line is not imported either: all or nothing."""
    path = log_file(tmp_path, f"{HEADER}\nK3,2025-06-26,arrest,PPU team 2,2025-06-30,\n{line}\n")
    with pytest.raises(ExtractRefused) as refused:
        import_csv(path, db)
    assert (refused.value.file, refused.value.line, refused.value.column) == ("log.csv", 3, column)
    assert said in str(refused.value)
    assert stored(db) == []


def test_a_column_that_is_not_a_decisions_is_refused(db, tmp_path):
    path = log_file(tmp_path, f"{HEADER},Comments\nK1,2025-06-20,arrest,DS 1,,,met the victim\n")
    with pytest.raises(ExtractRefused, match="'Comments' is not a decision's field") as refused:
        import_csv(path, db)
    assert (refused.value.line, refused.value.column) == (1, "Comments")


def test_the_command_line(db, tmp_path, capsys):
    assert main(["decisions", "import", str(log_file(tmp_path, LOG)), "--db", str(db)]) == 0
    assert "2 decisions read, 2 new" in capsys.readouterr().out
    assert main(["decisions", "export", "--db", str(db)]) == 0
    assert capsys.readouterr().out.count("\n") == 3  # the header and two decisions
    bad = log_file(tmp_path, f"{HEADER}\nK1,yesterday,arrest,DS 1,,\n", "bad.csv")
    assert main(["decisions", "import", str(bad), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "Decisions refused; none was added." in err
    assert "bad.csv, line 2, column meeting_on: 'yesterday' is not a date" in err


def decision(ref: str, i: int) -> decisions.Decision:
    return decisions.Decision(
        crime_ref=ref,
        meeting_on=date(2025, 6, 30),
        action="risk_review",
        owner=f"DS {i}",
        review_on=None,
        note=f"decision {i}",
        recorded_by="test",
        recorded_at=datetime(2025, 6, 30, 9, 0, tzinfo=UTC),
    )


def write_many(path: str, ref: str, start: int, count: int) -> None:
    for i in range(start, start + count):
        decisions.record(path, decision(ref, i))


def test_concurrent_writers_lose_nothing(tmp_path):
    """Four processes and the test itself record at once on one store: every decision kept."""
    path = str(tmp_path / "store.sqlite")
    decisions.record(path, decision("K0", 0))  # the store exists before they race
    # separate interpreters (not multiprocessing: its spawn re-runs whatever __main__ an
    # earlier AppTest left behind)
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from tests.pipelines.test_decisions import write_many; "
                f"write_many({path!r}, 'K{w}', {w * 100}, 25)",
            ],
            cwd=os.getcwd(),
        )
        for w in range(4)
    ]
    write_many(path, "K9", 900, 25)
    assert [w.wait(60) for w in workers] == [0, 0, 0, 0]
    assert len(decisions.read(path)) == 1 + 5 * 25


@pytest.mark.slow
def test_a_kill_while_recording_leaves_every_decision_whole(tmp_path):
    """kill -9 a process that records as fast as it can: the store opens, passes SQLite's
    integrity check, and every row it holds is a whole decision."""
    path = tmp_path / "store.sqlite"
    code = (
        "import sys; from tests.pipelines.test_decisions import write_many; "
        f"write_many({str(path)!r}, 'K1', 0, 100000)"
    )
    writer = subprocess.Popen([sys.executable, "-c", code], cwd=os.getcwd())
    deadline = time.monotonic() + 30
    while (not path.exists() or len(decisions.read(path)) < 20) and time.monotonic() < deadline:
        time.sleep(0.05)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    with sqlite3.connect(path) as con:
        assert con.execute("pragma integrity_check").fetchone() == ("ok",)
    kept = decisions.read(path)
    assert len(kept) >= 20
    assert all(d.owner.startswith("DS ") and d.note.startswith("decision ") for d in kept)
    decisions.record(path, decision("K1", -1))  # and it takes the next one


def test_a_load_while_someone_records_loses_nothing(db, tmp_path):
    """The store is beside the database, so a load's swap never touches it: 40 decisions
    recorded from a thread while the fixture loads again are all there afterwards."""
    import threading

    from pipelines.__main__ import load_extract
    from tests.queries.test_measures import FIXTURE, reference_with_test_areas

    path = decisions.decisions_path(db)
    writer = threading.Thread(target=write_many, args=(str(path), "K1", 0, 40))
    writer.start()
    load_extract(FIXTURE, db, reference_dir=reference_with_test_areas(tmp_path / "ref"))
    writer.join(60)
    assert len(decisions.read(path)) == 40


def test_the_committed_decision_log_imports_into_the_committed_sample(sample_db, tmp_path):
    """`make run` imports sample_data/decisions.csv after loading the sample: every decision's
    crime must be one the sample holds (the log is remade with the sample:
    python -m sample_data.decision_log)."""
    log = Path(__file__).resolve().parents[2] / "sample_data" / "decisions.csv"
    rows = sum(1 for _ in csv.DictReader(log.open(encoding="utf-8")))
    db = tmp_path / "sample.duckdb"
    shutil.copyfile(sample_db, db)
    assert import_csv(log, db) == (rows, rows)
