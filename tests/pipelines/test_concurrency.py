"""All or nothing: a killed load leaves the previous state; readers read during a load."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.load import STAGES
from tests.helpers import CLASS_HEADER, CRIMES_HEADER, load, write_extract

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
BIG = 300_000  # a load of a few seconds, for kills at a random moment
SMALL = 2_000  # enough for the stage-paused kills


def big_extract(folder: Path, n: int) -> Path:
    """n crimes, each with one stalking classification: a load of a few seconds."""
    folder.mkdir(parents=True)
    crimes = [CRIMES_HEADER] + [f"B{i},2025-03-01 10:00,A,open" for i in range(n)]
    classes = [CLASS_HEADER] + [f"B{i},8Q,true,2025-03-01 10:00," for i in range(n)]
    (folder / "crimes.csv").write_text("\n".join(crimes) + "\n")
    (folder / "classifications.csv").write_text("\n".join(classes) + "\n")
    (folder / "manifest.json").write_text('{"extracted_at": "2025-04-01T06:00:00"}')
    return folder


def small_state(tmp_path: Path, db: Path) -> None:
    write_extract(
        tmp_path / "small",
        {
            "crimes": f"{CRIMES_HEADER}\nS1,2025-03-01,A,open\nS2,2025-03-01,A,open\n",
            "classifications": f"{CLASS_HEADER}\nS1,8Q,true,2025-03-01,\nS2,8Q,true,2025-03-01,\n",
        },
        extracted_at="2025-03-10T06:00:00",
    )
    load(tmp_path / "small", db)


def read_fresh(db: Path, sql: str):
    """Query through a new in-memory connection that attaches the file read-only."""
    with duckdb.connect() as con:
        con.execute(f"attach '{db}' as s (read_only)")
        return con.execute(sql.replace("FROM ", "FROM s.")).fetchone()[0]


def start_load(
    extract: Path, db: Path, pause_at: str | None = None, marker: Path | None = None
) -> subprocess.Popen:
    env = dict(os.environ)
    if pause_at:
        env.update(PIPELINES_PAUSE_AT=pause_at, PIPELINES_PAUSE_MARKER=str(marker))
    return subprocess.Popen(
        [sys.executable, "-m", "pipelines", "load", str(extract), "--db", str(db)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def wait_for(condition, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline, "timed out waiting for the load"
        time.sleep(0.01)


def wait_for_working_copy(db: Path, process: subprocess.Popen, timeout: float = 30) -> None:
    wait_for(lambda: list(db.parent.glob(db.name + ".loading-*")), process, timeout)


def kill(process: subprocess.Popen) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


def assert_next_load_completes(db: Path, extract: Path, crimes: int = BIG) -> None:
    """The next load cleans up the killed load's working copy and completes."""
    load(extract, db)
    assert read_fresh(db, "select count(*) FROM crimes") == crimes + 2
    assert not list(db.parent.glob(db.name + ".loading-*"))


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    return big_extract(tmp_path_factory.mktemp("big") / "extract", BIG)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return big_extract(tmp_path_factory.mktemp("small") / "extract", SMALL)


@pytest.mark.parametrize("stage", STAGES)
def test_kill_at_each_stage_of_a_load_leaves_the_previous_state(tmp_path, db, small, stage):
    """SIGKILL with the load stopped at each stage, from the working copy just made to the
    checkpointed file about to be swapped in: the live file is byte-for-byte as before."""
    small_state(tmp_path, db)
    before = db.read_bytes()
    marker = tmp_path / "paused"
    process = start_load(small, db, stage, marker)
    wait_for(marker.exists, process)
    assert marker.read_text() == stage
    kill(process)
    assert db.read_bytes() == before
    assert read_fresh(db, "select count(*) FROM crimes") == 2
    assert_next_load_completes(db, small, SMALL)


@pytest.mark.parametrize("delay", [0.0, 1.0, 2.5])
def test_kill_at_any_moment_leaves_the_old_state_or_the_new(tmp_path, db, big, delay):
    """SIGKILL after a delay, wherever the load has got to: the live file holds the 2 small
    crimes (old) or all BIG + 2 with their load logged (new), never a mix."""
    small_state(tmp_path, db)
    before = db.read_bytes()
    process = start_load(big, db)
    wait_for_working_copy(db, process)
    time.sleep(delay)
    kill(process)
    if db.read_bytes() != before:  # the swap happened before the kill: the new state, whole
        assert read_fresh(db, "select count(*) FROM crimes") == BIG + 2
        assert read_fresh(db, "select count(*) FROM load_log") == 2
    else:
        assert read_fresh(db, "select count(*) FROM crimes") == 2
    assert_next_load_completes(db, big)


def test_readers_query_during_a_load_and_see_the_new_state_after(tmp_path, db, big):
    small_state(tmp_path, db)
    held = duckdb.connect(str(db), read_only=True)  # a dashboard holding the file open
    process = start_load(big, db)
    wait_for_working_copy(db, process)
    seen = []
    while process.poll() is None:
        seen.append(held.execute("select count(*) from crimes").fetchone()[0])
        seen.append(read_fresh(db, "select count(*) FROM crimes"))
        time.sleep(0.05)
    assert process.returncode == 0, process.stderr.read().decode()
    assert seen and set(seen) <= {2, BIG + 2}
    assert seen[0] == 2
    # The held connection keeps its snapshot of the old file; a fresh one sees the new.
    assert held.execute("select count(*) from crimes").fetchone()[0] == 2
    held.close()
    assert read_fresh(db, "select count(*) FROM crimes") == BIG + 2


def test_a_second_load_waits_or_refuses_while_one_runs(tmp_path, db, big):
    small_state(tmp_path, db)
    process = start_load(big, db)
    wait_for_working_copy(db, process)
    busy = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines",
            "load",
            str(tmp_path / "small"),
            "--db",
            str(db),
            "--no-wait",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    process.wait()
    assert busy.returncode == 1
    assert "another load into" in busy.stderr and "Traceback" not in busy.stderr


def test_staging_left_by_a_killed_process_is_removed(tmp_path, db):
    """A killed load leaves its staging folder (UTF-8 copies of the files, personal columns
    and all); the next load removes it. A live process's folder is left alone."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    db.parent.mkdir(parents=True, exist_ok=True)
    left = db.parent / f".staging-{dead.pid}-abc"
    left.mkdir()
    (left / "copy.csv").write_text("crime_ref,victim_name\nC1,Jane Doe\n")
    mine = db.parent / f".staging-{os.getpid()}-xyz"
    mine.mkdir()
    small_state(tmp_path, db)
    assert not left.exists() and mine.exists()
