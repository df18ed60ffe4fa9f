"""The NPCC six-month update (recommendation 28): for each recommendation to chief constables,
its actions from the force's action plan, its measures now against the same months a year
before, and a line of what changed. A PDF to send, a DOCX for the force to edit.

The figures come through the door (queries.door.Door), as the screen's do; the action plan
from api.npcc_actions (contract v2's actions table; until an extract supplies it, each
recommendation says "No action plan loaded").
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from dashboards import charts
from queries import api, privacy
from queries.catalogue import RECOMMENDATIONS, Recommendation, measures_for
from queries.door import Door

from .document import MARKING, Document
from .scope import Scope

NO_PLAN = "No action plan loaded."
TRAINING = 10  # the recommendation training completion answers (docs/measures.md, "Training")


year_before = api.year_before  # the same months a year earlier, as the screen's tiles compare


@dataclass
class RecommendationUpdate:
    recommendation: Recommendation
    actions: pd.DataFrame | None  # None: no action plan loaded
    measures: list[dict] = field(default_factory=list)
    changed: str = ""


@dataclass
class Update:
    force: str
    scope: Scope
    before: api.Period
    as_at: datetime
    made_at: datetime
    rounding: str | None
    recommendations: list[RecommendationUpdate]

    @property
    def running(self) -> str:
        p = self.scope.period
        return f"{self.force} · NPCC six-month update · {p.start:%b %Y} to {p.end:%b %Y}"


def _row(m, now: pd.Series, before: pd.Series | None) -> dict:
    """A measure now and a year before, as the tiles would read them (before None: the months
    a year before start before the first the database holds, so no figure and no change)."""
    supplied = bool(now["supplied"])
    if before is None:
        before = pd.Series({"value": None, "rag": None})
        supplied_before = False
    else:
        supplied_before = supplied
    delta = None
    if supplied_before and not charts.missing(now["value"]) and not charts.missing(before["value"]):
        delta = float(now["value"] - before["value"])
    return {
        "id": m.id,
        "ratio": m.is_ratio,
        "delta": delta,
        "label": m.label,
        "now": charts.fmt_value(now["value"], m.is_ratio) if supplied else "no data",
        "before": charts.fmt_value(before["value"], m.is_ratio) if supplied_before else "no data",
        "target": "" if charts.missing(now["target"]) else f"{now['target']:g}%",
        "rag": charts.rag_text(now["rag"]) if m.direction and supplied else "",
        "rag_before": charts.rag_text(before["rag"]) if m.direction and supplied_before else "",
        "change": (charts.change_text(now["value"], before["value"], m.is_ratio) or "")
        if delta is not None
        else "",
    }


def what_changed(rec: Recommendation, rows: list[dict]) -> str:
    """One line: how many measures with a target are on target now and a year before, and the
    largest changes."""
    if not rows:
        return f"Not measurable from crime records: the evidence is in {rec.evidence}."
    targeted = [r for r in rows if r["target"]]
    parts = []
    if targeted:
        now = sum(r["rag"].endswith("on target") for r in targeted)
        line = f"{now} of {len(targeted)} measures with a target on target"
        if any(r["rag_before"] for r in targeted):  # a year before the data began: no RAG then
            then = sum(r["rag_before"].endswith("on target") for r in targeted)
            line += f", against {then} a year before"
        parts.append(line)
    # the shares that moved most first, then counts
    moved = sorted(
        (r for r in rows if r["delta"]), key=lambda r: (not r["ratio"], -abs(r["delta"]))
    )
    parts += [f"{r['label']} {r['change']} ({r['before']} to {r['now']})" for r in moved[:3]]
    if not parts:
        return "No figures to compare in these months."
    return "; ".join(parts) + "."


def _actions(plan: pd.DataFrame, number: int) -> pd.DataFrame | None:
    if plan.empty:
        return None
    return plan[plan["recommendation"].astype(str) == str(number)].reset_index(drop=True)


def training_line(door: Door, scope: Scope) -> str | None:
    """Recommendation 10's line from the training records (contract v2: training_status, as
    the Recommendations page shows it, for the scope's areas; rounded for the board): in-scope
    staff who completed the force's stalking course by the as-at moment, against the target.
    None when staff or training was never supplied, or nobody in scope."""
    total = api.training_total(door(api.training_status, scope.areas))
    if total is None:
        return None
    line = (
        f"Stalking training completed by {total.completed:,} of {total.in_scope:,} staff in "
        f"scope ({total.share:.1f}%) at the as-at date"
    )
    if total.target is not None:
        line += f", against a target of {total.target:g}%"
    return line + "; its policy is evidenced in policy documents, not crime records."


def npcc_update(door: Door, scope: Scope, force: str) -> Update:
    """The update for a scope (its period is 'now'), read through the door."""
    before = year_before(scope.period)
    now = door(api.measure_totals, scope.period, scope.areas).set_index("measure_id")
    months = door(api.months_available)
    compared = api.has_data_for(before, months[0] if months else None)
    then = (
        door(api.measure_totals, before, scope.areas).set_index("measure_id") if compared else None
    )
    plan = door(api.npcc_actions)
    trained = training_line(door, scope)
    recs = []
    for rec in RECOMMENDATIONS:
        rows = [
            _row(m, now.loc[m.id], then.loc[m.id] if compared else None)
            for m in measures_for(rec.number)
        ]
        changed = what_changed(rec, rows)
        if rec.number == TRAINING and trained:
            changed = trained
        recs.append(RecommendationUpdate(rec, _actions(plan, rec.number), rows, changed))
    base = int(door(api.settings)["disclosure_rounding_base"])
    return Update(
        force,
        scope,
        before,
        door(api.status)["as_at"],
        datetime.now(),
        privacy.note(base) if scope.who.aggregates_only else None,
        recs,
    )


def document(update: Update) -> Document:
    """The update as a printed document (PDF)."""
    doc = Document("npcc.html.j2", "Stalking: NPCC six-month update", update.running)
    doc.values = {"u": update, "no_plan": NO_PLAN}
    return doc


# --- DOCX -----------------------------------------------------------------------------------------


def _page_numbers(paragraph) -> None:
    """'Page N of M' as Word fields, so the force's edits keep them right."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def field_(instruction: str) -> None:
        simple = OxmlElement("w:fldSimple")
        simple.set(qn("w:instr"), instruction)
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        simple.append(run)
        paragraph._p.append(simple)

    paragraph.add_run("Page ")
    field_("PAGE")
    paragraph.add_run(" of ")
    field_("NUMPAGES")


