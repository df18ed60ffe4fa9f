"""The measure catalogue, read from the headers of queries/sql/msr_*.sql.

The header of each measure file is its definition: label, numerator and
denominator in words, unit, recommendation, target setting, direction, the
tables it needs and its caveats. Pages show these words; docs/measures.md is
generated from them (python -m queries.catalogue > docs/measures.md), and a
test keeps the two in step.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from .build import SQL_DIR

FIELDS = (
    "measure",
    "label",
    "numerator",
    "denominator",
    "unit",
    "recommendation",
    "target",
    "direction",
    "requires",
)


@dataclass(frozen=True)
class Measure:
    id: str
    label: str
    numerator: str
    denominator: str | None
    unit: str
    recommendation: str
    target_setting: str | None
    direction: str | None  # 'higher', 'lower' or None (no target)
    requires: tuple[str, ...]
    caveats: str | None = None

    @property
    def is_ratio(self) -> bool:
        return self.denominator is not None

    def definition(self) -> str:
        """The definition in words, as a page shows it behind a click."""
        text = f"**{self.label}** (`{self.id}`, recommendation {self.recommendation}).  \n"
        if self.is_ratio:
            text += f"Numerator: {self.numerator}.  \nDenominator: {self.denominator}."
        else:
            text += f"Count of {self.numerator}."
        if self.caveats:
            text += f"  \nNote: {self.caveats}."
        return text


def parse_header(text: str) -> dict[str, str]:
    """The '-- key: value' lines at the top of a SQL file."""
    header = {}
    for line in text.splitlines():
        match = re.match(r"--\s*([a-z_]+):\s*(.*)$", line)
        if not match:
            break
        header[match.group(1)] = match.group(2).strip()
    return header


def _none(value: str) -> str | None:
    return None if value == "none" else value


@cache
def catalogue() -> tuple[Measure, ...]:
    """Every measure, in the order of docs/measures.md's table."""
    measures = []
    for path in sorted(SQL_DIR.glob("msr_*.sql")):
        h = parse_header(path.read_text(encoding="utf-8"))
        missing = [f for f in FIELDS if f not in h]
        if missing:
            raise ValueError(f"{path.name}: header lacks {', '.join(missing)}")
        measures.append(
            Measure(
                id=h["measure"],
                label=h["label"],
                numerator=h["numerator"],
                denominator=_none(h["denominator"]),
                unit=h["unit"],
                recommendation=h["recommendation"],
                target_setting=_none(h["target"]),
                direction=_none(h["direction"]),
                requires=tuple(t.strip() for t in h["requires"].split(",")),
                caveats=h.get("caveats"),
            )
        )
    order = {m: i for i, m in enumerate(SPEC_ORDER)}
    return tuple(sorted(measures, key=lambda m: order.get(m.id, len(order))))


def measure(measure_id: str) -> Measure:
    return next(m for m in catalogue() if m.id == measure_id)


# The order of the spec's table (docs/measures.md), which pages follow.
SPEC_ORDER = (
    "stalking_cases",
    "stalking_hidden",
    "stalking_reclassified",
    "stalking_recognised_timely",
    "screening_candidates",
    "risk_assessed_timely",
    "stalking_tool_used",
    "high_risk",
    "spo_considered",
    "spo_considered_timely",
    "spo_applied",
    "spo_granted",
    "order_breaches",
    "vna_completed",
    "rights_explained",
    "referred",
    "referred_timely",
    "referred_specialist",
    "allocated_specialist",
    "suspect_arrested",
    "high_risk_arrest_timely",
    "voluntary_interview",
    "s18_without_indictable",
    "vps_taken",
    "charged",
    "online_element",
    "repeat_suspect",
    "repeat_victim",
)


@dataclass(frozen=True)
class Recommendation:
    number: int
    subject: str
    due: str
    evidence: str | None = None  # where a crime-record dashboard cannot evidence it


