"""Drive the real app in Debian's headless Chromium: start it, visit pages, screenshot.

    python -m tests.dashboards.browser --db data/stalking.duckdb --out test-artifacts/shots

Used by tests/dashboards/test_browser.py and by hand, to look at every page.
Never downloads a browser: it needs /usr/bin/chromium (apt-get install chromium).
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from packs.render import CHROMIUM, FLAGS  # one browser, started one way, for packs and tests

ROOT = Path(__file__).resolve().parents[2]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# Aggregate exports (Streamlit's download buttons) and case-level files made when asked.
DOWNLOADS = '[data-testid="stDownloadButton"] button, [class*="st-key-deliver-"] button'
MEDIA = re.compile(rb"/media/[0-9a-f]{16,}\.[a-z0-9]+")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(db: Path, port: int | None = None, env: dict | None = None, args: tuple = ()):
    """Run `streamlit run app.py` on 127.0.0.1 for the duration; yield its base URL.

    env and args add environment variables and command-line options (e.g. a secrets file)."""
    port = port or free_port()
    env = dict(os.environ, STALKING_DB=str(db), **(env or {}))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            *args,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                out = process.stdout.read().decode(errors="replace") if process.stdout else ""
                raise RuntimeError(f"streamlit did not start:\n{out}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


@dataclass
class Visit:
    """What a page showed (over all its parts): exceptions, charts drawn, requests that left
    127.0.0.1."""

    title: str
    exceptions: list[str] = field(default_factory=list)
    plotly_drawn: int = 0
    plotly_total: int = 0
    map_paths: int = 0
    map_ink: float = 0.0  # share of the first map's pixels that are not background
    tables: int = 0
    export_buttons: int = 0  # download controls in table toolbars: must be none
    external_requests: list[str] = field(default_factory=list)
    screenshots: list[Path] = field(default_factory=list)  # the page's, one per part
    parts: list[str] = field(default_factory=list)  # the labels of its parts ("" when whole)
    downloads: dict[str, bytes] = field(default_factory=dict)  # file name -> content
    media: set[str] = field(default_factory=set)  # every /media/ path the session was sent
    fetched: dict[str, bytes | None] = field(default_factory=dict)  # each, fetched cookie-less
    marked: int = 0  # elements whose link or source holds the marker visit_all was given


@contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def wait_idle(page, timeout: float = 60_000) -> None:
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_timeout(400)
    page.wait_for_selector(IDLE, timeout=timeout)


def page_titles(page) -> list[str]:
    """The navigation's page titles, read from the sidebar."""
    links = page.locator('[data-testid="stSidebarNav"] a')
    return [
        links.nth(i).inner_text().strip().splitlines()[-1].strip() for i in range(links.count())
    ]


def ink(element) -> float:
    """The share of an element's screenshot that is not near-white: a drawn map has shapes."""
    import io

    from PIL import Image

    histogram = Image.open(io.BytesIO(element.screenshot())).convert("L").histogram()
    return sum(histogram[:235]) / sum(histogram)


def table_export_buttons(page) -> tuple[int, int]:
    """(tables on the page, download buttons their toolbars offer when hovered)."""
    tables = page.locator('[data-testid="stDataFrame"]')
    found = 0
    for i in range(tables.count()):
        if not tables.nth(i).is_visible():
            continue
        tables.nth(i).hover()
        page.wait_for_timeout(150)
        found += page.locator(
            '[data-testid="stElementToolbar"] button[aria-label*="ownload"]'
        ).count()
    return tables.count(), found


def choose_every_area(url: str, title: str, marker: str) -> Visit:
    """Open a page, choose every area in the sidebar's filter (their names go into the page's
    text), and record what left 127.0.0.1 and what points at the marker."""
    visit = Visit(title)
    with browser() as b:
        page = b.new_context(viewport={"width": 1600, "height": 1000}).new_page()
        page.on(
            "request",
            lambda r: (
                None
                if r.url.startswith((url, "data:", "blob:", "about:"))
                else visit.external_requests.append(r.url)
            ),
        )
        page.goto(url)
        wait_idle(page)
        page.locator('[data-testid="stSidebarNav"] a', has_text=title).click()
        wait_idle(page)
        page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"] input').click()
        page.locator('[role="option"]', has_text="Select all").click()
        wait_idle(page)
        page.keyboard.press("Escape")
        wait_idle(page)
        visit.exceptions = [
            e.inner_text() for e in page.locator('[data-testid="stException"]').all()
        ]
        visit.marked = sum(marked(frame, marker) for frame in page.frames)
    return visit


def click_downloads(page) -> dict[str, bytes]:
    """Click every download button on the page; each file's content by name."""
    found = {}
    for i in range(page.locator(DOWNLOADS).count()):
        with page.expect_download() as event:
            page.locator(DOWNLOADS).nth(i).click()
        found[event.value.suggested_filename] = Path(event.value.path()).read_bytes()
        wait_idle(page)
    return found


MARKED = """marker => Array.from(document.querySelectorAll('*')).filter(e =>
    Array.from(e.attributes).some(a => {
        if (!(a.name.endsWith('href') || a.name === 'src') || !a.value.includes(marker))
            return false;
        try {  // the app's own page with the value in its query string leads nowhere else
            const to = new URL(a.value, document.baseURI);
            return to.origin !== location.origin || (to.pathname + to.hash).includes(marker);
        } catch (error) { return true; }
    })).length"""


def marked(frame, marker: str) -> int:
    """Elements of a frame (HTML or SVG: href, xlink:href, src) whose address holds marker and
    leads off the app: another origin, or the marker outside the app's own query string (a
    link to one of the app's pages may carry an extract's value, encoded, as a parameter)."""
    return frame.evaluate(MARKED, marker)


