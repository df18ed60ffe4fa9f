"""Pack fixtures: the committed sample with the real 2017/18 national table loaded, one browser
for every rendering test, and reading a PDF's text back."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from packs.render import Renderer
from pipelines.context import load_context
from pipelines.reference import DEFAULT_DIR

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "packs"
NATIONAL = DEFAULT_DIR / "national" / "prc-pfa-201718-excerpt.csv"


@pytest.fixture(scope="session")
def packs_db(sample_db, tmp_path_factory) -> Path:
    """The sample (extract and delta, as at 21 Nov 2026) with the Home Office's 2017/18 table."""
    db = tmp_path_factory.mktemp("packs") / "sample.duckdb"
    shutil.copyfile(sample_db, db)
    load_context(NATIONAL, db)
    return db


@pytest.fixture(scope="module")
def renderer():
    """One browser for a module's rendering tests. Not one per session: a Playwright sync
    browser left open keeps its event loop running, and a later module's own browser (the
    dashboards' tests run beside these under pytest-xdist) would then refuse to start."""
    with Renderer() as shared:
        yield shared


def pages(pdf: bytes) -> list[str]:
    """Each page's text, ligatures undone and white space made single."""
    import io

    from pypdf import PdfReader

    texts = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    return [re.sub(r"\s+", " ", unicodedata.normalize("NFKC", t)) for t in texts]


def keep(pdf: bytes, name: str) -> Path:
    """Keep a PDF the tests made under test-artifacts/packs/ (git-ignored) to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    path.write_bytes(pdf)
    return path
