"""The audit of case-level data: who viewed or downloaded it, when, with which filters.

Kept in its own SQLite file (STALKING_AUDIT_DB, default data/audit.sqlite beside the
database), not in the DuckDB file: a load replaces that file whole, and the dashboard only
ever reads it. SQLite lets every Streamlit session (threads) and process append safely.
Rows are only ever added.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from datetime import datetime
from pathlib import Path

SCHEMA = """
create table if not exists audit (
    at TEXT NOT NULL,          -- local time, ISO 8601
    user TEXT NOT NULL,        -- e-mail or subject of the signed-in user; 'local ...' when off
    role TEXT NOT NULL,
    action TEXT NOT NULL,      -- 'view' or 'download'
    page TEXT,
    what TEXT NOT NULL,        -- the query (view) or the file name (download)
    filters TEXT NOT NULL,     -- JSON of the filters in force
    rows INTEGER               -- case rows shown or downloaded
)
"""
_lock = threading.Lock()


def audit_path(db_path: Path) -> Path:
    configured = os.environ.get("STALKING_AUDIT_DB")
    return Path(configured) if configured else Path(db_path).with_name("audit.sqlite")


def record(
    path: Path,
    *,
    user: str,
    role: str,
    action: str,
    what: str,
    filters: dict,
    rows: int | None,
    page: str | None = None,
) -> None:
    """Append one audit row."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _lock, sqlite3.connect(path, timeout=30) as con:
        con.execute(SCHEMA)
        con.execute(
            "insert into audit values (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                datetime.now().isoformat(timespec="seconds"),
                user,
                role,
                action,
                page,
                what,
                json.dumps(filters, default=plain, sort_keys=True),
                rows,
            ),
        )


def plain(value) -> str:
    """A filter's value as the audit keeps it: a period as its months ("2025-11 to 2026-10"),
    a date as ISO 8601, anything else as text."""
    start, end = getattr(value, "start", None), getattr(value, "end", None)
    if start is not None and end is not None:
        return f"{start:%Y-%m} to {end:%Y-%m}"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def rows(path: Path, limit: int = 1000) -> list[dict]:
    """The newest audit rows first."""
    if not path.exists():
        return []
    with sqlite3.connect(path, timeout=30) as con:
        con.row_factory = sqlite3.Row
        con.execute(SCHEMA)
        found = con.execute("select * from audit order by at desc, rowid desc limit ?", (limit,))
        return [dict(r) for r in found]
