"""Extract values made literal for Markdown and Plotly (dashboards.safe)."""

from __future__ import annotations

import pandas as pd

from dashboards import safe

WJ = safe.WORD_JOINER


def test_markdown_reads_literally():
    assert safe.md("![a](x)") == r"\!\[a\]\(x\)"
    assert safe.md("**bold** :red[x]\n# heading") == rf"\*\*bold\*\* \:{WJ}red\[x\] \# heading"
    assert safe.md("Welwyn Hatfield") == "Welwyn Hatfield"  # ordinary names unchanged


def test_addresses_are_not_turned_into_links():
    """GitHub-flavoured Markdown links an address it finds in text after escapes are undone:
    a word joiner after ':' '@' and 'www' stops it."""
    assert safe.md("http://evil.example") == rf"http\:{WJ}\/\/evil\.example"
    assert safe.md("www.evil.example") == rf"www{WJ}\.evil\.example"
    assert safe.md("a@b.example") == rf"a\@{WJ}b\.example"


def test_plotly_labels_read_literally():
    assert safe.plot("<a href='x'>y</a> & z") == "&lt;a href='x'&gt;y&lt;/a&gt; &amp; z"
    assert safe.plot(12) == 12
    frame = pd.DataFrame({"name": ["<b>x</b>"], "cases": [3]})
    out = safe.plot_frame(frame, ["name", "cases", None])
    assert out.to_dict("records") == [{"name": "&lt;b&gt;x&lt;/b&gt;", "cases": 3}]
    assert frame.loc[0, "name"] == "<b>x</b>"  # the caller's frame is left alone
