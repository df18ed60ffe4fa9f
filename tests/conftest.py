"""Shared fixtures: the repository root on sys.path comes from running pytest at the root."""

from __future__ import annotations

import pytest


@pytest.fixture
def db(tmp_path):
    """A path for a new database file."""
    return tmp_path / "db" / "stalking.duckdb"