# The 2024 stalking super-complaint's recommendations to chief constables (HMICFRS, IOPC and
# College of Policing, "The police response to stalking", 27 September 2024).
RECOMMENDATIONS = (
    Recommendation(
        7, "Crimes searchable when stalking is an included classification", "27 Mar 2025"
    ),
    Recommendation(
        10,
        "Training and policy",
        "27 Mar 2025",
        "training records and policy documents, not crime records",
    ),
    Recommendation(
        11,
        "Understand the scale and types of stalking and the effectiveness of the response",
        "27 Mar 2025",
    ),
    Recommendation(
        12, "Risk identification, assessment and management, including breaches", "27 Mar 2025"
    ),
    Recommendation(13, "Consider an SPO in every case; apply where appropriate", "27 Mar 2025"),
    Recommendation(14, "Victims' Code rights and access to support services", "27 Mar 2025"),
    Recommendation(
        16,
        "Commissioning and information sharing with victim services (with PCCs)",
        "27 Mar 2025",
        "commissioning agreements; the Victims page shows referrals by service and outcome",
    ),
    Recommendation(17, "Case allocation in line with College guidance", "27 Mar 2025"),
    Recommendation(
        18, "Investigation quality: victim-centred, suspect-focused, context-led", "27 Mar 2025"
    ),
    Recommendation(20, "Online elements of stalking", "27 Mar 2025"),
    Recommendation(
        22,
        "Dedicated stalking officers or experts",
        "27 Sep 2025",
        "workforce records; allocated_specialist shows cases reaching specialist units",
    ),
    Recommendation(23, "Early screening of crimes for stalking", "27 Mar 2025"),
    Recommendation(
        25,
        "Multi-agency response, MAPPA (with PCCs)",
        "27 Mar 2025",
        "MAPPA and MARAC minutes; the daily meeting flags high-risk suspects without MAPPA",
    ),
    Recommendation(
        28,
        "Publish an action plan; progress update after six months",
        "22 Nov 2024 / 27 Mar 2025",
        "the force's published plan and update; this dashboard is evidence for the update",
    ),
)


def measures_for(number: int) -> tuple[Measure, ...]:
    """Catalogue measures that evidence a recommendation (their header names it)."""
    return tuple(
        m for m in catalogue() if str(number) in (r.strip() for r in m.recommendation.split(","))
    )


# The catalogue read in themes, each measure in one (the board's sections, the pages' tiles).
RECORDING = (
    "stalking_cases",
    "stalking_hidden",
    "stalking_reclassified",
    "stalking_recognised_timely",
    "screening_candidates",
    "online_element",
)
RISK_AND_PROTECTION = (
    "risk_assessed_timely",
    "stalking_tool_used",
    "high_risk",
    "spo_considered",
    "spo_considered_timely",
    "spo_applied",
    "spo_granted",
    "order_breaches",
    "repeat_suspect",
)
VICTIMS = (
    "vna_completed",
    "rights_explained",
    "referred",
    "referred_timely",
    "referred_specialist",
    "repeat_victim",
)
INVESTIGATION = (
    "allocated_specialist",
    "suspect_arrested",
    "high_risk_arrest_timely",
    "voluntary_interview",
    "s18_without_indictable",
    "vps_taken",
    "charged",
)
THEMES = {
    "Recording and recognition (recommendations 7, 11, 23)": RECORDING,
    "Risk and protection (recommendations 12, 13)": RISK_AND_PROTECTION,
    "Victims (recommendation 14)": VICTIMS,
    "Allocation, investigation and outcomes (recommendations 17, 18)": INVESTIGATION,
}


def rag(
    value: float | None, target: float | None, direction: str | None, amber_points: float
) -> str | None:
    """'green', 'amber' or 'red' for a percentage against its target; None without one.

    Green at or better than target, amber within amber_points, red beyond. No value (no
    case in the denominator: None or NaN) has no RAG.
    """
    if value is None or target is None or direction is None or math.isnan(value):
        return None
    gap = (target - value) if direction == "higher" else (value - target)
    if gap <= 0:
        return "green"
    return "amber" if gap <= amber_points else "red"


def about(name: str) -> str:
    """The header comment of any SQL object in queries/sql/ (a breakdown's or a view's
    definition), as plain text for a page to show behind a click."""
    lines = []
    for line in (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break
        lines.append(line[2:].strip())
    text = " ".join(lines)
    return text.split(": ", 1)[1] if text.startswith(f"{name}: ") else text


def markdown() -> str:
    """docs/measures.md's catalogue table, generated from the headers."""
    rows = [
        "| id | label | numerator | denominator | unit | rec | target setting | better |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for m in catalogue():
        rows.append(
            f"| {m.id} | {m.label} | {m.numerator} | {m.denominator or '(count)'} | "
            f"{m.unit} | {m.recommendation} | {m.target_setting or '—'} | "
            f"{m.direction or '—'} |"
        )
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
