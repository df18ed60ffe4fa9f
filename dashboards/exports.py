"""Aggregate exports as CSV and Excel, with the active filters written into the file.

Spreadsheet formula injection is neutralised: a text cell that starts with =, +,
-, @, a tab or a carriage return is prefixed with an apostrophe, so Excel shows
it as text instead of running it. (Numbers are left as numbers.)
"""

from __future__ import annotations

import io

import pandas as pd

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(DANGEROUS_START):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def filter_lines(filters: dict[str, str]) -> list[str]:
    return [f"{k}: {v}" for k, v in filters.items()]


def to_csv(frame: pd.DataFrame, filters: dict[str, str]) -> bytes:
    """CSV with '# key: value' lines describing the filters above the header."""
    header = "".join(f"# {neutralise(line)}\n" for line in filter_lines(filters))
    return (header + safe_frame(frame).to_csv(index=False)).encode("utf-8-sig")


def to_excel(sheets: dict[str, pd.DataFrame], filters: dict[str, str]) -> bytes:
    """An .xlsx with a 'Filters' sheet and one sheet per frame; formulas never evaluated."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(
        buffer,
        engine="xlsxwriter",
        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}},
    ) as writer:
        pd.DataFrame(
            {"filter": list(filters), "value": [neutralise(v) for v in filters.values()]}
        ).to_excel(writer, sheet_name="Filters", index=False)
        for name, frame in sheets.items():
            safe_frame(frame).to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()


def meeting_pack_html(
    agenda: pd.DataFrame,
    in_hand: pd.DataFrame,
    filters: dict[str, str],
    flag_counts: pd.DataFrame,
) -> bytes:
    """A printable daily-meeting pack: the agenda, one block per case with why it is there,
    its flags and reasons, and the meeting's latest decision on it; space to write a decision
    only where none is recorded. Then the cases in hand, a line each.

    flag_counts: two columns, the flag (as it should be printed) and its number of cases.
    """
    from html import escape

    meta = "".join(f"<li>{escape(k)}: {escape(str(v))}</li>" for k, v in filters.items())
    counts = "".join(
        f"<tr><td>{escape(str(flag))}</td><td>{int(n)}</td></tr>"
        for flag, n in flag_counts.itertuples(index=False)
    )
    blocks = [_agenda_block(r, escape) for r in agenda.itertuples()]
    hand = "".join(
        f"<tr><td>{escape(str(r.crime_ref))}</td><td>{escape(str(r.decided_action))}</td>"
        f"<td>{escape(str(r.decided_owner))}</td><td>{_day(r.decided_review_on)}</td></tr>"
        for r in in_hand.itertuples()
    )
    html = (
        "<!doctype html><html><head><meta charset='utf-8'><title>Daily meeting pack</title>"
        "<style>body{font-family:sans-serif;margin:2em}section{page-break-inside:avoid;"
        "border-top:1px solid #999;padding:.5em 0}table{border-collapse:collapse}"
        "td{border:1px solid #ccc;padding:2px 8px}.why{font-weight:bold}</style></head><body>"
        f"<h1>Stalking: daily management meeting</h1><ul>{meta}</ul>"
        f"<h2>Cases per flag</h2><table>{counts}</table>"
        f"<h2>Agenda: {len(agenda)} cases</h2>{''.join(blocks)}"
        f"<h2>In hand: {len(in_hand)} cases</h2>"
        "<table><tr><td>Case</td><td>Latest decision</td><td>Owner</td><td>Review on</td></tr>"
        f"{hand}</table>"
        "<p>OFFICIAL-SENSITIVE. Contains case references: handle under force policy.</p>"
        "</body></html>"
    )
    return html.encode("utf-8")


def _agenda_block(r, escape) -> str:
    """One agenda case: why it is there, flags and reasons, and its decision or space for one."""
    reasons = "".join(f"<li>{escape(part)}</li>" for part in str(r.reasons).split("; "))
    area = getattr(r, "area_name", r.area_code)
    if isinstance(r.decided_action, str) and r.decided_action:
        decision = (
            f"<p>Latest decision: {escape(r.decided_action)}, owner {escape(str(r.decided_owner))}"
            f", review {_day(r.decided_review_on)}</p>"
            "<p>Decision today: ______________________________ Owner: ____________</p>"
        )
    else:
        decision = (
            "<p>Decision: ______________________________ Owner: ____________ Review: ________</p>"
        )
    return (
        f"<section><h3>{escape(str(r.crime_ref))}</h3>"
        f"<p class='why'>{escape(str(r.agenda_reasons))}</p>"
        f"<p>Area {escape(str(area))} · reported {r.reported_at:%d %b %Y %H:%M} · risk "
        f"{escape(str(r.risk_level))} · allocated to {escape(str(r.allocated_unit))}</p>"
        f"<ul>{reasons}</ul>{decision}</section>"
    )


def _day(value) -> str:
    return "" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%d %b %Y}"
