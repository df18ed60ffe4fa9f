"""The board pack, read back from its PDF: the marking and page number on every page, the same
figures as the query door gives the same person for the same filters (rounded for the board
role, true and narrowed for a supervisor), no crime reference, the charts and sections."""

from __future__ import annotations

import re
from datetime import date

import duckdb
import pandas as pd
import pytest

from dashboards import outputs
from packs.make import make, scope_for
from packs.scope import access
from queries import api, privacy
from queries.catalogue import catalogue, measure
from queries.door import Door
from tests.packs.conftest import keep, pages

ST_ALBANS = "E07000240"


def made(db, renderer, role: str, areas=None):
    store = api.Store(db)
    scope = scope_for(store, access(role, areas, "test"), None, "board")
    pack = make(store, scope, "board", "pdf", renderer)
    keep(pack.content, f"board-{role}.pdf")
    return store, scope, pages(pack.content)


@pytest.fixture(scope="module")
def board(packs_db, renderer):
    return made(packs_db, renderer, "board")


@pytest.fixture(scope="module")
def supervisor(packs_db, renderer):
    return made(packs_db, renderer, "supervisor", [ST_ALBANS])


def shown(value, is_ratio: bool) -> str:
    """A value as the pack prints it (worked out here, not with the pack's own formatting)."""
    return f"{value:.1f}%" if is_ratio else f"{value:,.0f}"


def measure_lines(totals: pd.DataFrame) -> list[str]:
    """'Stalking recognised in time 73.3% 619 of 845' for each measure with a value."""
    lines = []
    for row in totals.itertuples():
        m = measure(row.measure_id)
        if not row.supplied or pd.isna(row.value):
            continue
        line = f"{m.label} {shown(row.value, m.is_ratio)}"
        if m.is_ratio:
            line += f" {int(row.numerator):,} of {int(row.denominator):,}"
        lines.append(line)
    return lines


def test_every_page_carries_the_marking_and_its_number(board):
    _, _, texts = board
    assert len(texts) >= 12
    for number, text in enumerate(texts, start=1):
        assert text.count("OFFICIAL-SENSITIVE") >= 2, number  # the top and the foot
        assert f"Page {number} of {len(texts)}" in text


def test_the_board_packs_figures_are_the_doors_rounded_figures(board):
    """Each measure's value and count, and each FOI answer, as Door(store, board) gives them
    for the same period and areas: every count a multiple of 5."""
    store, scope, texts = board
    door = Door(store, access("board", None, "test"))
    text = " ".join(texts)
    totals = door(api.measure_totals, scope.period, None)
    assert (totals["numerator"].dropna() % 5 == 0).all()
    assert (totals["denominator"].dropna() % 5 == 0).all()
    for line in measure_lines(totals):
        assert line in text, line
    # every "n of d" printed, but the page numbers and the national ranks ("9 of 43 forces")
    pairs = re.findall(r"(?<!Page )(?<![\d,])([\d,]+) of (?!43\b)([\d,]+)", text)
    assert pairs and all(int(n.replace(",", "")) % 5 == 0 for pair in pairs for n in pair), pairs
    for row in door(api.foi_answers, scope.period, None).itertuples(index=False):
        assert " ".join(str(v) for v in row) in text, row
    assert privacy.note(5) in text


def test_the_board_pack_holds_no_crime_reference(board, packs_db):
    _, _, texts = board
    text = " ".join(texts)
    with duckdb.connect(str(packs_db), read_only=True) as con:
        refs = [r[0] for r in con.execute("select crime_ref from crimes").fetchall()]
    assert refs and not [ref for ref in refs if ref in text]


def test_the_sections_and_charts(board):
    """The SPC chart of every targeted measure (its title is in the PDF: drawn as text), the
    alerts, the league, the pipeline, the national context from the real 2017/18 table with
    its newest year on the chart, the FOI answers and the definitions."""
    store, scope, texts = board
    text = " ".join(texts)
    # November 2025 to October 2026 against the same months a year before, as the screen's
    # tiles: November 2024 to October 2025, from the sample's first month (November 2024)
    assert scope.period == api.Period(date(2025, 11, 1), date(2026, 10, 1))
    flat = " ".join(text.split())
    assert "the same months a year before, November 2024 to October 2025" in flat
    for m in catalogue():
        if m.target_setting:
            # over the pack's period only, as the screen's Trends charts (issue 15)
            p = scope.period
            assert f"{m.label}: {p.start:%b %Y} to {p.end:%b %Y}" in text
    alerts = outputs.alert_rows(Door(store, access("board", None, "t")), scope.period, None)
    for row in alerts.itertuples(index=False):  # as the board's screen shows them
        assert " ".join(row) in text, row
    if alerts.empty:
        assert "No alert for October 2026." in text
    assert "Stalking offences per 1,000 residents (Home Office), newest figures 2017/18" in text
    assert "Stalking 312 0.28 0.22 0.18 9 of 43" in text  # Hertfordshire, its group, E&W
    for heading in ("Areas against target", "SPO pipeline", "Freedom of information"):
        assert heading in text
    assert "Definitions" in texts[-1] or "Definitions" in texts[-2]


def test_a_supervisors_pack_holds_their_areas_only_with_true_counts(supervisor):
    store, scope, texts = supervisor
    text = " ".join(texts)
    door = Door(store, access("supervisor", [ST_ALBANS], "test"))
    for line in measure_lines(door(api.measure_totals, scope.period, [ST_ALBANS])):
        assert line in text, line
    others = set(api.areas(store)["area_name"]) - {"St Albans"}
    assert "St Albans" in text and not [name for name in others if name in text]
    assert privacy.note(5) not in text
