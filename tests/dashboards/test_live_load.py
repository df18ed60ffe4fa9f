"""The dashboard keeps serving while a load runs, and shows the new state after it without a
restart: a real app in Chromium, a real load in another process held half-way through."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.dashboards.browser import CHROMIUM, browser, serve, wait_idle

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def loads_committed(page) -> str:
    """The Data quality page's count of loads, as shown."""
    links = page.locator('[data-testid="stSidebarNav"] a')
    links.filter(has_text="Data quality").click()
    wait_idle(page)
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Loads committed")
    return metric.inner_text().splitlines()[-1].strip()


def test_the_app_serves_during_a_load_and_shows_it_after(sample_db, tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (make test does this)")
    db = tmp_path / "live.duckdb"
    shutil.copyfile(sample_db, db)
    marker, release = tmp_path / "paused", tmp_path / "go on"
    with serve(db) as url, browser() as b:
        page = b.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url)
        wait_idle(page)
        assert loads_committed(page) == "2"  # the extract and the delta
        env = dict(
            os.environ,
            PIPELINES_PAUSE_AT="materialised",
            PIPELINES_PAUSE_MARKER=str(marker),
            PIPELINES_PAUSE_RELEASE=str(release),
        )
        load = subprocess.Popen(
            [sys.executable, "-m", "pipelines", "load", "sample_data/delta", "--db", str(db)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + 120
            while not marker.exists():
                assert load.poll() is None, load.stderr.read().decode()
                assert time.monotonic() < deadline
                time.sleep(0.1)
            page.reload()  # the load holds its new state, uncommitted, in its own file
            wait_idle(page)
            assert loads_committed(page) == "2"
            assert page.locator('[data-testid="stException"]').count() == 0
        finally:
            release.write_text("")
        assert load.wait(120) == 0, load.stderr.read().decode()
        assert loads_committed(page) == "3"  # the same server, no restart
