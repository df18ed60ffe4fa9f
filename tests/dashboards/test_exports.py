"""Exports carry their filters and never let a spreadsheet run a formula."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from dashboards import exports

FILTERS = {"period": "Jun 2024 to May 2025", "areas": '=HYPERLINK("http://x")', "as at": "x"}
HOSTILE = pd.DataFrame(
    {"crime_ref": ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tTAB", "safe"], "cases": [1, 2, 3, 4, 5, 6]}
)


def test_neutralise_prefixes_formula_starts_only():
    assert [exports.neutralise(v) for v in HOSTILE["crime_ref"]] == [
        "'=1+1",
        "'+SUM(A1)",
        "'-2",
        "'@cmd",
        "'\tTAB",
        "safe",
    ]
    assert exports.neutralise(-2) == -2  # numbers stay numbers


def test_csv_has_the_filters_then_the_neutralised_table():
    text = exports.to_csv(HOSTILE, FILTERS).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[:3] == [
        "# period: Jun 2024 to May 2025",
        '# areas: =HYPERLINK("http://x")',
        "# as at: x",
    ]
    assert lines[3] == "crime_ref,cases"
    assert lines[4] == "'=1+1,1"


def test_excel_cells_are_text_not_formulas():
    book = load_workbook(io.BytesIO(exports.to_excel({"cases": HOSTILE}, FILTERS)))
    assert book.sheetnames == ["Filters", "cases"]
    filters = [[c.value for c in row] for row in book["Filters"].iter_rows()]
    assert filters[2] == ["areas", '\'=HYPERLINK("http://x")']
    cells = [row[0].value for row in book["cases"].iter_rows(min_row=2)]
    assert cells == ["'=1+1", "'+SUM(A1)", "'-2", "'@cmd", "'\tTAB", "safe"]
    assert all(row[0].data_type == "s" for row in book["cases"].iter_rows(min_row=2))


def test_meeting_pack_escapes_html_and_leaves_space_only_where_no_decision_is():
    """Two agenda cases: the first has a decision recorded before (its review is due), the
    second none; one case in hand. Only the second gets a blank decision line."""
    agenda = pd.DataFrame(
        {
            "crime_ref": ["<script>x</script>", "K9"],
            "area_code": ["A", "B"],
            "reported_at": [pd.Timestamp("2025-06-28 10:00"), pd.Timestamp("2025-05-01 10:00")],
            "risk_level": ["high", "medium"],
            "allocated_unit": ["cid", "response"],
            "reasons": ["Risk assessed as high; New", "No referral"],
            "agenda_reasons": ["Review due", "No decision yet"],
            "decided_action": ["Arrest", None],
            "decided_owner": ["PPU team 2", None],
            "decided_review_on": [pd.Timestamp("2025-06-30"), None],
        }
    )
    in_hand = agenda.iloc[:0].assign()
    in_hand.loc[0] = [
        "K7",
        "B",
        pd.Timestamp("2025-05-01"),
        "medium",
        "cid",
        "x",
        "",
        "Refer to support",
        "Response B",
        pd.Timestamp("2025-07-10"),
    ]
    html = exports.meeting_pack_html(
        agenda, in_hand, FILTERS, pd.DataFrame({"flag": ["new"], "cases": [1]})
    ).decode()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<li>Risk assessed as high</li><li>New</li>" in html
    assert "Latest decision: Arrest, owner PPU team 2, review 30 Jun 2025" in html
    assert html.count("Review: ________") == 1  # K9 alone has no decision
    assert "<td>K7</td><td>Refer to support</td><td>Response B</td><td>10 Jul 2025</td>" in html
