"""The real app in headless Chromium: every page draws, no exception, nothing leaves 127.0.0.1.

Screenshots are saved in test-artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.dashboards import hostile
from tests.dashboards.browser import CHROMIUM, choose_every_area, fetch, serve, visit_all
from tests.dashboards.conftest import visible_titles

pytestmark = pytest.mark.slow
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


CRIME_REF = re.compile(rb"\b42/\d{6}/\d{2}\b")  # the sample force's references


@pytest.fixture(scope="module")
def visits(sample_db):
    """Every page of the app on the committed sample (real geography, so the maps draw), every
    download clicked and every /media/ path the session was sent fetched with no cookie, while
    the session is open and again once the browser is closed."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (make test does this)")
    with serve(sample_db) as url:
        visits = {v.title: v for v in visit_all(url, SHOTS, downloads=True)}
        for visit in visits.values():
            visit.fetched_after = {path: fetch(url + path) for path in sorted(visit.media)}
        return visits


def test_every_page_was_visited(visits):
    assert list(visits) == visible_titles()


@pytest.mark.parametrize("title", visible_titles())
def test_page_draws_without_exception_or_outside_requests(visits, title):
    visit = visits[title]
    assert visit.exceptions == []
    assert visit.external_requests == []
    assert visit.plotly_drawn == visit.plotly_total, "a chart did not draw"
    assert visit.export_buttons == 0, "a table toolbar offers a download (case data must not)"
    assert len(visit.screenshots) == len(visit.parts)  # a page drawn in parts: one for each
    assert all(shot.stat().st_size > 10_000 for shot in visit.screenshots)


TABLES_ONLY = {"Recommendations", "Data quality", "Glossary"}


def test_every_page_but_the_table_pages_draws_a_chart(visits):
    assert {t for t, v in visits.items() if v.plotly_total == 0} == TABLES_ONLY


def test_hotspot_maps_draw_with_no_tile_server(visits):
    """Area shapes and hexagons on MapLibre canvases, with ink on them, and (above) not one
    request beyond 127.0.0.1."""
    hotspots = visits["Hotspots"]
    assert hotspots.map_paths >= 2
    assert hotspots.map_ink > 0.05, hotspots.map_ink


@pytest.mark.parametrize("title", visible_titles())
def test_no_case_level_file_is_reachable_without_the_session(visits, title):
    """Security pass, class 4. Every download on the page was clicked; every /media/ path
    the session was sent, fetched afterwards with no cookie, holds no crime reference (the
    case lists and the meeting pack are handed to the browser inside the page, never stored
    at a URL). Before: the case lists were at /media/ before any click, and stayed there."""
    visit = visits[title]
    for fetched in (visit.fetched, visit.fetched_after):
        leaked = [path for path, body in fetched.items() if body and CRIME_REF.search(body)]
        assert leaked == []


def test_case_level_files_still_reach_the_person_who_asked(visits):
    meeting = visits["Daily meeting"].downloads
    assert {"daily-meeting-pack.html", "daily-meeting-cases.csv"} <= set(meeting)
    assert CRIME_REF.search(meeting["daily-meeting-cases.csv"])
    # aggregate exports still download as files, and reach no crime reference either
    board = visits["Performance board"]
    assert {"stalking-foi.csv", "stalking-foi.xlsx"} <= set(board.downloads)
    # and the stranger's fetch is real: the aggregate exports' addresses answer it
    assert any(board.fetched.values())


@pytest.fixture(scope="module")
def hostile_visits(tmp_path_factory):
    """Every page of the value fuzzer's database (tests/dashboards/hostile.py)."""
    db = hostile.load(tmp_path_factory.mktemp("hostile-browser"))
    with serve(db) as url:
        visits = {v.title: v for v in visit_all(url, marker=hostile.EVIL)}
        # with every area chosen, the area names are in the board's heading
        visits["areas chosen"] = choose_every_area(url, "Performance board", hostile.EVIL)
        return visits


@pytest.mark.parametrize("title", [*visible_titles(), "areas chosen"])
def test_markdown_and_html_in_extract_values_are_never_rendered(hostile_visits, title):
    """Security pass, class 5: with Markdown images and links, HTML tags and directives in
    every text column, no page fetches anything beyond 127.0.0.1 and no link or image points
    where a value said. Before: an area code holding a Markdown image made the browser fetch
    it, and Plotly labels rendered <a> links."""
    visit = hostile_visits[title]
    assert visit.exceptions == []
    assert visit.external_requests == []
    assert visit.marked == 0
