"""Layers point one way: the loader never imports the query layer or the pages (only its
command line composes loading with building), and common/ imports none of them."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported(path: Path) -> set[str]:
    """The top-level packages a module imports (relative imports aside)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_loader_imports_no_query_layer_except_its_command_line():
    for path in sorted((ROOT / "pipelines").glob("*.py")):
        allowed = {"queries"} if path.name == "__main__.py" else set()
        assert not (imported(path) & {"queries", "dashboards"}) - allowed, path.name


def test_common_imports_no_layer():
    for path in sorted((ROOT / "common").glob("*.py")):
        assert not imported(path) & {"pipelines", "queries", "dashboards", "streamlit"}, path.name


def test_the_query_layer_imports_no_loader():
    for path in sorted((ROOT / "queries").rglob("*.py")):
        assert "pipelines" not in imported(path), path.relative_to(ROOT)
