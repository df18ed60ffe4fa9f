"""UI benchmark (make bench-ui): how long each page takes to answer in a real browser.

    python -m tools.bench_ui [--db data/stalking.duckdb] [--runs 3] [--page TITLE ...]

Serves the app on a free port, and for every page of the navigation times, in Debian's
headless Chromium:
- cold: a new browser session opening the page's address (from the start of navigation, by
  the page's own clock) until the script has finished and every chart has drawn (the
  server warm: one session has already opened it);
- filter: choosing an area in the sidebar, from the press of the option (after Playwright's
  own checks) until the rerun has finished and every chart has drawn: a different area each
  run, on a server of the page's own, so the page's queries run as for a new choice;
- again: the first run's area chosen again in a new session: its results come from the cache;
and prints the median of --runs runs per page (--runs at most the number of areas). A page
drawn in parts (widgets.sections) is timed as it opens (its first part), then each further
part opened by its address, as "page: part". A benchmark, not a test: nothing here fails a
build. Goal (issue 15): a filter change within 1 s on the sample, 2 s at 1 M crimes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from dashboards import navigation
from tests.dashboards.browser import IDLE, TABS, browser, serve

ROOT = Path(__file__).resolve().parents[1]
# Installed in every page before its scripts run: every change of the app's script state
# (running / notRunning) with its moment, and the moment of the last pointer press, so the
# time is measured in the page itself, from the click to the last chart drawn.
WATCH = """
window.__states = [];
window.__pressed = null;
addEventListener('pointerdown', e => { window.__pressed = performance.now(); }, true);
new MutationObserver(records => {
  for (const r of records) {
    const state = r.target.getAttribute && r.target.getAttribute('data-test-script-state');
    if (r.attributeName === 'data-test-script-state' && r.target.dataset.testid === 'stApp')
      window.__states.push(state);
  }
}).observe(document, {attributes: true, subtree: true,
                      attributeFilter: ['data-test-script-state']});
"""
# Resolves with performance.now() at the first frame where a rerun begun after `seen` states
# has finished and every Plotly chart on the page has drawn, then two more frames (React's
# commit and Plotly's redraw of a chart that was already there).
SETTLED = """async ([seen, timeout]) => {
  const frame = () => new Promise(r => requestAnimationFrame(r));
  const app = () => document.querySelector('[data-testid="stApp"]');
  const done = () => {
    const states = window.__states.slice(seen);
    // a new page: its first run's change of state (to running, or to notRunning when the
    // app appears already running); the app's state before any run is no answer
    const ran = seen === 0 ? states.length > 0 : states.includes('running');
    return ran && app() && app().getAttribute('data-test-script-state') === 'notRunning'
      && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
           .every(c => c.querySelector('.main-svg'));
  };
  const until = performance.now() + timeout;
  const wait = async () => {
    while (!done()) {
      if (performance.now() > until) {
        const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
        const undrawn = charts.filter(c => !c.querySelector('.main-svg')).length;
        throw new Error(`not settled: states ${window.__states}, ${undrawn} of ` +
                        `${charts.length} charts not drawn`);
      }
      await frame();
    }
  };
  await wait();
  await frame(); await frame();
  await wait();
  return performance.now();
}"""


def settled(page, seen: int = 0, timeout: float = 60_000) -> float:
    """Wait until a rerun begun after the page's first `seen` script-state changes has finished
    and every Plotly chart has drawn; the page's clock (performance.now(), ms) at that frame.
    Nothing is waited for on a timer: a rerun missed by polling is still in the record."""
    return page.evaluate(SETTLED, [seen, timeout])


def new_page(b):
    context = b.new_context(viewport={"width": 1600, "height": 1000})
    context.add_init_script(WATCH)
    return context, context.new_page()


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


def with_parts(b, found: dict[str, str]) -> dict[str, str]:
    """The pages' addresses with, after a page drawn in parts (widgets.sections), the address
    of each of its further parts (titled "page: part"): each is timed like a page."""
    out = {}
    for title, address in found.items():
        out[title] = address
        key = navigation.page(title).parts
        if key is None:
            continue
        page = b.new_page()
        page.goto(address)
        page.wait_for_selector(IDLE)
        tabs = page.locator(TABS)
        labels = [tabs.nth(k).inner_text().strip() for k in range(1, tabs.count())]
        page.close()
        for label in labels:
            out[f"{title}: {label}"] = f"{address}{'&' if '?' in address else '?'}" + urlencode(
                {key: label}
            )
    return out


def cold(b, address: str) -> float:
    """Seconds for a new session to open the page and draw it."""
    context, page = new_page(b)
    page.goto(address)
    drawn = settled(page)
    # from the start of navigation (the page's clock starts there) to the last chart drawn
    seconds = drawn / 1000
    context.close()
    return seconds


def filter_change(b, address: str, option: int = 0, timeout: float = 30_000) -> float | None:
    """Seconds from choosing one area (the option-th) in the sidebar to the page settled; None
    (and why, with a screenshot in /tmp) when it did not settle within the timeout."""
    context, page = new_page(b)
    page.goto(address)
    settled(page)
    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"] input').click()
    options = page.locator('[role="option"]').filter(has_not_text="Select all")
    chosen = options.nth(option % options.count())
    chosen.hover()  # Playwright's checks (visible, stable, scrolled) before the clock starts
    seen = page.evaluate("window.__states.length")
    chosen.click()
    try:
        drawn = settled(page, seen, timeout)
    except Exception as failed:  # noqa: BLE001 - reported, and the run left out of the median
        shot = Path(tempfile.mkstemp(prefix="bench-ui-", suffix=".png")[1])
        page.screenshot(path=str(shot), full_page=True)
        print(f"  {address}: {str(failed).splitlines()[0]} ({shot})", file=sys.stderr)
        context.close()
        return None
    seconds = (drawn - page.evaluate("window.__pressed")) / 1000  # the press to the last chart
    context.close()
    return seconds


def median(values: list[float | None]) -> str:
    """The median of the runs that settled, and how many did not."""
    done = [v for v in values if v is not None]
    text = f"{statistics.median(done):.2f}" if done else "-"
    return text + (f" ({len(values) - len(done)} unsettled)" if len(done) < len(values) else "")


def main(argv=None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--db", type=Path, default=ROOT / "data" / "stalking.duckdb")
    args.add_argument("--runs", type=int, default=3)
    args.add_argument(
        "--page", action="append", help="only this page (its title; may be given again)"
    )
    opts = args.parse_args(argv)
    print(f"{'page':<45}{'cold s':>9}{'filter s':>10}{'again s':>9}")
    with browser() as b:
        with serve(opts.db.resolve()) as url:
            # each page's and part's address past the server's own (found once)
            paths = {t: a.removeprefix(url) for t, a in with_parts(b, addresses(b, url)).items()}
        titles = [t for t in paths if not opts.page or t.split(": ")[0] in opts.page]
        for title in titles:
            # a server of its own per page: its caches hold no earlier page's areas, so each
            # run's area is new to it and the page's queries run (filter), then one chosen
            # before, its results cached (again)
            with serve(opts.db.resolve()) as url:
                address = url + paths[title]
                cold(b, address)  # warm the server's caches for this page once
                colds = [cold(b, address) for _ in range(opts.runs)]
                firsts = [filter_change(b, address, option=i) for i in range(opts.runs)]
                agains = [filter_change(b, address, option=0) for _ in range(opts.runs)]
            print(
                f"{title:<45}{statistics.median(colds):>9.2f}{median(firsts):>10}"
                f"{median(agains):>9}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
