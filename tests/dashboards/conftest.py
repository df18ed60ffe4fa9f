"""Dashboard test fixtures: the hand-made measure fixture loaded once, and an AppTest factory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboards import navigation
from tests.queries.test_measures import load_fixture

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    """tests/queries/fixture loaded (as at Monday 2025-06-30 06:00; areas A North, B South)."""
    return load_fixture(tmp_path_factory.mktemp("dashboards"))


@pytest.fixture
def app(fixture_db, monkeypatch):
    """Return a function that runs the app on a page (its title) and returns the AppTest."""
    monkeypatch.setenv("STALKING_DB", str(fixture_db))

    def run(page: str | None = None, **state) -> AppTest:
        return open_app(page, state=state)

    return run


def open_app(
    page: str | None = None,
    *,
    state: dict | None = None,
    auth: dict | None = None,
    user: dict | None = None,
) -> AppTest:
    """Run app.py (with session state, [auth] secrets and a user when given), then go to a page."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in (state or {}).items():
        at.session_state[key] = value
    if auth is not None:
        at.secrets["auth"] = auth
    if user is not None:
        at.user = user
    at.run()
    if page is not None:
        at.switch_page(page_path(page))
        at.run()
    return at


def page_path(title: str) -> str:
    """The file of the page with this title, from the app's navigation."""
    return navigation.page(title).path


def page_titles() -> list[str]:
    """Every page, those opened from other pages included (AppTest can switch to them)."""
    return [p.title for p in navigation.pages()]


def visible_titles() -> list[str]:
    """The pages the sidebar lists (what a browser can click)."""
    return [p.title for p in navigation.visible()]


def open_parts(title: str, **kwargs) -> Iterator[tuple[str | None, AppTest]]:
    """A page opened, then walked part by part (walk_parts)."""
    yield from walk_parts(open_app(title, **kwargs), title)


def walk_parts(at: AppTest, title: str) -> Iterator[tuple[str | None, AppTest]]:
    """The app showing a page, once per part (navigation.PageSpec.parts: only the open part is
    drawn), as (its label, the app showing it); a page drawn whole once, as (None, the app).
    Every part is checked to draw something, so a part left empty by a wrong key fails here."""
    key = navigation.page(title).parts
    labels = [t.label for t in at.tabs]
    if key is None:
        assert not labels, f"{title} has tabs: give its PageSpec parts"
        yield None, at
        return
    assert labels, f"{title} is drawn in parts ({key}) but shows no tabs"
    for label in labels:
        at.session_state[key] = label
        at.run()
        opened = [t for t in at.tabs if t.label == label][0]
        assert len(opened.children), f"{title}: the part {label!r} drew nothing"
        yield label, at
