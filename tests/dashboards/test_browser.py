"""The real app in headless Chromium: every page draws, no exception, nothing leaves 127.0.0.1.

Screenshots are saved in test-artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dashboards.browser import CHROMIUM, serve, visit_all
from tests.dashboards.conftest import page_titles

pytestmark = pytest.mark.slow
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="module")
def visits(sample_db):
    """Every page of the app on the committed sample (real geography, so the maps draw)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (make test does this)")
    with serve(sample_db) as url:
        return {v.title: v for v in visit_all(url, SHOTS)}


def test_every_page_was_visited(visits):
    assert list(visits) == page_titles()


@pytest.mark.parametrize("title", page_titles())
def test_page_draws_without_exception_or_outside_requests(visits, title):
    visit = visits[title]
    assert visit.exceptions == []
    assert visit.external_requests == []
    assert visit.plotly_drawn == visit.plotly_total, "a chart did not draw"
    assert visit.export_buttons == 0, "a table toolbar offers a download (case data must not)"
    assert visit.screenshot and visit.screenshot.stat().st_size > 10_000


TABLES_ONLY = {"Recommendations", "Data quality"}


def test_every_page_but_the_table_pages_draws_a_chart(visits):
    assert {t for t, v in visits.items() if v.plotly_total == 0} == TABLES_ONLY


def test_hotspot_maps_draw_with_no_tile_server(visits):
    """Area shapes and hexagons on MapLibre canvases, with ink on them, and (above) not one
    request beyond 127.0.0.1."""
    hotspots = visits["Hotspots"]
    assert hotspots.map_paths >= 2
    assert hotspots.map_ink > 0.05, hotspots.map_ink
