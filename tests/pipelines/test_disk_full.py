"""A full disk: no space left (ENOSPC) while writing the working copy, a staging copy, the
database's own blocks, the swap or a report leaves no partial copy, staging folder or
temporary file behind, the database as it was, and a message that says so."""

from __future__ import annotations

import errno
from pathlib import Path

import duckdb
import pytest

from pipelines.__main__ import main
from tests.helpers import CLASS_HEADER, CRIMES_HEADER, write_extract

NO_SPACE = OSError(errno.ENOSPC, "No space left on device")


def extract(folder: Path, encoding: str = "utf-8") -> Path:
    return write_extract(
        folder,
        {
            "crimes": f"{CRIMES_HEADER}\nC1,2025-03-01,Café,open\n",
            "classifications": f"{CLASS_HEADER}\nC1,8Q,true,2025-03-01,\n",
        },
        extracted_at="2025-04-01T06:00:00",
        encoding=encoding,
    )


@pytest.fixture
def loaded(tmp_path, db) -> Path:
    assert main(["load", str(extract(tmp_path / "first")), "--db", str(db)]) == 0
    return db


def files_beside(db: Path) -> set[str]:
    return {p.name for p in db.parent.iterdir()}


def copy_half_then_fail(src, dst, *args, **kwargs):
    Path(dst).write_bytes(Path(src).read_bytes()[:4096])
    raise NO_SPACE


def stage_half_then_fail(path, encoding, workdir):
    (Path(workdir) / "half.csv").write_text("crime_ref,reported")
    raise NO_SPACE


def duckdb_full_at(stage):
    def reached(at):
        if at == stage:
            raise duckdb.IOException(
                'IO Error: Could not write file "x.wal": No space left on device'
            )

    return reached


def fsync_fails(fd):
    raise NO_SPACE


FAULTS = {
    "copying the working copy": ("shutil.copyfile", copy_half_then_fail),
    "writing a staging copy": ("pipelines.reading._utf8_copy", stage_half_then_fail),
    "duckdb writing, merged": ("pipelines.load.reached", duckdb_full_at("merged")),
    "duckdb writing, built": ("pipelines.load.reached", duckdb_full_at("materialised")),
    "duckdb checkpoint": ("pipelines.load.reached", duckdb_full_at("checkpointed")),
    "the swap": ("pipelines.store.os.fsync", fsync_fails),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_no_space_at_each_write_leaves_the_database_and_nothing_else(
    tmp_path, loaded, capsys, monkeypatch, fault
):
    target, replacement = FAULTS[fault]
    before, files = loaded.read_bytes(), files_beside(loaded)
    later = extract(tmp_path / "later", encoding="cp1252")  # cp1252: staged through a copy
    monkeypatch.setattr(target, replacement)
    assert main(["load", str(later), "--db", str(loaded)]) == 1
    err = capsys.readouterr().err
    assert "no space left on the device" in err and "Traceback" not in err, err
    assert err.startswith("Load refused; the database is unchanged.\n"), err
    assert loaded.read_bytes() == before
    assert files_beside(loaded) == files  # no working copy, staging folder or temporary file


def test_no_space_for_the_check_report_leaves_no_partial_report(tmp_path, capsys, monkeypatch):
    import common.reports

    def dump_half_then_fail(obj, f, **kwargs):
        f.write('{"kind": "che')
        raise NO_SPACE

    db = tmp_path / "db" / "s.duckdb"
    monkeypatch.setattr(common.reports.json, "dump", dump_half_then_fail)
    assert main(["check", str(extract(tmp_path / "x")), "--db", str(db)]) == 1
    out = capsys.readouterr()
    assert "no space left on the device" in out.err and "Traceback" not in out.err
    assert not db.parent.exists() or list(db.parent.iterdir()) == []
