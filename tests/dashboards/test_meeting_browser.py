"""The daily meeting in a real browser: record a decision on the Daily meeting page, reload,
see the case move to "in hand", load the sample delta (a swap of the database file while the
app serves), and see the decision stay."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.dashboards.browser import CHROMIUM, browser, serve, wait_idle

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def extract_only(tmp_path):
    """The committed sample's full extract alone (the delta comes later, in the test)."""
    from pipelines.__main__ import load_extract

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (make test does this)")
    db = tmp_path / "meeting.duckdb"
    load_extract(ROOT / "sample_data" / "extract", db)
    return db


def case_box(page):
    """The combobox of the case to decide on, scrolled into view (elements below the fold
    are drawn when they come into view)."""
    page.locator('[class*="st-key-dmm-case"]').scroll_into_view_if_needed()
    box = page.locator('[class*="st-key-dmm-case"] input[role="combobox"]')
    box.wait_for()
    return box


def chosen_case(page) -> str:
    """The case the decision form is for, as the combobox shows it ("ref: why")."""
    return case_box(page).input_value()


def options(page, search: str) -> list[str]:
    """The options offered for a search typed into the combobox (the list is long)."""
    box = case_box(page)
    box.click()
    box.fill(search)
    page.wait_for_timeout(300)
    found = page.locator('[role="option"]').all_inner_texts()
    page.keyboard.press("Escape")
    return found


def test_a_decision_survives_a_reload_and_a_load(extract_only, tmp_path):
    with serve(extract_only) as url, browser() as b:
        page = b.new_page(viewport={"width": 1600, "height": 1200})
        page.goto(url)
        wait_idle(page)
        shown = chosen_case(page)
        ref = shown.split(":")[0]
        assert shown.endswith("No decision yet")
        page.locator('[class*="st-key-dmm-owner"]').scroll_into_view_if_needed()
        page.locator('[class*="st-key-dmm-owner"] input').fill("PPU team 1")
        page.locator('[class*="st-key-dmm-note"] textarea').fill("Arrest and interview")
        page.get_by_role("button", name="Record the decision").click()
        wait_idle(page)
        assert f"for {ref}" in page.get_by_text("Recorded:").inner_text()
        page.reload()
        wait_idle(page)
        assert options(page, ref) == [f"{ref} (in hand)"]
        load = subprocess.run(
            [
                sys.executable,
                "-m",
                "pipelines",
                "load",
                "sample_data/delta",
                "--db",
                str(extract_only),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert load.returncode == 0, load.stderr
        page.reload()
        wait_idle(page)
        mine = options(page, ref)
        # still decided: in hand, or back on the agenda for something new, never undecided
        assert mine and "No decision yet" not in mine[0]
