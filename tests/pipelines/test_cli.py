"""The command line: help, the report, exit codes, and no traceback on bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.helpers import CLASS_HEADER, CRIMES_HEADER, write_extract

ROOT = Path(__file__).resolve().parents[2]


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipelines", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_help_explains_every_command():
    top = run("--help")
    assert top.returncode == 0 and "load" in top.stdout
    sub = run("load", "--help")
    for option in ("EXTRACT_DIR", "--db", "--strict", "--reference", "--no-wait"):
        assert option in sub.stdout


def test_committed_load_prints_the_report_and_exits_0(tmp_path):
    write_extract(
        tmp_path / "x",
        {
            "crimes": f"{CRIMES_HEADER},victim_name\nC1,2025-03-01,A,open,Jane Doe\n"
            "C2,2025-03-01,A,bogus,John Doe\n",
            "classifications": f"{CLASS_HEADER}\nC1,8Q,true,2025-03-01,\n",
        },
        extracted_at="2025-04-01T06:00:00",
    )
    done = run("load", tmp_path / "x", "--db", tmp_path / "s.duckdb")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "As at: 2025-04-01 06:00 (from manifest.json)" in out
    assert "crimes              crimes.csv                         2         1         1" in out
    assert "personal-data columns dropped, never stored (crimes.csv): victim_name" in out
    assert "crimes.status: not one of the allowed values" in out


def test_refused_load_exits_1_with_file_line_and_column(tmp_path):
    write_extract(
        tmp_path / "x", {"crimes": "crime_ref,status\n", "classifications": f"{CLASS_HEADER}\n"}
    )
    done = run("load", tmp_path / "x", "--db", tmp_path / "s.duckdb")
    assert done.returncode == 1
    assert done.stderr == (
        "Load refused; the database is unchanged.\ncrimes.csv, line 1, column "
        "reported_at: a required column is missing (expected a header named "
        "reported_at)\n"
    )
    assert not (tmp_path / "s.duckdb").exists()


def test_a_missing_folder_is_refused_not_a_traceback(tmp_path):
    done = run("load", tmp_path / "nowhere", "--db", tmp_path / "s.duckdb")
    assert done.returncode == 1
    assert "the extract folder does not exist" in done.stderr and "Traceback" not in done.stderr


def test_each_load_attempt_is_recorded_beside_the_database(tmp_path):
    """A refused load changes nothing in the database, so the file beside it is its only
    trace (the Data quality page shows it); a committed load replaces it."""
    import json

    db = tmp_path / "s.duckdb"
    write_extract(
        tmp_path / "bad", {"crimes": "crime_ref,status\n", "classifications": f"{CLASS_HEADER}\n"}
    )
    assert run("load", tmp_path / "bad", "--db", db).returncode == 1
    attempt = json.loads((tmp_path / "s.duckdb.last-load.json").read_text())
    assert (attempt["kind"], attempt["status"], attempt["load_id"]) == ("load", "refused", None)
    assert attempt["message"].startswith("crimes.csv, line 1, column reported_at")
    write_extract(
        tmp_path / "good",
        {
            "crimes": f"{CRIMES_HEADER}\nC1,2025-03-01,A,open\n",
            "classifications": f"{CLASS_HEADER}\nC1,8Q,true,2025-03-01,\n",
        },
        extracted_at="2025-04-01T06:00:00",
    )
    assert run("load", tmp_path / "good", "--db", db).returncode == 0
    attempt = json.loads((tmp_path / "s.duckdb.last-load.json").read_text())
    assert (attempt["status"], attempt["load_id"], attempt["message"]) == ("committed", 1, None)


def test_a_database_of_another_schema_version_is_refused_not_an_internal_error(tmp_path):
    import duckdb

    write_extract(
        tmp_path / "good",
        {
            "crimes": f"{CRIMES_HEADER}\nC1,2025-03-01,A,open\n",
            "classifications": f"{CLASS_HEADER}\nC1,8Q,true,2025-03-01,\n",
        },
        extracted_at="2025-04-01T06:00:00",
    )
    db = tmp_path / "s.duckdb"
    assert run("load", tmp_path / "good", "--db", db).returncode == 0
    with duckdb.connect(str(db)) as con:
        con.execute("update meta set value = '0' where name = 'schema_version'")
    for command in ("load", "check"):
        done = run(command, tmp_path / "good", "--db", db)
        said = done.stdout + done.stderr  # check prints its refusal in its report
        assert done.returncode == 1, (command, said)
        assert "written with schema version 0" in said and "Traceback" not in said


GOOD = {
    "crimes": f"{CRIMES_HEADER}\nC1,2025-03-01,A,open\n",
    "classifications": f"{CLASS_HEADER}\nC1,8Q,true,2025-03-01,\n",
}


def test_a_committed_load_whose_output_is_closed_is_recorded_as_committed(tmp_path):
    """`python -m pipelines load ... | head -0`: the load commits, its success is recorded
    before it is printed, and the closed pipe is neither a recorded failure nor a traceback."""
    import json
    import os

    write_extract(tmp_path / "good", GOOD, extracted_at="2025-04-01T06:00:00")
    db = tmp_path / "s.duckdb"
    read, write = os.pipe()
    os.close(read)  # nobody will read what the load prints
    done = subprocess.run(
        [sys.executable, "-m", "pipelines", "load", str(tmp_path / "good"), "--db", str(db)],
        cwd=ROOT,
        stdout=write,
        stderr=subprocess.PIPE,
        text=True,
    )
    os.close(write)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Exception" not in done.stderr, done.stderr
    attempt = json.loads((tmp_path / "s.duckdb.last-load.json").read_text())
    assert (attempt["status"], attempt["load_id"]) == ("committed", 1)


def test_file_and_database_faults_are_messages_naming_the_file_not_tracebacks(tmp_path):
    """A manifest that is a folder, a database file that is not a database: each a message
    naming the file, exit status 1."""
    folder = write_extract(tmp_path / "x", GOOD)
    (folder / "manifest.json").mkdir()
    done = run("load", folder, "--db", tmp_path / "s.duckdb")
    assert (done.returncode, "Traceback" in done.stderr) == (1, False), done.stderr
    assert "manifest.json: the manifest is not read: it is a folder" in done.stderr
    (folder / "manifest.json").rmdir()
    db = tmp_path / "t.duckdb"
    db.write_bytes(b"not a database" * 1000)
    done = run("load", folder, "--db", db)
    assert (done.returncode, "Traceback" in done.stderr) == (1, False), done.stderr
    assert f"the database file {db} is corrupt (it is not a DuckDB database file)" in done.stderr
