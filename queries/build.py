"""Create the SQL objects in queries/sql/ inside a database, in dependency order.

Each file holds one object and is named after it. Files are run so that every
object comes after the objects it reads (found by name in its text), and
`materialise` is called by the loader inside the load's all-or-nothing swap,
so the heavy derived tables (int_*) are rebuilt once per load and the pages
aggregate one table instead of joining eleven.
"""

from __future__ import annotations

import hashlib
import re
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).parent / "sql"


def sql_objects() -> dict[str, str]:
    """Every object's name and SQL text."""
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(SQL_DIR.glob("*.sql"))}


def build_order(objects: dict[str, str]) -> list[str]:
    """Object names ordered so that each comes after those it reads."""
    graph = {}
    for name, text in objects.items():
        body = re.sub(r"--[^\n]*", "", text)
        graph[name] = {
            other
            for other in objects
            if other != name and re.search(rf"\b{re.escape(other)}\b", body)
        }
    return list(TopologicalSorter(graph).static_order())


def fingerprint() -> str:
    """A digest of every SQL object's text: it changes when the code's measures change."""
    digest = hashlib.sha256()
    for name, text in sorted(sql_objects().items()):
        digest.update(name.encode() + b"\0" + text.encode() + b"\0")
    return digest.hexdigest()[:16]


def materialise(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create every query object in the connected database, and note which SQL built
    them (meta queries_fingerprint), so the app can tell when a rebuild is due."""
    objects = sql_objects()
    for name in build_order(objects):
        con.execute(objects[name])
    con.execute("insert or replace into meta values ('queries_fingerprint', ?)", [fingerprint()])


def audits(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows returned by each audit_* view (an invariant broken), only where there are some."""
    counts = {}
    for name in sql_objects():
        if name.startswith("audit_"):
            n = con.execute(f"select count(*) from {name}").fetchone()[0]
            if n:
                counts[name] = n
    return counts
