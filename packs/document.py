"""A pack as a printed document: its HTML (Jinja2 templates in packs/templates/, every value
escaped), the protective marking and page numbers on every page, and its charts."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import plotly.graph_objects as go
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .render import Renderer

TEMPLATES = Path(__file__).parent / "templates"
MARKING = "OFFICIAL-SENSITIVE"
# Chart sizes on an A4 landscape page (273 mm of width between the margins: about 1,030 px).
WIDE = (1000, 330)
HALF = (495, 300)
LOW = (1000, 270)  # two to a page
PRINT_FONT = dict(family="DejaVu Sans, sans-serif", size=11)

_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass
class Document:
    """A pack ready to print: a template, what it shows, and its charts by id."""

    template: str
    title: str
    running: str  # the footer's words: what the pack is and what it covers
    values: dict = field(default_factory=dict)
    charts: dict[str, go.Figure] = field(default_factory=dict)

    def chart(self, fig: go.Figure, size: tuple[int, int] = WIDE) -> str:
        """Add a figure, sized for the page; its id for the template's <div>."""
        width, height = size
        fig.update_layout(width=width, height=height, font=PRINT_FONT, title_font_size=12)
        cid = f"chart-{len(self.charts) + 1}"
        self.charts[cid] = fig
        return cid

    def html(self) -> tuple[str, str]:
        """(head, body): the style and the document's body."""
        head = "<style>" + (TEMPLATES / "pack.css").read_text(encoding="utf-8") + "</style>"
        body = _environment.get_template(self.template).render(
            marking=MARKING, title=self.title, **self.values
        )
        return head, body

    def pdf(self, renderer: Renderer) -> bytes:
        head, body = self.html()
        return renderer.pdf(
            head, body, self.charts, header=header_template(), footer=footer_template(self.running)
        )


STYLE = "font-family: 'DejaVu Sans', sans-serif; font-size: 8pt; width: 100%; margin: 0 12mm;"


def header_template() -> str:
    """The protective marking, centred at the top of every page."""
    return (
        f'<div style="{STYLE} text-align: center; font-weight: bold; letter-spacing: 0.5pt;">'
        f"{MARKING}</div>"
    )


def footer_template(running: str) -> str:
    """The marking centred at the foot of every page; below it, what the pack is on the left
    and the page number on the right."""
    return (
        f'<div style="{STYLE}">'
        f'<div style="text-align: center; font-weight: bold; letter-spacing: 0.5pt;">{MARKING}'
        "</div>"
        '<div style="display: flex; justify-content: space-between;">'
        f"<span>{html.escape(running)}</span>"
        '<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span>'
        "</div></div>"
    )
