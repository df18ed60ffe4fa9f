"""The extract folder's manifest is read only when it is a small regular file: a named pipe,
a device (a link to /dev/zero), a folder or a huge file is refused at once, naming it, never
read until it ends (docs/extract.md, "Bounded reads")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import CLASS_HEADER, CRIMES_HEADER, write_extract

ROOT = Path(__file__).resolve().parents[2]


def check(folder: Path, db: Path) -> subprocess.CompletedProcess:
    """`python -m pipelines check` in its own process, which must finish within 60 s."""
    return subprocess.run(
        [sys.executable, "-m", "pipelines", "check", str(folder), "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def folder_with_manifest(tmp_path: Path, make) -> Path:
    folder = write_extract(
        tmp_path / "x",
        {
            "crimes": f"{CRIMES_HEADER}\nC1,2025-03-01,A,open\n",
            "classifications": f"{CLASS_HEADER}\nC1,8Q,true,2025-03-01,\n",
        },
    )
    make(folder / "manifest.json")
    return folder


@pytest.mark.parametrize(
    "make, what",
    [
        (os.mkfifo, "it is a named pipe (FIFO)"),
        (lambda p: p.symlink_to("/dev/zero"), "it is a device"),
        (lambda p: p.mkdir(), "it is a folder"),
        (lambda p: p.write_text(" " * 70_000 + "{}"), "70002 bytes"),
    ],
    ids=["fifo", "link to /dev/zero", "folder", "70 KB"],
)
def test_a_manifest_that_is_no_small_file_is_refused_at_once(tmp_path, make, what):
    folder = folder_with_manifest(tmp_path, make)
    done = check(folder, tmp_path / "s.duckdb")
    assert done.returncode == 1, done.stderr
    assert "manifest.json: the manifest is not read: " in done.stdout, done.stdout + done.stderr
    assert what in done.stdout and "Traceback" not in done.stdout + done.stderr


def test_a_small_manifest_behind_a_link_is_read(tmp_path):
    real = tmp_path / "real.json"
    real.write_text('{"extracted_at": "2025-04-01T06:00:00"}')
    folder = folder_with_manifest(tmp_path, lambda p: p.symlink_to(real))
    done = check(folder, tmp_path / "s.duckdb")
    assert done.returncode == 0 and "As at: 2025-04-01 06:00 (from manifest.json)" in done.stdout
