"""Contract v2's casework (issue 12): the officer in charge, how victims were given their
rights and whether they declined support, supervisors' screenings of course-of-conduct
crimes, multi-agency panels, satisfaction surveys and complaints.

Drawn from a random stream of their own (generate.py), after the people are linked and
before the situations are planted, so the v1 facts of every crime are drawn exactly as
before. Each draw is vectorised over the crimes [start, n) of the plan (victims: their
two rows per crime).

Magnitudes (spec/domain.md gives none for these; the generator's choices, stated in
sample_data/README.md): about 13 % of assessed victims decline support and 85 % of them
are then not referred; 85 % of course-of-conduct crimes are screened, about 80 % of
those within 24 hours; a screening that finds stalking is the moment the crime became
stalking (its reclassification or its included stalking classification), so screenings
and classifications agree; about 75 % of high-risk and 4 % of medium-risk crimes go to
a panel (MARAC for most domestic abuse); 20 % of first victims are surveyed, about two
in three satisfied; 3 complaints per 100 crimes, about 1 in 5 upheld.
"""

from __future__ import annotations

import numpy as np

from pipelines.contract import (
    PANELS,
    RIGHTS_CHANNELS,
    RISK_LEVELS,
    SATISFACTION,
    SCREENING_OUTCOMES,
)
from sample_data.basics import DAY, HOUR, NAT, idx, lognormal, pick, pick_rows, probs, uniform
from sample_data.plan import ComplaintPlan, PanelPlan, Plan, ScreeningPlan
from sample_data.reference import GROUPS, OFFENCE_CODES, OFFENCE_GROUP

CHANNELS = {
    "in_person": 0.45,
    "phone": 0.35,
    "letter": 0.05,
    "email": 0.08,
    "portal": 0.05,
    "other": 0.02,
}
SATISFIED = {
    "very_satisfied": 0.33,
    "fairly_satisfied": 0.34,
    "neither": 0.12,
    "fairly_dissatisfied": 0.12,
    "very_dissatisfied": 0.09,
}
PANEL_DOMESTIC = {
    "marac": 0.84,
    "matac": 0.04,
    "mappa": 0.05,
    "esip": 0.03,
    "masip": 0.02,
    "other": 0.02,
}
PANEL_OTHER = {"mappa": 0.35, "esip": 0.3, "masip": 0.2, "matac": 0.03, "other": 0.12}

# The plan group of each offence code (position in OFFENCE_CODES); -1 outside the plan's groups.
CODE_GROUP = np.array(
    [GROUPS.index(OFFENCE_GROUP[c]) if OFFENCE_GROUP[c] in GROUPS else -1 for c in OFFENCE_CODES]
)
STALKING_CODE = CODE_GROUP == GROUPS.index("stalking")
COURSE_OF_CONDUCT = tuple(
    GROUPS.index(g)
    for g in ("harassment", "malicious_communications", "breach_of_order", "coercive_control")
)


def empty(n: int) -> dict:
    """The v2 casework parts of n crimes with nothing drawn yet (draw.draw_plan)."""
    none, never = np.full(n, -1, np.int8), np.full(n, NAT)
    return {
        "screening": ScreeningPlan(never.copy(), none.copy(), never.copy(), none.copy()),
        "panels": PanelPlan(none.copy(), never.copy(), never.copy()),
        "complaints": ComplaintPlan(never.copy(), never.copy(), none.copy()),
    }


def became_stalking(plan: Plan) -> np.ndarray:
    """Per crime: the moment a crime first recorded as something else became stalking
    (a stalking principal after reclassification, or an included stalking
    classification never removed); NAT if it did not."""
    c = plan.classifications
    first_not = ~STALKING_CODE[c.first_code]
    second = first_not & (c.second_code >= 0) & STALKING_CODE[c.second_code.clip(0)]
    included = (
        first_not
        & (c.included_code >= 0)
        & STALKING_CODE[c.included_code.clip(0)]
        & (c.included_removed_at == NAT)
    )
    return np.select(
        [second & included, second, included],
        [np.minimum(c.second_at, c.included_at), c.second_at, c.included_at],
        NAT,
    )


def draw_casework(rng, plan: Plan, start: int, officers: np.ndarray, officer_area, area) -> None:
    """Draw the v2 casework of crimes [start, n). `officers` are the staff rows that
    take cases (sorted by area), `officer_area` their areas, `area` each crime's area."""
    n = plan.n
    rows = np.arange(start, n)
    _officers(rng, plan, rows, officers, officer_area, area)
    _needs_and_surveys(rng, plan, start)
    _screenings(rng, plan, rows)
    _panels(rng, plan, rows)
    _complaints(rng, plan, rows)


def _officers(rng, plan: Plan, rows, officers, officer_area, area) -> None:
    """The officer in charge: one who takes cases in the crime's area (any, if none)."""
    c, risk = plan.crimes, plan.risk
    k = len(rows)
    if not len(officers):
        return
    starts = np.searchsorted(officer_area, np.arange(area.max() + 1 if len(area) else 0))
    ends = np.searchsorted(officer_area, np.arange(area.max() + 1 if len(area) else 0), "right")

    def pick_officer(u):
        a = area[rows]
        lo, hi = starts[a], ends[a]
        size = hi - lo
        local = lo + (u * np.maximum(size, 1)).astype(np.int64)
        anywhere = (u * len(officers)).astype(np.int64)
        return officers[np.where(size > 0, local, anywhere)]

    first, later = pick_officer(rng.random(k)), pick_officer(rng.random(k))
    blank = rng.random(k) < 0.02
    c.officer[rows] = np.where((risk.first_unit[rows] >= 0) & ~blank, first, -1)
    c.later_officer[rows] = np.where(risk.later_unit[rows] >= 0, later, -1)


