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

from tests.helpers import CLASS_HEADER, CRIMES_HEADER, load, write_extract

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
BIG = 300_000


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


def start_load(extract: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipelines", "load", str(extract), "--db", str(db)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def wait_for_working_copy(db: Path, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not list(db.parent.glob(db.name + ".loading-*")):
        assert process.poll() is None, "the load ended before it was observed"
        assert time.monotonic() < deadline
        time.sleep(0.01)


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    return big_extract(tmp_path_factory.mktemp("big") / "extract", BIG)


@pytest.mark.parametrize("delay", [0.0, 0.5, 1.5, 3.0])
def test_kill_during_a_load_leaves_the_previous_state(tmp_path, db, big, delay):
    """SIGKILL at several moments of the load: the live file still holds the 2 small crimes."""
    small_state(tmp_path, db)
    before = db.read_bytes()
    process = start_load(big, db)
    wait_for_working_copy(db, process)
    time.sleep(delay)
    if process.poll() is not None:
        pytest.skip(f"the load finished within {delay} s on this machine")
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert db.read_bytes() == before
    assert read_fresh(db, "select count(*) FROM crimes") == 2
    # The next load cleans up the killed load's working copy and completes.
    load(big, db)
    assert read_fresh(db, "select count(*) FROM crimes") == BIG + 2
    assert not list(db.parent.glob(db.name + ".loading-*"))


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
