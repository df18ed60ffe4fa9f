"""UI benchmark (make bench-ui): how long each page takes to answer in a real browser.

    python -m tools.bench_ui [--db data/stalking.duckdb] [--runs 3]

Serves the app on a free port, and for every page of the navigation times, in Debian's
headless Chromium:
- cold: a new browser session opening the page's address until the script has finished and
  every chart has drawn (the server warm: one session has already opened it);
- filter: choosing an area in the sidebar until the page has settled again;
and prints the median of --runs runs per page. A benchmark, not a test: nothing here fails a
build. Goal (issue 15): a filter change within 1 s on the sample, 2 s at 1 M crimes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from tests.dashboards.browser import IDLE, browser, serve

ROOT = Path(__file__).resolve().parents[1]
RUNNING = '[data-testid="stApp"][data-test-script-state="running"]'


def settled(page, timeout: float = 60_000) -> None:
    """Wait until a rerun has started and finished and every Plotly chart has drawn."""
    try:
        page.wait_for_selector(RUNNING, timeout=1_500)
    except Exception:  # noqa: BLE001 - a rerun that finished before we looked
        pass
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                 .every(c => c.querySelector('.main-svg'))""",
        timeout=timeout,
    )


def addresses(b, url: str) -> dict[str, str]:
    """Each page's address, as the sidebar links to it (the first page is the root)."""
    page = b.new_page()
    page.goto(url)
    page.wait_for_selector(IDLE)
    links = page.locator('[data-testid="stSidebarNav"] a')
    found = {
        links.nth(i).inner_text().strip().splitlines()[-1].strip(): links.nth(i).get_attribute(
            "href"
        )
        for i in range(links.count())
    }
    page.close()
    return found


def cold(b, address: str) -> float:
    """Seconds for a new session to open the page and draw it."""
    context = b.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(address)
    settled(page)
    seconds = time.perf_counter() - start
    context.close()
    return seconds


def filter_change(b, address: str) -> float:
    """Seconds from choosing one more area in the sidebar to the page settled again."""
    context = b.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.goto(address)
    settled(page)
    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"] input').click()
    option = page.locator('[role="option"]').filter(has_not_text="Select all").first
    start = time.perf_counter()
    option.click()
    settled(page)
    seconds = time.perf_counter() - start
    context.close()
    return seconds


def main(argv=None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--db", type=Path, default=ROOT / "data" / "stalking.duckdb")
    args.add_argument("--runs", type=int, default=3)
    opts = args.parse_args(argv)
    print(f"{'page':<30}{'cold s':>9}{'filter s':>10}")
    with serve(opts.db.resolve()) as url, browser() as b:
        for title, address in addresses(b, url).items():
            cold(b, address)  # warm the server's caches for this page once
            colds = [cold(b, address) for _ in range(opts.runs)]
            changes = [filter_change(b, address) for _ in range(opts.runs)]
            print(
                f"{title:<30}{statistics.median(colds):>9.2f}{statistics.median(changes):>10.2f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
