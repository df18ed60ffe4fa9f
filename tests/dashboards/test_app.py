"""Every page under AppTest, parametrised from the navigation itself."""

from __future__ import annotations

from datetime import date

import pytest

from tests.dashboards.conftest import page_titles


@pytest.mark.parametrize("title", page_titles())
def test_every_page_renders_without_exception(app, title):
    at = app(title)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, f"{title} has no title"


def test_default_period_is_the_last_12_complete_months(app):
    """As at 30 Jun 2025 the last complete month is May 2025; twelve months back from it is
    June 2024 (the slider itself offers April 2024, the first case, to June 2025)."""
    at = app()
    assert at.select_slider(key="period").value == (date(2024, 6, 1), date(2025, 5, 1))


def test_as_at_banner_warns_when_the_extract_is_old(app):
    at = app()
    assert "Monday 30 June 2025, 06:00" in at.warning[0].value


def test_daily_meeting_counts_match_the_fixture(app):
    """Open flagged cases: K1, K3, K7, K9, K10 and (v2: an open breach-of-order crime) K13;
    new: K10 only (see tests/queries). v2: was 5, without K13."""
    at = app("Daily meeting")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Open cases flagged"] == "6"
    assert metrics["New since the last meeting"] == "1"
    at.multiselect(key="areas").set_value(["A"]).run()
    assert {m.label: m.value for m in at.metric}["Open cases flagged"] == "2"  # K1, K10


@pytest.mark.parametrize("damage", ["random bytes", "truncated"])
def test_a_corrupt_database_is_named_with_the_way_back(fixture_db, tmp_path, monkeypatch, damage):
    """Security pass, class 7: a damaged database file is named as such on every page, with
    the command that restores the last good copy; no traceback. Before: a generic error."""
    import os

    from tests.dashboards.conftest import open_app

    db = tmp_path / "damaged.duckdb"
    if damage == "random bytes":
        db.write_bytes(os.urandom(fixture_db.stat().st_size))
    else:
        db.write_bytes(fixture_db.read_bytes()[: fixture_db.stat().st_size // 3])
    monkeypatch.setenv("STALKING_DB", str(db))
    for title in ("Performance board", "Data quality"):
        at = open_app(title)
        assert not at.exception, [e.value for e in at.exception]
        assert "corrupt" in at.error[0].value
        assert any("--recover" in c.value for c in at.code)
        assert not at.metric and not at.dataframe
