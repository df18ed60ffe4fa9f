"""The database file: its schema, one writer at a time, the atomic swap, the last good copy.

A load never writes to the live file. It copies the file into a private folder beside it,
`<name>.loading-<pid>/` (mode 0700: DuckDB's write-ahead log there holds data too), does
all its work on the copy, checkpoints and closes it, then `os.replace`s it over the live
path: readers that hold the old file open keep reading the old state (their handle is on
the old inode), new readers see the new one, and a crash or kill at any moment leaves the
live file as it was. DuckDB allows one writer per file; an advisory lock on `<name>.lock`
keeps two loads from racing each other.

Access: the copy takes the live file's mode and group (common/files.py); a new database is
created 0640. The last good copy: each swap keeps the file it replaces as
`<name>.previous`, a hard link to the old inode (no copying: its disk cost is one more
database-sized file, the state before the latest load or rebuild). A load first reads the
copy whole; a file that cannot be read back is named corrupt (errors.DatabaseCorrupt), and
`recover` puts the last good copy back, keeping the corrupt file as `<name>.corrupt`.

Memory: the working connection is held to DEFAULT_MEMORY (1536MiB), or to
PIPELINES_MEMORY_LIMIT (such as `4GB`) when set; beyond it DuckDB spills to files in the
private folder, which go with it. Measured at 1 M crimes (9.7 M rows): a first load, and a
second load of the same extract over that database, peak at 1.76 and 1.85 GB resident. (Before
schema 3 a second load needed more than 1536MiB for the key indexes, which cannot spill, so no
limit was set and a load peaked at 5.7 GB.) A load that needs more than its limit is refused
naming the setting (out_of_memory), the database unchanged.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb

from common.database import CORRUPT, MISSING, OK, database_state, read_whole
from common.database import classify as classify_error
from common.files import match_access

from .contract import TABLES
from .errors import DatabaseCorrupt, DiskFull, ExtractRefused, LoadBusy

# 2: contract v2 (docs/extract.md): crimes.officer_ref, needs_assessments.rights_channel and
# support_declined, and seven new tables.
# 3: the base tables keep no PRIMARY KEY index (issue 13). Each key is still unique: the load
# quarantines a key repeated in a file (validate.find_duplicate_keys) and deletes a key's old
# rows before inserting its new ones (merge), and audit_base_keys checks every base table's
# key (the grain of its stg_ view) at each load. The index bought nothing on top but cost: DuckDB's
# ART index lives in memory and cannot spill (a second load of 1 M crimes needed over 1.5 GB
# for it alone), and writing it took most of the commit (14.7 s of 14.7 s, against 2.2 s).
# Older databases are upgraded in place by ensure_schema (inside the load's working copy, so
# the upgrade is part of the swap).
SCHEMA_VERSION = 3
UPGRADES = tuple(range(1, SCHEMA_VERSION))  # the older versions ensure_schema upgrades in place
KEYED = 2  # the last schema whose base tables carried a PRIMARY KEY
MEMORY_ENV = "PIPELINES_MEMORY_LIMIT"  # the load's DuckDB memory, when set (see above)
DEFAULT_MEMORY = "1536MiB"

# Lineage columns every base table carries: which load wrote the row, from
# which line of its file; the tables that are not crime-scoped (crimes, orders, breaches and
# v2's staff, training, complaints and actions) also keep the as-at moment of the extract
# they came from ("newest wins").
LINEAGE = "load_id INTEGER NOT NULL, source_line BIGINT NOT NULL"
VERSIONED = ("crimes", "orders", "breaches", "staff", "training", "complaints", "actions")

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


def base_table_ddl(table, name: str | None = None) -> str:
    """CREATE TABLE for one contract table (as `name`, when given), with its types and
    lineage. Its key (table.key) is kept unique by the load, not by an index (schema 3)."""
    cols = [f'"{c.name}" {c.sql_type}{" NOT NULL" if c.not_null else ""}' for c in table.columns]
    if table.name in VERSIONED:
        cols.append("extracted_at TIMESTAMP NOT NULL")
    cols.append(LINEAGE)
    return f"create table if not exists {name or table.name} ({', '.join(cols)})"


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
        return
    version = int(found[0])
    if version == SCHEMA_VERSION:
        return
    if version not in UPGRADES:
        raise schema_mismatch(found[0])
    if version == 1:
        _upgrade_from_1(con)
    if version <= KEYED:
        _drop_key_indexes(con)
    con.execute("update meta set value = ? where name = 'schema_version'", [str(SCHEMA_VERSION)])


def _upgrade_from_1(con: duckdb.DuckDBPyConnection) -> None:
    """Version 1 to 2: the v2 columns of existing tables, added empty (the new tables were
    made above). Every v2 column is optional, so the rows loaded before stay valid."""
    have = {
        (t, c)
        for t, c in con.execute(
            "select table_name, column_name from duckdb_columns() where schema_name = 'main'"
        ).fetchall()
    }
    for table in TABLES:
        for column in table.columns:
            if (table.name, column.name) not in have:
                con.execute(
                    f'alter table {table.name} add column "{column.name}" {column.sql_type}'
                )


def _drop_key_indexes(con: duckdb.DuckDBPyConnection) -> None:
    """Version 2 to 3: each base table made again without its PRIMARY KEY (DuckDB cannot drop
    one), its rows copied by name, so the columns also take the contract's order."""
    keyed = {
        r[0]
        for r in con.execute(
            "select table_name from duckdb_constraints() where schema_name = 'main' "
            "and constraint_type = 'PRIMARY KEY'"
        ).fetchall()
    }
    for table in TABLES:
        if table.name not in keyed:
            continue
        con.execute(base_table_ddl(table, f"{table.name}__v3"))
        con.execute(f"insert into {table.name}__v3 by name select * from {table.name}")
        con.execute(f"drop table {table.name}")
        con.execute(f"alter table {table.name}__v3 rename to {table.name}")


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


