"""Write the generated parts of the docs from the SQL headers: the table of objects in
docs/sql.md and the measure catalogue in docs/measures.md (between their marker comments).

    python -m tools.regen_docs

tests/queries/test_docs.py fails until the committed docs match what this writes.
"""

from __future__ import annotations

from pathlib import Path

from queries import catalogue, headers

ROOT = Path(__file__).resolve().parents[1]
PARTS = (
    ("docs/sql.md", "<!-- objects:start -->\n", "<!-- objects:end -->", headers.markdown),
    (
        "docs/measures.md",
        "<!-- catalogue:start -->\n",
        "<!-- catalogue:end -->",
        catalogue.markdown,
    ),
)


def main() -> None:
    for name, start, end, text in PARTS:
        path = ROOT / name
        before, rest = path.read_text().split(start)
        _, after = rest.split(end)
        path.write_text(before + start + text() + end + after)
        print(f"wrote {name}")


if __name__ == "__main__":
    main()
