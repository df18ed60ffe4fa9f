"""The NPCC six-month update: every recommendation to chief constables with its actions
(the sample's plan: 30 actions, each recommendation two or three), its measures now and the same
months a year before as the door gives them, and what changed; as a DOCX the force edits and a
PDF marked and numbered on every page."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest

from packs.make import make, scope_for
from packs.npcc import NO_PLAN, what_changed, year_before
from packs.scope import access
from queries import api
from queries.catalogue import RECOMMENDATIONS, Recommendation, measures_for
from queries.door import Door
from tests.packs.conftest import keep, pages


@pytest.fixture(scope="module")
def made(packs_db):
    store = api.Store(packs_db)
    scope = scope_for(store, access("board", None, "test"), None, "npcc")
    return store, scope


def test_the_default_period_is_the_last_six_complete_months(made):
    """As at 21 November 2026: May to October 2026, against May to October 2025."""
    _, scope = made
    assert (scope.period.start, scope.period.end) == (date(2026, 5, 1), date(2026, 10, 1))
    assert year_before(scope.period) == api.Period(date(2025, 5, 1), date(2025, 10, 1))


def test_the_docx_update(made):
    store, scope = made
    document = docx.Document(io.BytesIO(make(store, scope, "npcc", "docx", None).content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == [f"{r.number}. {r.subject}" for r in RECOMMENDATIONS]
    texts = [p.text for p in document.paragraphs]
    assert texts.count(NO_PLAN) == 0  # the sample's delta supplies the plan
    actions = [
        [c.text for c in row.cells]
        for table in document.tables
        if [c.text for c in table.rows[0].cells] == ["Action", "Owner", "Due", "Status", "Overdue"]
        for row in table.rows[1:]
    ]
    assert len(actions) == 30  # sample_data/delta/actions.csv: ACT-01 to ACT-30
    # ACT-01: due 2026-10-17, in progress at the as-at 21 Nov 2026: overdue
    assert [
        "Make included stalking classifications searchable in the crime system",
        "Head of Crime Recording",
        "17 Oct 2026",
        "In progress",
        "overdue",
    ] in actions
    assert sum(t.startswith("What changed: ") for t in texts) == len(RECOMMENDATIONS)
    # recommendation 10 from the training records, as the board's door gives them (rounded)
    training = Door(store, access("board", None, "test"))(api.training_status, None)
    done, scope_n = int(training["completed"].sum()), int(training["in_scope"].sum())
    assert (
        f"What changed: Stalking training completed by {done:,} of {scope_n:,} staff in scope "
        f"({100.0 * done / scope_n:.1f}%) at the as-at date, against a target of 100%"
    ) in " ".join(texts)
    assert document.sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    # the measures as the board's door gives them, now and a year before
    door = Door(store, access("board", None, "test"))
    now = door(api.measure_totals, scope.period, None).set_index("measure_id")
    before = door(api.measure_totals, year_before(scope.period), None).set_index("measure_id")
    rows = {
        table.rows[i].cells[0].text: [c.text for c in table.rows[i].cells]
        for table in document.tables
        for i in range(1, len(table.rows))
    }
    for m in measures_for(13):
        expected_now, expected_before = now.loc[m.id, "value"], before.loc[m.id, "value"]
        assert rows[m.label][1:3] == [shown(expected_now), shown(expected_before)]


def shown(value: float) -> str:
    """A share as the update prints it: one decimal, "no cases" when nothing was counted."""
    return "no cases" if value != value else f"{value:.1f}%"


def test_the_pdf_update(made, renderer):
    store, scope = made
    pdf = make(store, scope, "npcc", "pdf", renderer).content
    keep(pdf, "npcc-board.pdf")
    texts = pages(pdf)
    for number, text in enumerate(texts, start=1):
        assert text.count("OFFICIAL-SENSITIVE") >= 2 and f"Page {number} of {len(texts)}" in text
    text = " ".join(texts)
    assert text.count(NO_PLAN) == 0
    assert "Make included stalking classifications searchable in the crime system" in text
    assert "28. Publish an action plan; progress update after six months" in text


def test_what_changed_in_a_line():
    """Two shares with a target (one on target now, none a year before) and a count: the shares
    that moved most first, then counts; a recommendation without measures says where its
    evidence is."""
    rows = [
        {
            "label": "A",
            "target": "90%",
            "rag": "✔ on target",
            "rag_before": "✖ off target",
            "ratio": True,
            "delta": 12.0,
            "change": "+12.0 points",
            "before": "80.0%",
            "now": "92.0%",
        },
        {
            "label": "B",
            "target": "90%",
            "rag": "✖ off target",
            "rag_before": "✖ off target",
            "ratio": True,
            "delta": -1.5,
            "change": "-1.5 points",
            "before": "51.5%",
            "now": "50.0%",
        },
        {
            "label": "C",
            "target": "",
            "rag": "",
            "rag_before": "",
            "ratio": False,
            "delta": 40.0,
            "change": "+40",
            "before": "100",
            "now": "140",
        },
    ]
    rec = Recommendation(99, "Test", "now")
    assert what_changed(rec, rows) == (
        "1 of 2 measures with a target on target, against 0 a year before; "
        "A +12.0 points (80.0% to 92.0%); B -1.5 points (51.5% to 50.0%); C +40 (100 to 140)."
    )
    assert what_changed(Recommendation(10, "Training", "now", "training records"), []) == (
        "Not measurable from crime records: the evidence is in training records."
    )
