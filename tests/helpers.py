"""Small helpers for tests: write a hand-made extract, load it, read the database."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import duckdb

from pipelines.load import load_extract


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
