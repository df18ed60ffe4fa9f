"""Layers point one way (architecture.md): the query layer never imports the loader, the
pages or Streamlit, at import time or inside a function; the pages import neither the loader
nor the sample generator. (tests/pipelines/test_layers.py holds the loader's side.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pipelines.test_layers import imported

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {
    "queries": {"pipelines", "dashboards", "sample_data", "streamlit", "tools"},
    "dashboards": {"pipelines", "sample_data", "tools"},
}


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_above_it(layer):
    for path in sorted((ROOT / layer).glob("*.py")):
        assert not imported(path) & FORBIDDEN[layer], path.name


def test_the_app_imports_neither_the_loader_nor_the_generator():
    assert not imported(ROOT / "app.py") & {"pipelines", "sample_data", "tools"}
