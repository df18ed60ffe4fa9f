"""The self-describing headers of the SQL files in queries/sql/.

Every file opens with comment lines: the first names the object and says what it is
(`-- int_cases: one row per stalking case ...`, or `-- measure: spo_considered` for a measure),
then prose, and `-- key: value` lines the code reads:

- grain: the columns that identify a row of a table or view (`crime_ref`, or
  `month, area_code, online`), or `one row`; the unique-key audit is generated from it;
- measure, label, numerator, denominator, unit, recommendation, target, direction, requires,
  caveats, theme, order: a measure's definition (queries.catalogue reads them);
- params: the bound parameters of an api_* query.

Headers are for developers and generate the docs (docs/measures.md, docs/sql.md); pages show
the catalogue's words, never a header.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType

SQL_DIR = Path(__file__).parent / "sql"

KEYS = (
    "grain",
    "params",
    "measure",
    "label",
    "numerator",
    "denominator",
    "unit",
    "recommendation",
    "target",
    "direction",
    "requires",
    "caveats",
    "theme",
    "order",
    "help",
)
# A file's layer, read from its name's prefix (a reader sees the layering from the file list).
LAYERS = {
    "fn_": "macro",
    "stg_": "staging",
    "int_": "intermediate",
    "msr_": "measure",
    "measure_": "measures",
    "brk_": "breakdown",
    "dmm_": "daily meeting",
    "screening_": "screening",
    "foi_": "breakdown",
    "dq_": "data quality",
    "audit_": "audit",
    "api_": "query",
}


@dataclass(frozen=True)
class Header:
    name: str
    description: str
    keys: dict[str, str] = field(default_factory=dict)

    @property
    def grain(self) -> tuple[str, ...] | None:
        """The grain's columns; () for `one row`; None when the header has no grain."""
        text = self.keys.get("grain")
        if text is None:
            return None
        if text == "one row":
            return ()
        return tuple(c.strip() for c in text.split(","))

    @property
    def layer(self) -> str:
        return next((layer for p, layer in LAYERS.items() if self.name.startswith(p)), "other")


def parse(name: str, text: str) -> Header:
    """The header of one SQL file: its description and its `-- key: value` lines."""
    description: list[str] = []
    keys: dict[str, list[str]] = {}
    current: list[str] = description  # a key's value runs on over the lines after it
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        body = line[2:].strip()
        match = re.match(r"([a-z_]+):\s*(.*)$", body)
        if match and match.group(1) in KEYS:
            current = keys[match.group(1)] = [match.group(2).strip()]
            continue
        if match and match.group(1) == name and not description:
            description.append(match.group(2).strip())
            continue
        current.append(body)
    values = {key: " ".join(p for p in parts if p) for key, parts in keys.items()}
    return Header(name, " ".join(d for d in description if d), values)


@cache
def sql_files() -> dict[str, str]:
    """Every SQL file's name (its object's name) and text, in name order."""
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(SQL_DIR.glob("*.sql"))}


@cache
def headers() -> Mapping[str, Header]:
    """Every SQL file's header, parsed once (the pages ask for them on every rerun: parsing
    the 130 files each time cost about 70 ms of a Performance board rerun, issue 15)."""
    return MappingProxyType({name: parse(name, text) for name, text in sql_files().items()})


def markdown() -> str:
    """docs/sql.md's table of every SQL file: layer, grain and what it is (python -m
    queries.headers)."""
    rows = ["| file | layer | grain | what it is |", "|---|---|---|---|"]
    for name, h in headers().items():
        what = h.description or h.keys.get("label", "")
        grain = h.keys.get("grain", "—")
        cell = what.replace("|", "\\|")
        rows.append(f"| `{name}` | {h.layer} | {grain} | {cell} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