def _needs_and_surveys(rng, plan: Plan, start: int) -> None:
    """Rights channel and declined support on needs assessments (a victim who declines
    is mostly not referred); satisfaction surveys of some victims."""
    v, inv, c = plan.victims, plan.investigation, plan.crimes
    n = plan.n
    rows = np.concatenate([np.arange(start, n), np.arange(n + start, 2 * n)])
    ci = rows % n
    m = len(rows)
    assessed = v.needs_assessed_at[rows] != NAT
    channel = np.where(rng.random(m) < 0.04, -1, pick(rng, RIGHTS_CHANNELS, CHANNELS, m))
    v.rights_channel[rows] = np.where(assessed, channel, -1)
    declined = np.where(rng.random(m) < 0.03, -1, rng.random(m) < 0.13).astype(np.int8)
    v.support_declined[rows] = np.where(assessed, declined, -1)
    not_referred = assessed & (declined == 1) & (rng.random(m) < 0.85)
    v.referral_count[rows[not_referred]] = 0

    second = rows >= n
    surveyed = rng.random(m) < np.where(second, 0.10, 0.20)
    closed = inv.outcome_at[ci]
    base = np.where(closed != NAT, closed, c.created_at[ci] + 30 * DAY)
    at = base + uniform(rng, 14 * DAY, 45 * DAY, m)
    satisfaction = np.where(rng.random(m) < 0.02, -1, pick(rng, SATISFACTION, SATISFIED, m))
    v.surveyed_at[rows] = np.where(surveyed, at, NAT)
    v.satisfaction[rows] = np.where(surveyed, satisfaction, -1)


def _screenings(rng, plan: Plan, rows) -> None:
    """Course-of-conduct crimes (first principal harassment, malicious communications,
    breach or coercive control): most screened, many within a day. A crime that became
    stalking was screened at that moment and found to be stalking; the others were
    found not to be, or sent for further enquiry (half of those screened again)."""
    s, created = plan.screening, plan.crimes.created_at[rows]
    k = len(rows)
    first_group = CODE_GROUP[plan.classifications.first_code[rows]]
    course = np.isin(first_group, COURSE_OF_CONDUCT)
    found = became_stalking(plan)[rows]
    became = course & (found != NAT)
    screened = course & (rng.random(k) < np.where(became, 0.95, 0.85))
    delay = lognormal(rng, 8 * HOUR, 1.3, k)
    # Found to be stalking: screened at the moment it was classified as stalking (the
    # screening and the classification appear together in any snapshot).
    at = np.where(became, np.maximum(found, created), created + delay)
    outcome = pick(rng, SCREENING_OUTCOMES, {"not_stalking": 0.85, "further_enquiry": 0.12}, k)
    outcome = np.where(rng.random(k) < 0.03, -1, outcome)
    outcome = np.where(became, idx(SCREENING_OUTCOMES, "stalking_identified"), outcome)
    s.first_at[rows] = np.where(screened, at, NAT)
    s.first_outcome[rows] = np.where(screened, outcome, -1)
    again = (
        screened & (outcome == idx(SCREENING_OUTCOMES, "further_enquiry")) & (rng.random(k) < 0.5)
    )
    s.second_at[rows] = np.where(again, at + uniform(rng, 2 * DAY, 10 * DAY, k), NAT)
    s.second_outcome[rows] = np.where(again, idx(SCREENING_OUTCOMES, "not_stalking"), -1)


def _panels(rng, plan: Plan, rows) -> None:
    """High-risk crimes (and a few medium) referred to a multi-agency panel a few days
    after the report or the escalation: MARAC for most domestic abuse."""
    r, risk, p = plan.risk, plan.risk, plan.panels
    k = len(rows)
    # The level the crime ends with (an escalation shows only with its moment).
    level = np.where(r.raised_at[rows] != NAT, r.raised_level[rows], r.record_level[rows])
    high, medium = level == idx(RISK_LEVELS, "high"), level == idx(RISK_LEVELS, "medium")
    referred = rng.random(k) < np.select([high, medium], [0.75, 0.04], 0.0)
    domestic = plan.crimes.domestic_abuse[rows] == 1
    W = np.where(domestic[:, None], probs(PANELS, PANEL_DOMESTIC), probs(PANELS, PANEL_OTHER))
    panel = pick_rows(rng, W)
    base = np.where(
        risk.raised_at[rows] != NAT, risk.raised_at[rows], plan.crimes.reported_at[rows]
    )
    at = base + np.maximum(lognormal(rng, 2 * DAY, 0.8, k), 2 * HOUR)
    heard = at + uniform(rng, 3 * DAY, 21 * DAY, k)
    p.panel[rows] = np.where(referred, panel, -1)
    p.referred_at[rows] = np.where(referred, at, NAT)
    p.heard_at[rows] = np.where(referred & (rng.random(k) >= 0.05), heard, NAT)


def _complaints(rng, plan: Plan, rows) -> None:
    """About 3 crimes in 100 draw a complaint, weeks or months after the report; it is
    decided a few weeks later, about 1 in 5 upheld."""
    c, created = plan.complaints, plan.crimes.created_at[rows]
    k = len(rows)
    complained = rng.random(k) < 0.03
    received = created + uniform(rng, 14 * DAY, 300 * DAY, k)
    decided = received + uniform(rng, 20 * DAY, 120 * DAY, k)
    upheld = np.where(rng.random(k) < 0.03, -1, rng.random(k) < 0.2).astype(np.int8)
    c.received_at[rows] = np.where(complained, received, NAT)
    c.decided_at[rows] = np.where(complained, decided, NAT)
    c.upheld[rows] = np.where(complained, upheld, -1)
