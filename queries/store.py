"""Read-only access to the database file, following it across the loader's atomic swaps.

A Store opens the file the way the swap needs (spec notes.md): a new in-memory DuckDB
connection that ATTACHes the file READ_ONLY, re-made when the file on disk changes (a load
replaced it), with a cursor per query because one connection is not safe across Streamlit's
session threads. Queries are the api_* files of queries/sql/, run with bound parameters.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from common.database import CORRUPT, classify

from .build import api_sql

ALIAS = "stalking"


class NoDatabase(Exception):
    """The database file is missing or has never had a load committed."""


class CorruptDatabase(Exception):
    """The database file cannot be read back: it is not a DuckDB database, it is truncated, or
    a block fails its checksum (common.database.classify says which). The loader keeps the
    last good copy; `python -m pipelines rebuild --db PATH --recover` restores it."""


class UnreadableDatabase(Exception):
    """The database file is there and undamaged but cannot be opened (permission, another
    program writing it, another DuckDB version)."""


class NeedsRebuild(Exception):
    """A query needs a view or table the database does not have: it was built by another
    version of the code (python -m pipelines rebuild mends it)."""


class Store:
    """Read-only access to one database file, following it across load swaps."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._version: tuple | None = None
        self._session = ""  # the statements every cursor runs first (see _session_sql)

    def version(self) -> tuple:
        """Identity of the file on disk: changes when a load swaps a new one in."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            raise NoDatabase(
                f"no database at {self.path}: load an extract first "
                "(python -m pipelines load EXTRACT_DIR --db PATH)"
            ) from None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _connection(self) -> duckdb.DuckDBPyConnection:
        version = self.version()
        with self._lock:
            if self._con is None or version != self._version:
                # The old connection is not closed here: other sessions' cursors may still be
                # reading from it. Dropping the reference closes it once the last one is done.
                con = duckdb.connect()
                try:
                    con.execute(f"attach '{_quoted(self.path)}' as {ALIAS} (read_only)")
                except duckdb.Error as e:
                    raise self._unreadable(e) from None
                self._session = _session_sql(con)
                self._con, self._version = con, version
            return self._con

    def frame(
        self, sql: str, params: dict | None = None, relations: dict | None = None
    ) -> pd.DataFrame:
        """Run SQL in the attached database and return a DataFrame; relations (name -> an
        Arrow table or DataFrame) are registered for this query alone (data kept outside the
        file, such as the meeting's decisions)."""
        cursor = self._connection().cursor()
        try:
            cursor.execute(self._session)
            for name, relation in (relations or {}).items():
                cursor.register(name, relation)
            return cursor.execute(sql, params or {}).df()
        except duckdb.CatalogException as missing:
            raise NeedsRebuild(str(missing).splitlines()[0]) from None
        except (duckdb.IOException, duckdb.SerializationException, duckdb.InternalException) as e:
            raise self._unreadable(e) from None
        finally:
            cursor.close()

    def _unreadable(self, error: Exception) -> Exception:
        """CorruptDatabase or UnreadableDatabase for DuckDB's error reading the file."""
        state, detail = classify(error)
        if state == CORRUPT:
            return CorruptDatabase(f"the database file {self.path} is corrupt ({detail})")
        return UnreadableDatabase(f"the database file {self.path} cannot be opened: {detail}")

    def run(self, query: str, relations: dict | None = None, **params) -> pd.DataFrame:
        """Run queries/sql/api_<query>.sql with its parameters bound by name (and relations
        registered, see frame)."""
        return self.frame(api_sql(query), params, relations)


def _session_sql(con: duckdb.DuckDBPyConnection) -> str:
    """What every cursor runs before its query: `use` the file, and set the disclosure
    rounding's base and key as session variables (fn_protect, fn_disclosure_key), read once per
    file version. As variables they are constants to the planner: read by subquery in every
    rounded cell they cost 20-30 ms of planning per query (issue 15). A database without them
    (never built) sets none, and rounding then refuses rather than show a count unrounded."""
    statements = [f"use {ALIAS}"]
    try:
        base, key = con.execute(
            f"select (select cast(value as bigint) from {ALIAS}.settings "
            "where name = 'disclosure_rounding_base'), "
            f"(select value from {ALIAS}.meta where name = 'disclosure_key')"
        ).fetchone()
    except duckdb.Error:
        base = key = None
    if base is not None:
        statements.append(f"set variable disclosure_base = {int(base)}::bigint")
    if key is not None and re.fullmatch(r"[0-9a-f]+", key):
        statements.append(f"set variable disclosure_key = '{key}'")
    return "; ".join(statements)


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def month_index(month: date) -> int:
    return month.year * 12 + month.month - 1


def from_index(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """Inclusive months, each given as its first day."""

    start: date
    end: date

    def params(self) -> dict:
        return {"start": self.start, "end": self.end}

    def months(self) -> list[date]:
        """Each month of the period, as its first day."""
        return [from_index(i) for i in range(month_index(self.start), month_index(self.end) + 1)]
