"""The load's memory: its DuckDB connection held to PIPELINES_MEMORY_LIMIT when that is set
(1536MiB otherwise), and a load that needs more refused with the setting to change, the
database unchanged (issue 13: with 1536MiB a first load of 1 M crimes, and a second one over
it, peak at 1.76 and 1.85 GB resident, against 5.7 GB with DuckDB's default and schema 2's key
indexes)."""

from __future__ import annotations

import duckdb
import pytest

from pipelines.__main__ import load_extract, main
from pipelines.errors import ExtractRefused
from pipelines.store import limit_memory, memory_limit
from tests.helpers import CLASS_HEADER, CRIMES_HEADER, write_extract


def test_1536mib_unless_another_limit_is_set(monkeypatch):
    monkeypatch.delenv("PIPELINES_MEMORY_LIMIT", raising=False)
    assert memory_limit() == "1536MiB"
    with duckdb.connect() as con:
        limit_memory(con)
        assert con.execute("select current_setting('memory_limit')").fetchone() == ("1.5 GiB",)


def test_the_limit_can_be_set(monkeypatch):
    monkeypatch.setenv("PIPELINES_MEMORY_LIMIT", "3GiB")
    with duckdb.connect() as con:
        limit_memory(con)
        assert con.execute("select current_setting('memory_limit')").fetchone() == ("3.0 GiB",)


def test_a_limit_that_is_no_amount_is_refused(monkeypatch):
    monkeypatch.setenv("PIPELINES_MEMORY_LIMIT", "lots")
    with pytest.raises(ExtractRefused) as refused, duckdb.connect() as con:
        limit_memory(con)
    assert refused.value.describe() == (
        "PIPELINES_MEMORY_LIMIT: 'lots' is not an amount of memory (expected an amount such "
        "as 1536MiB, 2GB or 4GB)"
    )


def test_a_load_that_needs_more_memory_is_refused_and_changes_nothing(tmp_path, monkeypatch):
    folder = write_extract(
        tmp_path / "x",
        {
            "crimes": f"{CRIMES_HEADER}\nC1,2025-03-01,A,open\n",
            "classifications": f"{CLASS_HEADER}\nC1,8Q,true,2025-03-01,\n",
        },
        extracted_at="2025-04-01T06:00:00",
    )
    db = tmp_path / "db" / "s.duckdb"
    load_extract(folder, db)
    before = db.read_bytes()
    monkeypatch.setenv("PIPELINES_MEMORY_LIMIT", "2MiB")  # far too little for the build
    with pytest.raises(ExtractRefused) as refused:
        load_extract(folder, db)
    assert refused.value.describe() == (
        f"{db}: the load needed more memory than its limit (2MiB) (expected more memory for "
        "the load: set PIPELINES_MEMORY_LIMIT (such as 4GB) and load again)"
    )
    assert db.read_bytes() == before
    # no working copy or spill file left (a first load leaves no last good copy)
    assert sorted(p.name for p in db.parent.iterdir()) == ["s.duckdb", "s.duckdb.lock"]


def test_on_the_command_line_it_is_a_refusal_not_an_internal_error(tmp_path, monkeypatch, capsys):
    folder = write_extract(
        tmp_path / "x",
        {"crimes": f"{CRIMES_HEADER}\n", "classifications": f"{CLASS_HEADER}\n"},
    )
    monkeypatch.setenv("PIPELINES_MEMORY_LIMIT", "2MiB")
    assert main(["load", str(folder), "--db", str(tmp_path / "s.duckdb")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Load refused; the database is unchanged.\n")
    assert "needed more memory than its limit (2MiB)" in err and "Traceback" not in err