def fetch(url: str) -> bytes | None:
    """A URL's body as a stranger gets it (no cookie, no session), or None when refused."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read()
    except urllib.error.HTTPError:
        return None


def watch_media(page, seen: set[str]) -> None:
    """Note every /media/ path in what the server sends the session (its WebSocket messages)
    or the page asks for."""

    def frames(ws):
        ws.on(
            "framereceived",
            lambda payload: seen.update(
                m.decode()
                for m in MEDIA.findall(payload if isinstance(payload, bytes) else payload.encode())
            ),
        )

    page.on("websocket", frames)
    page.on("request", lambda r: seen.update(m.decode() for m in MEDIA.findall(r.url.encode())))


TABS = '[data-testid="stMain"] [data-testid="stTab"]'


def each_part(page) -> Iterator[str | None]:
    """Each part of the page shown (a page drawn in parts, widgets.sections: only the open tab
    is drawn): None for the page as it opened (its first part, or the whole page), then each
    further tab's label once it is clicked and its rerun has finished."""
    yield None
    tabs = page.locator(TABS)
    for k in range(1, tabs.count()):
        label = tabs.nth(k).inner_text().strip()
        tabs.nth(k).click()
        wait_idle(page)
        yield label


def record(
    page,
    visit: Visit,
    external: list[str],
    width: int,
    shot: Path | None,
    marker: str | None,
    downloads: bool,
) -> None:
    """Add what the page shows now (a page, or one part of it) to its visit, with the requests
    beyond 127.0.0.1 made since the last (taken from external); screenshot it to shot."""
    visit.exceptions += [e.inner_text() for e in page.locator('[data-testid="stException"]').all()]
    charts = page.locator('[data-testid="stPlotlyChart"]')
    total = charts.count()
    visit.plotly_total += total
    visit.plotly_drawn += sum(1 for i in range(total) if charts.nth(i).locator(".main-svg").count())
    paths = page.locator(
        '[data-testid="stPlotlyChart"] .maplibregl-canvas, '
        '[data-testid="stPlotlyChart"] path.choroplethlocation'
    ).count()
    if paths and not visit.map_paths:
        visit.map_ink = ink(charts.filter(has=page.locator(".maplibregl-canvas")).first)
    visit.map_paths += paths
    tables, export_buttons = table_export_buttons(page)
    visit.tables += tables
    visit.export_buttons += export_buttons
    visit.external_requests += external
    external.clear()
    if shot:
        shot.parent.mkdir(parents=True, exist_ok=True)
        # Streamlit scrolls inside its main container: grow the window to fit it.
        tall = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        page.set_viewport_size({"width": width, "height": max(1000, int(tall))})
        page.wait_for_timeout(500)
        page.screenshot(path=str(shot), full_page=True)
        page.set_viewport_size({"width": width, "height": 1000})
        visit.screenshots.append(shot)
    if marker:
        visit.marked += sum(marked(frame, marker) for frame in page.frames)
    if downloads:
        visit.downloads.update(click_downloads(page))


def visit_all(
    url: str,
    out: Path | None = None,
    width: int = 1600,
    downloads: bool = False,
    marker: str | None = None,
) -> list[Visit]:
    """Open every page of the navigation, and every part of a page drawn in parts (its tabs:
    only the open part is drawn); record what each showed, summed over the page's parts, and
    screenshot each (with downloads, click every download button and keep the files; with a
    marker, count the links and images, in the page or its frames, whose address holds it)."""
    visits = []
    with browser() as b:
        context = b.new_context(viewport={"width": width, "height": 1000}, accept_downloads=True)
        page = context.new_page()
        media: set[str] = set()
        watch_media(page, media)
        external: list[str] = []
        page.on(
            "request",
            lambda r: (
                None
                if r.url.startswith((url, "data:", "blob:", "about:"))
                else external.append(r.url)
            ),
        )
        page.goto(url)
        wait_idle(page)
        titles = page_titles(page)
        for i, title in enumerate(titles):
            media.clear()
            external.clear()
            page.locator('[data-testid="stSidebarNav"] a').nth(i).click()
            visit = Visit(title)
            wait_idle(page)
            for part in each_part(page):
                page.wait_for_timeout(800)  # let plotly finish drawing
                name = title if part is None else f"{title} {part}"
                shot = out / (re.sub(r"[^a-z0-9]+", "-", name.lower()) + ".png") if out else None
                record(page, visit, external, width, shot, marker, downloads)
                visit.parts.append(part or "")
            visit.media = set(media)
            # while the session is open: a stranger with the address, no cookie, no session
            visit.fetched = {path: fetch(url + path) for path in sorted(visit.media)}
            visits.append(visit)
        context.close()
    return visits


def main(argv=None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--db", type=Path, default=ROOT / "data" / "stalking.duckdb")
    args.add_argument("--out", type=Path, default=ROOT / "test-artifacts" / "screenshots")
    args.add_argument("--width", type=int, default=1600)
    opts = args.parse_args(argv)
    with serve(opts.db.resolve()) as url:
        for v in visit_all(url, opts.out, opts.width):
            print(
                f"{v.title:<30} charts {v.plotly_drawn}/{v.plotly_total} "
                f"exceptions {len(v.exceptions)} external {len(v.external_requests)} "
                f"-> {', '.join(map(str, v.screenshots))}"
            )
            for e in v.exceptions:
                print("   EXCEPTION:", e[:300])
            for r in v.external_requests[:5]:
                print("   EXTERNAL:", r)
    return 0


if __name__ == "__main__":
    sys.exit(main())
