"""The database file and its copies: their access (mode and group), the last good copy kept
at each swap, a corrupt file named as such and recovered with --recover, and
common.database.database_state telling corrupt from missing (docs/access.md, "Files,
permissions and recovery")."""

from __future__ import annotations

import grp
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipelines.__main__ import main
from tests.helpers import CLASS_HEADER, CRIMES_HEADER, query, write_extract

ROOT = Path(__file__).resolve().parents[2]


def extract(tmp_path: Path, name: str, crimes: int, as_at: str = "2025-04-01T06:00:00") -> Path:
    refs = [f"{name}{i}" for i in range(crimes)]
    return write_extract(
        tmp_path / name,
        {
            "crimes": CRIMES_HEADER + "".join(f"\n{r},2025-03-01 10:00,A,open" for r in refs),
            "classifications": CLASS_HEADER
            + "".join(f"\n{r},8Q,true,2025-03-01 10:00," for r in refs),
        },
        extracted_at=as_at,
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def loaded(tmp_path, db) -> Path:
    """A database holding crimes A0 and A1, loaded through the command line."""
    assert main(["load", str(extract(tmp_path, "A", 2)), "--db", str(db)]) == 0
    return db


# --- access -----------------------------------------------------------------------------------


def test_a_new_database_and_its_reports_are_created_0640(tmp_path, db):
    os.umask(0o022)  # the usual umask, which would give 0644
    assert main(["load", str(extract(tmp_path, "A", 1)), "--db", str(db)]) == 0
    assert main(["check", str(extract(tmp_path, "B", 1)), "--db", str(db)]) == 0
    assert mode(db) == 0o640
    assert mode(Path(f"{db}.last-load.json")) == 0o640
    assert mode(Path(f"{db}.last-check.json")) == 0o640


def test_loads_and_rebuilds_keep_the_database_mode_and_group(tmp_path, loaded):
    """A 0600 database stays 0600 through a load and a rebuild (it became 0644), and so do its
    last good copy and the reports beside it; its group stays the live file's group."""
    other = next(g.gr_gid for g in grp.getgrall() if g.gr_gid != os.getgid())
    os.chmod(loaded, 0o600)
    os.chown(loaded, -1, other)
    assert main(["load", str(extract(tmp_path, "B", 1)), "--db", str(loaded)]) == 0
    assert main(["rebuild", "--db", str(loaded)]) == 0
    assert main(["check", str(extract(tmp_path, "C", 1)), "--db", str(loaded)]) == 0
    for path in (loaded, Path(f"{loaded}.previous"), Path(f"{loaded}.last-load.json")):
        assert (mode(path), os.stat(path).st_gid) == (0o600, other), path
    assert (mode(Path(f"{loaded}.last-check.json")), os.stat(loaded).st_gid) == (0o600, other)


@pytest.mark.slow
def test_the_working_copy_is_private_while_a_load_runs(tmp_path, loaded):
    """Stopped just after the copy is made: the working copy has the live file's mode, in a
    folder only the loader may enter (DuckDB's write-ahead log beside it holds data too)."""
    os.chmod(loaded, 0o600)
    marker = tmp_path / "paused"
    process = subprocess.Popen(
        [sys.executable, "-m", "pipelines", "load", str(extract(tmp_path, "B", 1))]
        + ["--db", str(loaded)],
        cwd=ROOT,
        env={**os.environ, "PIPELINES_PAUSE_AT": "copied", "PIPELINES_PAUSE_MARKER": str(marker)},
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        (folder,) = loaded.parent.glob(loaded.name + ".loading-*")
        assert mode(folder) == 0o700
        assert mode(folder / loaded.name) == 0o600
    finally:
        process.kill()
        process.wait()


# --- the last good copy and recovery ------------------------------------------------------------


def test_each_swap_keeps_the_previous_database_as_its_last_good_copy(tmp_path, loaded):
    assert not Path(f"{loaded}.previous").exists()  # the first load had no database before it
    assert main(["load", str(extract(tmp_path, "B", 3)), "--db", str(loaded)]) == 0
    assert query(Path(f"{loaded}.previous"), "select count(*) from crimes") == [(2,)]
    assert query(loaded, "select count(*) from crimes") == [(5,)]


def corrupt(path: Path, how: str) -> None:
    if how == "random bytes":
        path.write_bytes(os.urandom(path.stat().st_size))
    else:  # truncated
        os.truncate(path, path.stat().st_size // 2)


@pytest.mark.parametrize("how", ["random bytes", "truncated"])
def test_a_corrupt_database_is_named_and_recover_restores_the_last_good_copy(
    tmp_path, loaded, capsys, how
):
    assert main(["load", str(extract(tmp_path, "B", 500)), "--db", str(loaded)]) == 0
    corrupt(loaded, how)
    damaged = loaded.read_bytes()
    capsys.readouterr()
    assert main(["load", str(extract(tmp_path, "C", 1)), "--db", str(loaded)]) == 1
    err = capsys.readouterr().err
    assert f"the database file {loaded} is corrupt (" in err, err
    assert "--recover" in err and "Traceback" not in err
    assert loaded.read_bytes() == damaged  # a refusal changes nothing, even then
    assert main(["check", str(extract(tmp_path, "C", 1)), "--db", str(loaded)]) == 1
    assert f"the database file {loaded} is corrupt (" in capsys.readouterr().out

    assert main(["load", str(tmp_path / "C"), "--db", str(loaded), "--recover"]) == 0
    out = capsys.readouterr().out
    assert f"Restored {loaded} from its last good copy {loaded}.previous" in out
    # the last good copy held A0 and A1 (before B's load); then C loaded onto it
    assert query(loaded, "select count(*) from crimes") == [(3,)]
    assert Path(f"{loaded}.corrupt").read_bytes() == damaged


def test_recover_without_a_last_good_copy_says_there_is_none(tmp_path, loaded, capsys):
    corrupt(loaded, "random bytes")
    assert main(["rebuild", "--db", str(loaded), "--recover"]) == 1
    err = capsys.readouterr().err
    assert f"the database file {loaded} is corrupt (it is not a DuckDB database file)" in err
    assert "there is no last good copy" in err


def test_rebuild_recover_restores_then_rebuilds(tmp_path, loaded, capsys):
    assert main(["load", str(extract(tmp_path, "B", 1)), "--db", str(loaded)]) == 0
    corrupt(loaded, "random bytes")
    assert main(["rebuild", "--db", str(loaded), "--recover"]) == 0
    assert "Restored" in capsys.readouterr().out
    assert query(loaded, "select count(*) from crimes") == [(2,)]


def test_recover_on_a_sound_database_restores_nothing(tmp_path, loaded, capsys):
    assert main(["rebuild", "--db", str(loaded), "--recover"]) == 0
    assert f"{loaded} is not corrupt: nothing to recover" in capsys.readouterr().out
    assert query(loaded, "select count(*) from crimes") == [(2,)]
    assert not Path(f"{loaded}.corrupt").exists()


# --- common.database: what the app can tell ---------------------------------------------------


def test_database_state_tells_missing_sound_corrupt_and_unreadable(tmp_path, loaded):
    from common.database import database_state

    assert database_state(tmp_path / "none.duckdb").state == "missing"
    assert database_state(loaded).state == "ok"
    held = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(loaded)!r}); "
            "print('held', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
    )
    try:
        held.stdout.readline()
        state = database_state(loaded)
        assert (state.state, state.detail) == (
            "unreadable",
            "another program holds it open for writing",
        )
    finally:
        held.kill()
        held.wait()
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(loaded, copy)
    corrupt(copy, "truncated")
    assert database_state(copy).state == "corrupt"
    corrupt(loaded, "random bytes")
    state = database_state(loaded)
    assert (state.state, state.detail) == ("corrupt", "it is not a DuckDB database file")