def previous_path(db_path: Path) -> Path:
    """The last good copy a swap keeps: the database as it was before the latest swap."""
    return db_path.with_name(db_path.name + ".previous")


def corrupt_path(db_path: Path) -> Path:
    """Where recover keeps a corrupt database it replaced."""
    return db_path.with_name(db_path.name + ".corrupt")


def _private_folder(db_path: Path) -> Path:
    """A new folder beside the database that only this process's user may enter."""
    folder = db_path.with_name(f"{db_path.name}.loading-{os.getpid()}")
    folder.mkdir(mode=0o700)
    os.chmod(folder, 0o700)  # whatever the umask
    return folder


def remove_stale_copies(db_path: Path) -> None:
    """Working copies and half-made links left by a load that was killed: the lock is held,
    so no other load is using them."""
    for stale in db_path.parent.glob(db_path.name + ".loading-*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)
    for stale in db_path.parent.glob(db_path.name + ".previous.*"):
        stale.unlink(missing_ok=True)


def working_copy(db_path: Path) -> Path:
    """A private copy of the live file (or a new path) for a load to write to, with the live
    file's mode and group; nothing is left behind when the copy fails (a full disk)."""
    remove_stale_copies(db_path)
    folder = _private_folder(db_path)
    work = folder / db_path.name
    try:
        if db_path.exists():
            shutil.copyfile(db_path, work)
            match_access(work, db_path)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return work


def open_working(work: Path, db_path: Path) -> duckdb.DuckDBPyConnection:
    """A connection to the working copy, read whole first when it is a copy of the live file:
    a file that cannot be read back is refused as corrupt, naming the live file."""
    copied = work.exists()
    con = None
    try:
        con = duckdb.connect(str(work))
        if copied:
            read_whole(con, con.execute("select current_database()").fetchone()[0])
        limit_memory(con)  # after the read-back, whose faults must mean a damaged file
    except duckdb.Error as e:
        if con is not None:
            con.close()
        if ran_out_of_memory(e):
            raise out_of_memory(db_path) from None
        state, detail = classify_error(e)
        if state == CORRUPT:
            raise corrupt(db_path, detail) from None
        raise ExtractRefused(
            str(db_path),
            f"the database file cannot be opened ({detail})",
            expected="a database this version of the loader can read",
        ) from None
    if not copied:
        match_access(work, db_path)  # a new database: 0640
    return con


def memory_limit() -> str:
    """The working connection's memory limit: PIPELINES_MEMORY_LIMIT, or DEFAULT_MEMORY."""
    return os.environ.get(MEMORY_ENV, "").strip() or DEFAULT_MEMORY


def limit_memory(con) -> None:
    """Hold the connection to memory_limit(), refusing a PIPELINES_MEMORY_LIMIT DuckDB does
    not read."""
    limit = memory_limit()
    try:
        con.execute(f"set memory_limit = '{limit.replace(chr(39), '')}'")
    except duckdb.Error:
        con.close()
        raise ExtractRefused(
            MEMORY_ENV,
            f"{limit!r} is not an amount of memory",
            expected="an amount such as 1536MiB, 2GB or 4GB",
        ) from None


def ran_out_of_memory(error: BaseException) -> bool:
    """Whether a DuckDB error says memory ran out: an OutOfMemoryException, or a commit that
    could not allocate a block (a statement committed on its own says so as a
    TransactionException)."""
    if isinstance(error, duckdb.OutOfMemoryException):
        return True
    return isinstance(error, duckdb.TransactionException) and "could not allocate" in str(error)


def out_of_memory(db_path: Path) -> ExtractRefused:
    """The refusal of a load that needed more memory than its limit."""
    return ExtractRefused(
        str(db_path),
        f"the load needed more memory than its limit ({memory_limit()})",
        expected=f"more memory for the load: set {MEMORY_ENV} (such as 4GB) and load again",
    )


def corrupt(db_path: Path, detail: str) -> DatabaseCorrupt:
    """The refusal for a corrupt database, naming its last good copy when there is one."""
    previous = previous_path(db_path)
    return DatabaseCorrupt(db_path, detail, previous if previous.exists() else None)


def publish(work: Path, db_path: Path) -> None:
    """Atomically make the finished working copy the live file, keeping the file it replaces
    as the last good copy."""
    match_access(work, db_path)
    with work.open("rb") as f:
        os.fsync(f.fileno())
    keep_previous(db_path)
    os.replace(work, db_path)
    _sync_folder(db_path.parent)
    shutil.rmtree(work.parent, ignore_errors=True)


def keep_previous(db_path: Path) -> None:
    """Link the live file as `<name>.previous` (replacing the older one) before a swap replaces
    it. Where the file system has no hard links, the older last good copy stays."""
    if not db_path.exists():
        return
    previous = previous_path(db_path)
    linked = previous.with_name(f"{previous.name}.{os.getpid()}")
    try:
        linked.unlink(missing_ok=True)
        os.link(db_path, linked)
        os.replace(linked, previous)
    except OSError:
        linked.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _keep_corrupt(db_path: Path) -> None:
    """Keep the corrupt file as `<name>.corrupt` (replacing an older one) for whoever looks
    into it: a second name for it while the swap replaces it, or moved there."""
    kept = corrupt_path(db_path)
    kept.unlink(missing_ok=True)
    try:
        os.link(db_path, kept)
    except OSError:
        os.replace(db_path, kept)


@contextmanager
def named_faults(folder: Path):
    """Turn a full disk, however it shows (OSError ENOSPC, or DuckDB's IO error), into
    DiskFull naming the folder being written to."""
    try:
        yield
    except OSError as e:
        if e.errno == errno.ENOSPC:
            raise DiskFull(folder) from None
        raise
    except duckdb.Error as e:
        if "no space left on device" in str(e).lower():
            raise DiskFull(folder) from None
        raise


def discard(work: Path) -> None:
    """Remove a working copy, its write-ahead log and its private folder after a refused load."""
    shutil.rmtree(work.parent, ignore_errors=True)


def recover(db_path: Path, wait: bool = True) -> str:
    """Put the last good copy back over a corrupt (or missing) database; what was done, to
    say. The corrupt file is kept as `<name>.corrupt`. A sound database is left alone."""
    db_path = Path(db_path)
    with writer_lock(db_path, wait):
        state = database_state(db_path)
        if state.state == OK:
            return f"{db_path} is not corrupt: nothing to recover."
        if state.state not in (CORRUPT, MISSING):
            raise ExtractRefused(
                str(db_path),
                f"the database file cannot be opened ({state.detail}); it is not damaged",
                expected="a database file nothing else holds open, that this loader may read",
            )
        previous = previous_path(db_path)
        if database_state(previous).state != OK:
            if state.state == MISSING:
                return (
                    f"There is no database at {db_path} and no last good copy: nothing to recover."
                )
            raise DatabaseCorrupt(db_path, state.detail, None)
        _restore(previous, db_path)
    saved = datetime.fromtimestamp(previous.stat().st_mtime)
    kept = (
        "" if state.state == MISSING else f"; the corrupt file is kept as {corrupt_path(db_path)}"
    )
    return (
        f"Restored {db_path} from its last good copy {previous} (saved {saved:%Y-%m-%d %H:%M})"
        f"{kept}."
    )


def _restore(previous: Path, db_path: Path) -> None:
    """Swap a copy of the last good file in over the live path (the previous stays itself)."""
    remove_stale_copies(db_path)
    folder = _private_folder(db_path)
    work = folder / db_path.name
    try:
        shutil.copyfile(previous, work)
        match_access(work, previous)
        with work.open("rb") as f:
            os.fsync(f.fileno())
        if db_path.exists():
            _keep_corrupt(db_path)
        os.replace(work, db_path)
        _sync_folder(db_path.parent)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
