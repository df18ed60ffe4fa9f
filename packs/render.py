"""HTML to PDF through Debian's chromium (Playwright), with nothing leaving the machine.

One browser and one page for a whole run (`send` renders every recipient's pack in it): the
page loads plotly.js once, inlined from the installed plotly package (no CDN), and each pack
replaces the page's body, draws its charts with Plotly (the same figures the screen draws,
from dashboards.charts), each as one SVG in its place, then prints it. Every request the page makes is
recorded and refused unless it is the page's own (data:, about:, blob:); a pack whose page
asked for anything else is not printed (RenderRefused). The browser context is offline too.

Never downloads a browser: it needs /usr/bin/chromium (apt-get install chromium).
"""

from __future__ import annotations

import json
from pathlib import Path

import plotly
import plotly.graph_objects as go

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL = ("data:", "about:", "blob:")
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
CHART_CONFIG = {"staticPlot": True, "displayModeBar": False}
MARGIN = {"top": "18mm", "bottom": "16mm", "left": "12mm", "right": "12mm"}
# Each chart drawn off the page, then put in its place as one SVG: Plotly's own page layers
# (absolutely placed, one over another) would be split across pages when printed.
DRAW = """async (charts) => {
    for (const c of charts) {
        const scratch = document.createElement("div");
        document.body.appendChild(scratch);
        await Plotly.newPlot(scratch, c.figure.data, c.figure.layout, c.config);
        const url = await Plotly.toImage(scratch, {format: "svg",
            width: c.figure.layout.width, height: c.figure.layout.height});
        Plotly.purge(scratch);
        scratch.remove();
        document.getElementById(c.id).innerHTML =
            decodeURIComponent(url.slice(url.indexOf(",") + 1));
    }
    await document.fonts.ready;
    return charts.length;
}"""


class RenderRefused(Exception):
    """The page asked for something outside the machine (or the browser cannot be started)."""


class Renderer:
    """Prints HTML to PDF; one browser for all the packs of a run. Use as a context manager."""

    def __init__(self, executable: str = CHROMIUM):
        self.executable = executable
        self.requests: list[str] = []  # every request the page tried that was not its own
        self.launches = 0  # browsers started (one per run)
        self._playwright = self._browser = self._page = None

    def __enter__(self) -> Renderer:
        return self

    def start(self) -> None:
        """Start the browser and load plotly.js into its page (done at the first PDF, so a run
        that makes only DOCX files never starts one)."""
        from playwright.sync_api import Error, sync_playwright

        if not Path(self.executable).exists():
            raise RenderRefused(f"no browser at {self.executable}: apt-get install chromium")
        self.launches += 1
        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=self.executable, args=FLAGS, headless=True
            )
            context = self._browser.new_context(offline=True)
            context.route("**/*", self._guard)
            self._page = context.new_page()
            self._page.on("request", self._note)
            self._page.set_content(
                "<!doctype html><html><head><meta charset='utf-8'>"
                f"<script>{PLOTLY_JS.read_text(encoding='utf-8')}</script></head><body></body></html>"
            )
        except Error as e:
            self.__exit__(None, None, None)
            raise RenderRefused(f"the browser could not start: {str(e).splitlines()[0]}") from None

    def __exit__(self, *exc) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()
        self._playwright = self._browser = self._page = None

    def _note(self, request) -> None:
        if not request.url.startswith(LOCAL):
            self.requests.append(request.url)

    def _guard(self, route) -> None:
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort("blockedbyclient")

    def pdf(
        self,
        head: str,
        body: str,
        charts: dict[str, go.Figure],
        *,
        header: str,
        footer: str,
    ) -> bytes:
        """The PDF of a document: head (its <style>), body (HTML holding a <div id=...> for
        each chart), the charts by id, and the header and footer templates printed on every
        page (Chromium fills <span class="pageNumber"> and <span class="totalPages">)."""
        if self._page is None:
            self.start()
        self.requests.clear()
        page = self._page
        page.evaluate(
            "([head, body]) => { document.head.querySelectorAll('style').forEach(s => s.remove());"
            " document.head.insertAdjacentHTML('beforeend', head); document.body.innerHTML = body; }",
            [head, body],
        )
        page.evaluate(
            DRAW,
            [
                {"id": cid, "figure": json.loads(fig.to_json()), "config": CHART_CONFIG}
                for cid, fig in charts.items()
            ],
        )
        if self.requests:
            raise RenderRefused(
                "the pack asked for something outside the machine and was not printed: "
                + ", ".join(self.requests[:3])
            )
        printed = page.pdf(
            format="A4",
            landscape=True,
            print_background=True,
            display_header_footer=True,
            header_template=header,
            footer_template=footer,
            margin=MARGIN,
            prefer_css_page_size=False,
        )
        if self.requests:
            raise RenderRefused("the pack asked for something outside the machine while printing")
        return printed