def _marked(section, running: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    top = section.header.paragraphs[0]
    top.text = MARKING
    top.alignment = WD_ALIGN_PARAGRAPH.CENTER
    top.runs[0].bold = True
    bottom = section.footer.paragraphs[0]
    bottom.text = f"{MARKING} · {running} · "
    bottom.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_numbers(bottom)


def _table(docx, header: list[str], rows: list[list[str]]) -> None:
    table = docx.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = str(text)


def _recommendation(docx, item: RecommendationUpdate, update: Update) -> None:
    rec = item.recommendation
    docx.add_heading(f"{rec.number}. {rec.subject}", level=2)
    docx.add_paragraph(f"Due {rec.due}.")
    docx.add_heading("Actions", level=3)
    if item.actions is None:
        docx.add_paragraph(NO_PLAN)
    elif item.actions.empty:
        docx.add_paragraph("No action in the plan for this recommendation.")
    else:
        _table(
            docx,
            ["Action", "Owner", "Due", "Status", "Overdue"],
            [
                [a.action, a.owner, a.due, a.status, "overdue" if a.overdue else ""]
                for a in item.actions.itertuples()
            ],
        )
    if item.measures:
        docx.add_heading("Measures", level=3)
        p, b = update.scope.period, update.before
        _table(
            docx,
            [
                "Measure",
                f"{p.start:%b %Y} to {p.end:%b %Y}",
                f"{b.start:%b %Y} to {b.end:%b %Y}",
                "Change",
                "Target",
                "RAG now",
            ],
            [
                [r["label"], r["now"], r["before"], r["change"], r["target"], r["rag"]]
                for r in item.measures
            ],
        )
    docx.add_paragraph(f"What changed: {item.changed}")


def to_docx(update: Update) -> bytes:
    """The update as a Word document the force edits before sending."""
    import docx as python_docx
    from docx.shared import Pt

    out = python_docx.Document()
    out.styles["Normal"].font.size = Pt(10)
    _marked(out.sections[0], update.running)
    p = update.scope.period
    out.add_heading("Stalking: NPCC six-month update", level=1)
    out.add_paragraph(
        f"{update.force}. Recommendation 28 of the 2024 stalking super-complaint report: the "
        f"progress of the force's action plan. Measures for {p.start:%B %Y} to {p.end:%B %Y} "
        f"against {update.before.start:%B %Y} to {update.before.end:%B %Y}, from the force's "
        f"crime records as at {update.as_at:%d %B %Y %H:%M}; made {update.made_at:%d %B %Y}."
    )
    if update.rounding:
        out.add_paragraph(update.rounding)
    for item in update.recommendations:
        _recommendation(out, item, update)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
