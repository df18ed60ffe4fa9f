"""Small helpers for tests: write a hand-made extract, load it, read the database."""

from __future__ import annotations

import inspect
import json
import textwrap
from pathlib import Path

import duckdb

from pipelines.__main__ import load_extract


def write_extract(
    folder: Path,
    tables: dict[str, str],
    *,
    extracted_at: str | None = None,
    kind: str = "full",
    encoding: str = "utf-8",
) -> Path:
    """Write TABLE.csv files from dedented CSV text, and a manifest when extracted_at is given."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in tables.items():
        body = textwrap.dedent(text).lstrip("\n")
        (folder / f"{name}.csv").write_bytes(body.encode(encoding))
    if extracted_at:
        (folder / "manifest.json").write_text(
            json.dumps(
                {"force": "Test", "system": "hand-made", "extracted_at": extracted_at, "kind": kind}
            )
        )
    return folder


def load(folder: Path, db: Path, **kwargs):
    return load_extract(folder, db, **kwargs)


def query(db: Path, sql: str, params=None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def scalar(db: Path, sql: str, params=None):
    return query(db, sql, params)[0][0]


CRIMES_HEADER = "crime_ref,reported_at,area_code,status"
CLASS_HEADER = "crime_ref,offence_code,is_principal,classified_at,removed_at"


class Dry:
    """An extract read and validated by the loader's own code, in memory: no merge, no file."""

    def __init__(self, folder: Path, profile=None, as_at: str = "2025-04-01T06:00:00"):
        from datetime import datetime

        from pipelines.extract import discover, read_manifest
        from pipelines.load import check_staged, stage
        from pipelines.profile import as_profile
        from pipelines.store import ensure_schema

        self.con = duckdb.connect()
        ensure_schema(self.con)
        profile = as_profile(profile)
        files, self.files_ignored = discover(folder, profile)
        manifest = read_manifest(folder, datetime.fromisoformat(as_at), profile)
        self.sources, self.left_out = stage(self.con, files, folder.parent, profile)
        check_staged(self.con, self.sources, manifest, profile, strict=False)

    def valid(self, table: str, columns: str) -> list[tuple]:
        """The rows of a table that would load, in file order."""
        from pipelines.validate import valid_rows

        return self.con.execute(
            f"select {columns} from {valid_rows(table)} order by _row"
        ).fetchall()

    def rejects(self) -> list[tuple]:
        """(table, file, line, column, value, reason) of every reject, in file order."""
        return [
            (t, self.sources[t].name, line, column, value, reason)
            for t, line, column, value, reason in self.con.execute(
                "select table_name, line, column_name, value, reason from rejects "
                "order by table_name, line, column_name"
            ).fetchall()
        ]


def write_files(folder: Path, files: dict[str, str]) -> Path:
    """Write files from dedented text (CSV files of an export, a profile, ...)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return folder


def api_queries() -> list[str]:
    """The public query functions of queries.api: those taking the store first."""
    from queries import api

    return sorted(
        name
        for name, f in vars(api).items()
        if inspect.isfunction(f)
        and f.__module__.startswith(api.__name__ + ".")
        and not name.startswith("_")
        and list(inspect.signature(f).parameters)[:1] == ["store"]
    )
