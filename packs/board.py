"""The board pack: what the Performance board shows, as a document a chief officer is given.

Every figure comes from a queries.api function called through the door (queries.door.Door)
with the recipient's role and areas, so a board member's pack is rounded as their screen is
and a supervisor's holds only their areas; every chart from dashboards.charts; the alerts and
the national context from the builders the page uses (dashboards.outputs). Nothing here
computes a figure: it lays out what the queries return.

Sections: cover; every measure by theme against target, with RAG and the change on the
same months a year before; alerts; SPC trends of the targeted measures; areas against target; the SPO
pipeline and referral timeliness; how the force compares nationally; the FOI answers; the
definitions.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from dashboards import charts, outputs
from queries import api, privacy
from queries.catalogue import THEMES, catalogue, measure
from queries.door import Door

from .document import HALF, LOW, WIDE, Document
from .scope import Scope


def _change(now, before, is_ratio: bool) -> str:
    """The change on the comparison period, as a tile shows it ("" for none)."""
    return charts.change_text(now, before, is_ratio) or ""


def measure_rows(totals: pd.DataFrame, previous: pd.DataFrame, ids) -> list[dict]:
    """One row per measure, as its tile on the Performance board reads."""
    now, before = totals.set_index("measure_id"), previous.set_index("measure_id")
    rows = []
    for measure_id in ids:
        m, row = measure(measure_id), now.loc[measure_id]
        if not row["supplied"]:
            rows.append(
                {
                    "label": m.label,
                    "value": "no data",
                    "detail": "not supplied: " + ", ".join(m.requires),
                    "target": "",
                    "rag": None,
                    "change": "",
                }
            )
            continue
        ratio = m.is_ratio and not charts.missing(row["denominator"])
        rows.append(
            {
                "label": m.label,
                "value": charts.fmt_value(row["value"], m.is_ratio),
                "detail": f"{int(row['numerator']):,} of {int(row['denominator']):,}"
                if ratio
                else "",
                "target": "" if charts.missing(row["target"]) else f"{row['target']:g}%",
                "rag": row["rag"] if m.direction and not charts.missing(row["rag"]) else None,
                "change": _change(
                    row["value"],
                    before.loc[measure_id, "value"] if measure_id in before.index else None,
                    m.is_ratio,
                ),
            }
        )
    return rows


def _signals_text(trend: pd.DataFrame, ratio: bool) -> str:
    chart = charts.spc_of(trend, ratio=ratio)
    marked = [
        f"{pd.Timestamp(month):%b %Y} ({', '.join(sorted(s))})"
        for month, s in zip(trend["month"], chart.signals, strict=True)
        if s
    ]
    return "Signals: " + "; ".join(marked) + "." if marked else "No signal."


def trends(door: Door, doc: Document, scope: Scope) -> list[dict]:
    """The SPC chart of each targeted measure over the pack's period, as the Trends section
    draws it (and the alerts read it)."""
    window = scope.period
    targets = door(api.catalogue_frame).set_index("measure_id")["target"]
    shown = []
    for m in (m for m in catalogue() if m.target_setting):
        trend = door(api.measure_trend, m.id, window, scope.areas)
        item = {"label": m.label, "chart": None, "text": "No figures in these months."}
        if not trend.empty:
            target = targets.get(m.id)
            fig = charts.spc_trend(
                trend,
                ratio=m.is_ratio,
                target=None if charts.missing(target) else float(target),
                title=f"{m.label}: {window.start:%b %Y} to {window.end:%b %Y}",
            )
            item.update(chart=doc.chart(fig, HALF), text=_signals_text(trend, m.is_ratio))
        shown.append(item)
    return shown


def league(door: Door, scope: Scope) -> pd.DataFrame:
    """Areas against target: each targeted measure's value and RAG by area (as on the page)."""
    return outputs.league_matrix(door(api.measure_league, scope.period, scope.areas))


def pipeline_charts(door: Door, doc: Document, scope: Scope) -> dict:
    """The SPO pipeline and the time to first referral, as the page draws them."""
    supplied = door(api.supplied_tables)
    found = {"spo": None, "referrals": None, "supplied": supplied}
    if "spo" in supplied:
        stages = door(api.brk_spo_pipeline, scope.period, scope.areas)
        if not stages.empty:
            found["spo"] = doc.chart(charts.funnel(stages, title="SPO pipeline"), LOW)
    if "referrals" in supplied:
        delays = door(api.brk_referral_delay, scope.period, scope.areas)
        if not delays.empty:
            window = door(api.settings)["referral_window_days"]
            fig = charts.referral_delays(delays, window)
            found["referrals"] = doc.chart(fig, LOW)
    return found


def definitions(door: Door) -> list[dict]:
    """Every measure's definition, in the words the screen uses (Measure.describe)."""
    settings = door(api.settings)
    rows = [{"label": m.label, "text": m.describe(settings)} for m in catalogue()]
    return rows


def force_name(door: Door) -> str:
    """The force named in the extracts' manifests (the latest load's)."""
    loads = door(api.load_log)
    named = [n for n in loads.get("force_name", []) if isinstance(n, str) and n.strip()]
    return named[0] if named else "the force"


def board_pack(door: Door, scope: Scope, *, recipient: str | None = None) -> Document:
    """The board pack for a scope, read through the door."""
    status = door(api.status)
    names = door(api.areas, scope.areas)
    area_names = dict(zip(names["area_code"], names["area_name"], strict=True))
    # The change against the same months a year before, as the screen's tiles by default; none
    # when those months start before the first the database holds (not "+1,652" on nothing).
    period, previous = scope.period, api.year_before(scope.period)
    totals = door(api.measure_totals, period, scope.areas)
    months = door(api.months_available)
    compared = api.has_data_for(previous, months[0] if months else None)
    before = door(api.measure_totals, previous, scope.areas) if compared else totals.iloc[:0]
    force = force_name(door)
    covering = ", ".join(area_names.get(a, a) for a in scope.areas) if scope.areas else "all areas"
    doc = Document(
        "board.html.j2",
        "Stalking performance: board pack",
        f"{force} · stalking board pack · {period.start:%b %Y} to {period.end:%b %Y}",
    )
    comparison = outputs.comparison(door)
    base = int(door(api.settings)["disclosure_rounding_base"])
    doc.values = {
        "force": force,
        "period": period,
        "previous": previous,
        "compared": compared,
        "covering": covering,
        "as_at": status["as_at"],
        "made_at": datetime.now(),
        "role": scope.who.role,
        "recipient": recipient,
        "rounding": privacy.note(base) if scope.who.aggregates_only else None,
        "themes": [(title, measure_rows(totals, before, ids)) for title, ids in THEMES.items()],
        "alerts": outputs.alert_rows(door, period, scope.areas),
        "alerts_about": outputs.alerts_about(door),
        "nothing_alerted": outputs.nothing_alerted(period),
        "trends": trends(door, doc, scope),
        "trend_months": len(period.months()),
        "league": league(door, scope),
        "pipeline": pipeline_charts(door, doc, scope),
        "comparison": comparison,
        "compare_chart": doc.chart(comparison.figure(), WIDE) if comparison else None,
        "foi": door(api.foi_answers, period, scope.areas),
        "definitions": definitions(door),
        "amber": door(api.settings)["rag_amber_points"],
    }
    return doc
