"""Values from an extract, made safe to show.

Anything an extract carries (an area code, a platform, a file name, a manifest field, an error
message quoting a value) can hold Markdown or HTML. Streamlit renders Markdown in text
elements (an image there makes the browser fetch it; `:red[...]` and `:material/...:` are
directives), and Plotly renders a subset of HTML (`<a href>`, `<b>`, `<br>`) in labels, titles
and hover text. So such values pass through here on their way to the screen:
- `md(value)` for Markdown: every ASCII punctuation character backslash-escaped (CommonMark
  lets any of them be escaped), line breaks flattened, and an invisible word joiner (U+2060)
  put after every `:`, `@` and `www`, because GitHub-flavoured Markdown turns an address
  found in the text into a link after escapes are undone; so it reads as the literal text;
- `plot(value)` for Plotly text: `&`, `<` and `>` as HTML entities, so tags read literally.
Tables (st.dataframe) and widget options show plain text and need neither.
"""

from __future__ import annotations

import html
import re

import pandas as pd

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_AUTOLINK = re.compile(r"(:|@|www)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def md(value) -> str:
    """A value as literal text inside Markdown (no formatting, no link, no image)."""
    text = _AUTOLINK.sub(lambda m: m.group(1) + WORD_JOINER, " ".join(str(value).split()))
    return _PUNCTUATION.sub(r"\\\1", text)


def plot(value):
    """A value as literal text inside a Plotly label (non-text values are left as they are)."""
    return html.escape(value, quote=False) if isinstance(value, str) else value


def plot_frame(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """A copy of a frame with its text in `columns` made literal for Plotly."""
    out = frame.copy()
    for column in dict.fromkeys(c for c in columns if c is not None and c in out.columns):
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(plot)
    return out
