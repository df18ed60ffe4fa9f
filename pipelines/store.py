"""The database file: its schema, one writer at a time, and the atomic swap.

A load never writes to the live file. It copies the file to a sibling
`<name>.loading-<pid>`, does all its work there, checkpoints and closes it,
then `os.replace`s it over the live path: readers that hold the old file open
keep reading the old state (their handle is on the old inode), new readers see
the new one, and a crash or kill at any moment leaves the live file as it was.
DuckDB allows one writer per file; an advisory lock on `<name>.lock` keeps two
loads from racing each other.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import duckdb

from .contract import TABLES
from .errors import ExtractRefused, LoadBusy

SCHEMA_VERSION = 1

# Lineage columns every base table carries: which load wrote the row, from
# which line of its file; crimes, orders and breaches also keep the as-at
# moment of the extract they came from ("newest wins").
LINEAGE = "load_id INTEGER NOT NULL, source_line BIGINT NOT NULL"
VERSIONED = ("crimes", "orders", "breaches")

AUDIT_DDL = """
create table if not exists meta (name VARCHAR PRIMARY KEY, value VARCHAR);
create table if not exists load_log (
    load_id INTEGER PRIMARY KEY,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP NOT NULL,
    extract_path VARCHAR NOT NULL,
    extracted_at TIMESTAMP NOT NULL,
    extracted_at_source VARCHAR NOT NULL,   -- 'manifest' or 'load time'
    kind VARCHAR,                           -- manifest kind: full or delta
    force_name VARCHAR,
    source_system VARCHAR,
    strict BOOLEAN NOT NULL,
    status VARCHAR NOT NULL,                -- 'committed' (refused loads change nothing)
    rows_read BIGINT NOT NULL,
    rows_loaded BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    rows_skipped BIGINT NOT NULL            -- crimes already loaded from a later extract
);
create table if not exists load_tables (
    load_id INTEGER NOT NULL,
    table_name VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    file_format VARCHAR NOT NULL,
    encoding VARCHAR,
    rows_read BIGINT NOT NULL,
    rows_loaded BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    rows_skipped BIGINT NOT NULL,
    columns_absent VARCHAR[],
    columns_ignored VARCHAR[],
    personal_columns_dropped VARCHAR[],
    PRIMARY KEY (load_id, table_name)
);
create table if not exists load_rejects (
    load_id INTEGER NOT NULL,
    table_name VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    line BIGINT,
    column_name VARCHAR,
    value VARCHAR,
    reason VARCHAR NOT NULL,
    raw VARCHAR                             -- JSON of the row's contract columns only
);
"""


def base_table_ddl(table) -> str:
    """CREATE TABLE for one contract table, with its types, key and lineage."""
    cols = [f'"{c.name}" {c.sql_type}{" NOT NULL" if c.not_null else ""}' for c in table.columns]
    if table.name in VERSIONED:
        cols.append("extracted_at TIMESTAMP NOT NULL")
    cols.append(LINEAGE)
    key = ", ".join(table.key)
    return f"create table if not exists {table.name} ({', '.join(cols)}, PRIMARY KEY ({key}))"


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the base and audit tables when they do not exist yet."""
    for statement in AUDIT_DDL.split(";"):
        if statement.strip():
            con.execute(statement)
    for table in TABLES:
        con.execute(base_table_ddl(table))
    found = con.execute("select value from meta where name = 'schema_version'").fetchone()
    if found is None:
        con.execute("insert into meta values ('schema_version', ?)", [str(SCHEMA_VERSION)])
    elif int(found[0]) != SCHEMA_VERSION:
        raise schema_mismatch(found[0])


def schema_mismatch(found) -> ExtractRefused:
    """The refusal for a database another version of the loader wrote."""
    return ExtractRefused(
        "the database",
        f"it was written with schema version {found}; this loader writes {SCHEMA_VERSION}",
        expected="a database this version made: load the extracts again into a new file",
    )


@contextmanager
def writer_lock(db_path: Path, wait: bool = True):
    """Hold the advisory lock that makes this the only load into db_path."""
    lock_path = db_path.with_name(db_path.name + ".lock")
    with lock_path.open("a+") as handle:
        flags = fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB)
        try:
            fcntl.flock(handle, flags)
        except BlockingIOError:
            raise LoadBusy(f"another load into {db_path} is under way") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def working_copy(db_path: Path) -> Path:
    """A private copy of the live file (or a new path) for a load to write to.

    Copies left by a load that was killed are removed first: the lock is held,
    so no other load is using them.
    """
    for stale in db_path.parent.glob(db_path.name + ".loading-*"):
        stale.unlink(missing_ok=True)
    work = db_path.with_name(f"{db_path.name}.loading-{os.getpid()}")
    if db_path.exists():
        shutil.copyfile(db_path, work)
    return work


def publish(work: Path, db_path: Path) -> None:
    """Atomically make the finished working copy the live file."""
    with work.open("rb") as f:
        os.fsync(f.fileno())
    os.replace(work, db_path)
    directory = os.open(db_path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def discard(work: Path) -> None:
    """Remove a working copy (and its write-ahead log) after a refused load."""
    for path in (work, work.with_name(work.name + ".wal")):
        path.unlink(missing_ok=True)
