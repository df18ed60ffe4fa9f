"""Rendering prints with nothing leaving the machine: plotly.js is inlined from the installed
package, every request the page makes that is not its own is refused and recorded, and a
pack whose page asked for one is not printed."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from packs.document import Document, footer_template
from packs.render import PLOTLY_JS, RenderRefused


def test_a_pack_renders_with_no_request_outside(renderer, packs_db):
    """The board pack of the other tests rendered with this renderer; here a small document
    with a chart: no request was made, and the chart was drawn (its title is text)."""
    doc = Document("npcc.html.j2", "t", "running")
    fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))
    fig.update_layout(title="A drawn chart")
    head = "<style>body { font-family: sans-serif; }</style>"
    body = f'<div id="{doc.chart(fig)}"></div><p>Text</p>'
    pdf = renderer.pdf(head, body, doc.charts, header="<span></span>", footer=footer_template("x"))
    assert pdf.startswith(b"%PDF") and renderer.requests == []
    from tests.packs.conftest import pages

    assert "A drawn chart" in pages(pdf)[0]
    assert PLOTLY_JS.exists() and "cdn" not in PLOTLY_JS.name


@pytest.mark.parametrize(
    "planted",
    [
        '<img src="http://198.51.100.7/pixel.png">',
        '<link rel="stylesheet" href="https://fonts.example.net/font.css">',
    ],
)
def test_a_page_asking_for_anything_outside_is_not_printed(renderer, planted):
    with pytest.raises(RenderRefused, match="outside the machine"):
        renderer.pdf("<style></style>", f"<p>x</p>{planted}", {}, header="", footer="")
    assert renderer.requests and not renderer.requests[0].startswith(("data:", "about:"))


def test_values_are_escaped_in_the_html():
    """A value holding HTML reads as text: it never becomes an element that could fetch."""
    doc = Document("npcc.html.j2", "t", "<img src=http://x>")
    assert "&lt;img" in footer_template(doc.running)
