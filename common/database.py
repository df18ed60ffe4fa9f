"""Whether a database file is missing, readable or corrupt: for the loader and the app.

`database_state(path)` opens the file read-only, through a fresh in-memory connection that
attaches it (never a connection the process already holds: DuckDB keeps one instance per
path), and reads every table whole, so a damaged block anywhere is found. It returns a
DatabaseState: `state` is one of

- "missing": there is no file at the path (no load has committed yet);
- "ok": it opens and every table reads;
- "corrupt": it is not a DuckDB database, it is truncated, or a block fails its checksum
  (`detail` says which); `python -m pipelines load ... --recover` restores the last good
  copy kept beside it (`<path>.previous`);
- "unreadable": it is there but cannot be opened for another reason (permission, another
  program holding it for writing, a file written by another DuckDB version): `detail` says
  why; it is not damaged.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

MISSING, OK, CORRUPT, UNREADABLE = "missing", "ok", "corrupt", "unreadable"

# What DuckDB says of a file it cannot open or read -> (state, how it is described), the
# first that matches.
SAID = (
    ("Could not set lock", UNREADABLE, "another program holds it open for writing"),
    ("Permission denied", UNREADABLE, "permission denied"),
    ("not a valid DuckDB database file", CORRUPT, "it is not a DuckDB database file"),
    ("Could not read enough bytes", CORRUPT, "it is shorter than its contents say: truncated"),
    ("checksum", CORRUPT, "a block of it fails its checksum"),
    ("Corrupt database file", CORRUPT, "a block of it is damaged"),
    ("version", UNREADABLE, "it was written by another version of DuckDB"),
)


@dataclass(frozen=True)
class DatabaseState:
    state: str  # MISSING, OK, CORRUPT or UNREADABLE
    detail: str | None = None


def database_state(path: Path | str) -> DatabaseState:
    """Open the database file read-only and read it whole; say whether it is missing,
    readable ("ok"), corrupt or unreadable, and why (see the module's docstring)."""
    path = Path(path)
    if not path.exists():
        return DatabaseState(MISSING)
    if not path.is_file():
        return DatabaseState(UNREADABLE, "it is not a file")
    con = duckdb.connect()
    try:
        con.execute(f"attach '{str(path).replace(chr(39), chr(39) * 2)}' as checked (read_only)")
        read_whole(con, "checked")
    except duckdb.Error as e:
        return DatabaseState(*classify(e))
    except OSError as e:
        return DatabaseState(UNREADABLE, e.strerror or str(e))
    finally:
        con.close()
    return DatabaseState(OK)


def read_whole(con: duckdb.DuckDBPyConnection, catalog: str) -> None:
    """Read every column of every table of an attached database (catalog), so that DuckDB
    checks each block; raises duckdb.Error where one is damaged."""
    tables = con.execute(
        "select schema_name, table_name from duckdb_tables() where database_name = ?", [catalog]
    ).fetchall()
    for schema, table in tables:
        con.execute(f'select bit_xor(hash(columns(*))) from "{catalog}"."{schema}"."{table}"')


def classify(error: Exception) -> tuple[str, str]:
    """(CORRUPT or UNREADABLE, what is wrong) for DuckDB's error opening or reading a file:
    anything DuckDB cannot read back that is not a lock, a permission or a version is
    damage."""
    text = str(error)
    for said, state, detail in SAID:
        if said.lower() in text.lower():
            return state, detail
    first = text.strip().splitlines()[0] if text.strip() else type(error).__name__
    return CORRUPT, f"its contents cannot be read back: {first}"
