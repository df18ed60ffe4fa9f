"""The measure catalogue, read from the headers of queries/sql/msr_*.sql.

The header of each measure file is its definition: label, numerator and denominator in
words, unit, recommendation, target setting, direction, the tables it needs, its caveats,
its theme and its order on the pages. Adding a measure is its SQL file plus its fixture rows:
measure_summary, measure_catalogue (queries.build) and the themes here are generated from
the headers. docs/measures.md's table is generated too (python -m queries.catalogue), and a
test keeps the two in step.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from .headers import headers

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
    "theme",
    "order",
    "help",
)
# The themes the catalogue is read in (the board's sections, the pages' tiles), in page order.
THEME_TITLES = {
    "recording": "Recording and recognition (recommendations 7, 11, 23)",
    "risk_and_protection": "Risk and protection (recommendations 12, 13, 25)",
    "victims": "Victims (recommendations 11, 14)",
    "investigation": "Allocation, investigation and outcomes (recommendations 17, 18)",
}


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
    theme: str
    order: int
    help: str = ""
    caveats: str | None = None

    @property
    def is_ratio(self) -> bool:
        return self.denominator is not None

    def definition(self) -> str:
        """The developers' definition (docs/measures.md): the header's numerator, denominator
        and caveats, in the words of the data. Pages show explain() instead."""
        text = f"**{self.label}** (`{self.id}`, recommendation {self.recommendation}).  \n"
        if self.is_ratio:
            text += f"Numerator: {self.numerator}.  \nDenominator: {self.denominator}."
        else:
            text += f"Count of {self.numerator}."
        if self.caveats:
            text += f"  \nNote: {self.caveats}."
        return text

    def explain(self, settings: Settings) -> str:
        """What the measure counts, for the people who read it, its name first (Markdown)."""
        return f"**{self.label}**: {self.describe(settings)}"

    def describe(self, settings: Settings) -> str:
        """What the measure counts, for the people who read it: its help text with the force's
        windows filled in, its target and its recommendation."""
        text = fill(self.help, settings)
        target = settings.get(self.target_setting) if self.target_setting else None
        if target is not None:
            bound = 0 if self.direction == "lower" else 100
            better = "" if target == bound else (" or less" if bound == 0 else " or more")
            text += f" The force's target: {target:g}%{better}."
        several = "s" if "," in self.recommendation else ""
        return text + f" (Recommendation{several} {self.recommendation}.)"


# The settings a help text may name: {name} or {name:unit}, e.g. "within {spo_window_days:day}
# of the report" reads "within 7 days of the report" (the unit made plural when it should be). A
# unit may be words: {referral_window_days:working day} reads "2 working days".
Settings = dict[str, float]
PLACEHOLDER = re.compile(r"\{(\w+)(?::([\w%]+(?: \w+)*))?\}")


def fill(text: str, settings: Settings) -> str:
    """A help text with each {setting} or {setting:unit} replaced by the force's value."""

    def value(match: re.Match) -> str:
        name, unit = match.group(1), match.group(2)
        number = settings[name]
        if unit is None:
            return f"{number:g}"
        if unit == "%":
            return f"{number:g}%"
        return f"{number:g} {unit}" + ("" if number == 1 else "s")

    return PLACEHOLDER.sub(value, text)


def _none(value: str) -> str | None:
    return None if value == "none" else value


@cache
def catalogue() -> tuple[Measure, ...]:
    """Every measure, in the order its header gives (the pages' and docs' order)."""
    measures = []
    for name, h in headers().items():
        if not name.startswith("msr_"):
            continue
        missing = [f for f in FIELDS if f not in h.keys]
        if missing:
            raise ValueError(f"{name}.sql: header lacks {', '.join(missing)}")
        if h.keys["theme"] not in THEME_TITLES:
            raise ValueError(
                f"{name}.sql: theme {h.keys['theme']!r} is not one of {list(THEME_TITLES)}"
            )
        k = h.keys
        measures.append(
            Measure(
                id=k["measure"],
                label=k["label"],
                numerator=k["numerator"],
                denominator=_none(k["denominator"]),
                unit=k["unit"],
                recommendation=k["recommendation"],
                target_setting=_none(k["target"]),
                direction=_none(k["direction"]),
                requires=tuple(t.strip() for t in k["requires"].split(",")),
                theme=k["theme"],
                order=int(k["order"]),
                help=k["help"],
                caveats=k.get("caveats"),
            )
        )
    return tuple(sorted(measures, key=lambda m: (m.order, m.id)))


def measure(measure_id: str) -> Measure:
    return next(m for m in catalogue() if m.id == measure_id)


def _ids() -> tuple[str, ...]:
    return tuple(m.id for m in catalogue())


def _theme(key: str) -> tuple[str, ...]:
    return tuple(m.id for m in catalogue() if m.theme == key)


# The order of the spec's table (docs/measures.md), which pages follow: the headers' order.
SPEC_ORDER = _ids()
# The catalogue read in themes, each measure in one (the board's sections, the pages' tiles).
RECORDING = _theme("recording")
RISK_AND_PROTECTION = _theme("risk_and_protection")
VICTIMS = _theme("victims")
INVESTIGATION = _theme("investigation")
THEMES = {title: _theme(key) for key, title in THEME_TITLES.items()}


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
        "workforce records; the share of medium and high risk cases with a specialist unit shows cases reaching them",
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


def about(name: str, settings: Settings) -> str:
    """What a breakdown or view on a page shows, for the people who read it: its header's help
    text with the force's settings filled in. The header's description is for developers
    (docs/sql.md) and never reaches a page; an object a page explains must have a help."""
    text = headers()[name].keys.get("help")
    if not text:
        raise KeyError(f"{name}.sql has no help: line for the pages")
    return fill(text, settings)


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
