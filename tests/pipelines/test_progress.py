"""Progress: a load and a check say what they are doing, by stage and table, with the time
taken (a status line on a terminal, plain lines elsewhere), and their reports keep each
stage's time."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

from pipelines import progress
from pipelines.__main__ import format_report, load_extract
from tests.helpers import CLASS_HEADER, CRIMES_HEADER, write_extract

ROOT = Path(__file__).resolve().parents[2]
LOAD_STAGES = [
    "discover",
    "copy",
    "reference",
    "read",
    "validate",
    "merge",
    "build",
    "commit",
    "checkpoint",
    "publish",
]
CHECK_STAGES = ["reference", "read", "validate", "count"]


def extract(folder: Path) -> Path:
    return write_extract(
        folder,
        {
            "crimes": f"{CRIMES_HEADER}\nC1,2025-03-01,A,open\n",
            "classifications": f"{CLASS_HEADER}\nC1,8Q,true,2025-03-01,\n",
            "victims": "crime_ref,victim_id\nC1,V1\n",
        },
        extracted_at="2025-04-01T06:00:00",
    )


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipelines", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_a_load_keeps_each_stage_time_and_says_nothing_without_a_display(tmp_path, capsys):
    report = load_extract(extract(tmp_path / "x"), tmp_path / "s.duckdb")
    assert list(report.stages) == LOAD_STAGES
    assert all(seconds >= 0 for seconds in report.stages.values())
    assert capsys.readouterr() == ("", "")  # a library call: nothing said
    said = format_report(report)
    assert re.search(
        r"\nTime by stage: discover [0-9.]+ s, copy [0-9.]+ s, .*, publish "
        r"[0-9.]+ s; [0-9.]+ s in all$",
        said,
    ), said


def test_load_on_a_pipe_says_plain_lines_by_stage_and_table(tmp_path):
    """Not a terminal (cron, CI): plain lines on standard output before the report, each with
    the elapsed time; standard error stays for what went wrong. The last-load record keeps
    the stage times."""
    db = tmp_path / "s.duckdb"
    done = run("load", extract(tmp_path / "x"), "--db", db)
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    steps = [line for line in lines if line.startswith("load ")]
    assert "\r" not in done.stdout and "\x1b" not in done.stdout
    said = [re.sub(r"^load +[0-9.]+ s  ", "", line) for line in steps]
    for table in ("crimes (crimes.csv)", "classifications (classifications.csv)", "victims"):
        assert any(s.startswith(f"read: {table}") for s in said), said
    for table in ("crimes", "classifications", "victims"):
        assert f"validate: {table}..." in said and f"merge: {table}..." in said
    ended = [s.split(" done in ")[0] for s in said if " done in " in s]
    assert ended == LOAD_STAGES
    assert lines.index(steps[-1]) < lines.index(next(x for x in lines if x.startswith("Loaded")))
    record = json.loads((tmp_path / "s.duckdb.last-load.json").read_text())
    assert list(record["stages"]) == LOAD_STAGES


def test_check_on_a_pipe_says_its_stages_and_keeps_their_times(tmp_path):
    done = run("check", extract(tmp_path / "x"), "--db", tmp_path / "s.duckdb")
    assert (done.returncode, done.stderr) == (0, "")
    ended = [
        re.sub(r"^check +[0-9.]+ s  ", "", line).split(" done in ")[0]
        for line in done.stdout.splitlines()
        if line.startswith("check ") and " done in " in line
    ]
    assert ended == CHECK_STAGES
    assert "Time by stage: reference" in done.stdout
    report = json.loads((tmp_path / "s.duckdb.last-check.json").read_text())
    assert list(report["stages"]) == CHECK_STAGES


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_one_status_line_is_rewritten_and_each_stage_kept():
    screen = Terminal()
    with progress.shown(screen), progress.run("load") as timed:
        with progress.stage("read"):
            progress.step("crimes (crimes.csv)")
            progress.step("victims (victims.csv)")
        with progress.stage("validate"):
            progress.step("crimes")
    text = screen.getvalue()
    # each update rewrites the line (carriage return, clear to its end); a stage's end is kept
    updates = [re.sub(r"^load +[0-9.]+ s  ", "", u) for u in text.split("\r\x1b[K") if u]
    updates = [u for i, u in enumerate(updates) if not i or u != updates[i - 1]]  # ticks
    assert updates[:3] == [
        "read...",
        "read: crimes (crimes.csv)...",
        "read: victims (victims.csv)...",
    ]
    assert "validate: crimes..." in updates
    kept = [line for line in text.split("\n") if line]
    assert [re.sub(r".*load +[0-9.]+ s  ", "", k).split(" done in ")[0] for k in kept] == [
        "read",
        "validate",
    ]
    assert list(timed.times) == ["read", "validate"]


def test_a_display_whose_reader_went_away_stops_saying_and_the_run_goes_on():
    class Gone(io.StringIO):
        def write(self, text):
            raise BrokenPipeError

    with progress.shown(Gone()), progress.run("load") as timed:
        with progress.stage("read"):
            progress.step("crimes")
    assert list(timed.times) == ["read"]


def test_a_stage_that_fails_says_it_stopped_not_that_it_is_done():
    said = io.StringIO()  # not a terminal: plain lines
    with progress.shown(said), progress.run("load"):
        try:
            with progress.stage("merge"):
                progress.step("crimes")
                raise MemoryError
        except MemoryError:
            pass
    lines = [re.sub(r"^load +[0-9.]+ s  ", "", line) for line in said.getvalue().splitlines()]
    assert lines[:2] == ["merge...", "merge: crimes..."]
    assert lines[2].startswith("merge stopped after ") and len(lines) == 3
