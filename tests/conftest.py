"""Shared fixtures: the repository root on sys.path comes from running pytest at the root."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """The committed sample as `make run` loads it: the full extract, then the delta."""
    from pipelines.__main__ import load_extract

    db = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    load_extract(ROOT / "sample_data" / "extract", db)
    load_extract(ROOT / "sample_data" / "delta", db)
    return db


@pytest.fixture
def db(tmp_path):
    """A path for a new database file."""
    return tmp_path / "db" / "stalking.duckdb"
