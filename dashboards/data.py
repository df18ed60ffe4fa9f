"""The pages' one way to data: queries.api through Streamlit's caches.

One cached Store per database path (it reopens the file when a load swaps a new
one in) and cached results keyed by the query, its filters and the file's
version, so a new load shows without a restart and a click costs nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from queries import api

DEFAULT_DB = "data/stalking.duckdb"


def db_path() -> Path:
    return Path(os.environ.get("STALKING_DB", DEFAULT_DB))


@st.cache_resource(show_spinner=False)
def _store(path: str) -> api.Store:
    return api.Store(path)


def store() -> api.Store:
    return _store(str(db_path()))


@st.cache_data(show_spinner=False, max_entries=512)
def _run(_store: api.Store, version: tuple, function: str, args: tuple, kwargs: tuple):
    return getattr(api, function)(_store, *args, **dict(kwargs))


def get(function: str, *args, **kwargs):
    """Call queries.api.<function>(store, *args, **kwargs), cached by filters and load."""
    s = store()
    return _run(s, s.version(), function, args, tuple(sorted(kwargs.items())))
