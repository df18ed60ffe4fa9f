"""Contract v2's force-level tables (issue 12): the staff the training requirement applies
to, their completions from the learning system, and the force's action plan.

Staff scale with the crime volume: about 1,950 people, 1,800 of them in scope, for a
force reporting 3,000 crimes a year (spec/domain.md: a force of about 1.2 million
people; Hertfordshire's plan counts 1,798 officers for its stalking e-learning). Some
constables, sergeants and police staff investigators take cases: they are the
officers in charge on crimes (casework.py), a few hundred in the committed sample.

Training: the course that counts is setting `training_course` from setting
`training_valid_from` (pipelines/reference/settings.csv). Uptake starts slowly (2-3 %
in the first six weeks, as Hertfordshire's 49 of 1,798 early on) and is partial by
the as-at date, varying by area and role (supervisors first, police staff last).
Some staff also completed the older course (`OLD_COURSE`) and a few the new course in
its pilot, before it counts: neither must count.

The action plan: `ACTIONS` below, one row per action, answering the chief constables'
recommendations; dates relative to the as-at moment (due in the 600 days before it to
45 days after), statuses mixed, a few overdue; one action is completed in the 5 days
after the as-at moment, so a delta carries the register.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import numpy as np

from pipelines.contract import STAFF_ROLES
from sample_data.basics import DAY, HOUR, epoch, lognormal, pick, uniform
from sample_data.reference import TRAINING_VALID_FROM

OLD_COURSE = "STALK-EL-2019"  # the earlier stalking e-learning: does not count
ROLE_WEIGHTS = {
    "constable": 0.52,
    "pcso": 0.09,
    "sergeant": 0.12,
    "inspector": 0.04,
    "chief_inspector": 0.01,
    "police_staff": 0.19,
    "other": 0.03,
}
IN_SCOPE = {  # P(the force requires the training of this person), by role
    "constable": 0.97,
    "pcso": 0.97,
    "sergeant": 0.97,
    "inspector": 0.97,
    "chief_inspector": 0.9,
    "police_staff": 0.75,
    "other": 0.6,
}
TAKES_CASES = {"constable": 0.3, "sergeant": 0.15, "police_staff": 0.08}  # officers in charge
UPTAKE = {  # relative chance of completing the course, by role
    "constable": 0.85,
    "pcso": 0.7,
    "sergeant": 1.0,
    "inspector": 1.0,
    "chief_inspector": 0.95,
    "police_staff": 0.6,
    "other": 0.5,
}

# The force's action plan: (recommendation, what will be done, owner). No personal data.
ACTIONS = (
    (
        7,
        "Make included stalking classifications searchable in the crime system",
        "Head of Crime Recording",
    ),
    (
        7,
        "Add included classifications to the monthly stalking performance report",
        "Performance and Analysis Team",
    ),
    (
        10,
        "Roll out the updated stalking e-learning to all officers and staff in scope",
        "Head of Learning and Development",
    ),
    (
        10,
        "Publish a revised stalking policy and procedure on the intranet",
        "Head of Public Protection",
    ),
    (
        10,
        "Deliver stalking input to all new sergeants and inspectors on promotion",
        "Head of Learning and Development",
    ),
    (
        11,
        "Build a stalking dashboard covering volumes, types and the response",
        "Performance and Analysis Team",
    ),
    (11, "Survey stalking victims about the service they received", "Victim Care Unit"),
    (
        12,
        "Use the stalking screening questions in every stalking risk assessment",
        "Head of Public Protection",
    ),
    (
        12,
        "Review every breach of a protective order at the daily management meeting",
        "Detective Chief Inspector, Public Protection",
    ),
    (
        13,
        "Record an SPO consideration for every stalking crime at the first review",
        "Head of Public Protection",
    ),
    (
        13,
        "Agree a fast-track SPO application route with the legal services team",
        "Force Solicitor",
    ),
    (14, "Check Victims' Code compliance for stalking in monthly dip samples", "Victim Care Unit"),
    (14, "Complete a victim needs assessment for every stalking victim", "Victim Care Unit"),
    (
        14,
        "Refer every stalking victim who wants support within two working days",
        "Victim Care Unit",
    ),
    (
        16,
        "Agree information sharing with the commissioned stalking advocacy service",
        "Office of the Police and Crime Commissioner",
    ),
    (
        16,
        "Review the capacity of the independent stalking advocacy service",
        "Office of the Police and Crime Commissioner",
    ),
    (17, "Allocate medium and high risk stalking to specialist investigators", "Head of Crime"),
    (
        17,
        "Audit stalking allocations against College of Policing guidance",
        "Professional Standards Department",
    ),
    (18, "Introduce a stalking investigation checklist for supervisors", "Head of Crime"),
    (
        18,
        "Dip sample stalking files for victim-centred, suspect-focused investigation",
        "Crime Standards Team",
    ),
    (
        20,
        "Train digital media investigators to support stalking cases",
        "Head of Digital Forensics",
    ),
    (20, "Record online methods and platforms on every stalking crime", "Head of Crime Recording"),
    (22, "Appoint a stalking coordinator in each district", "Head of Public Protection"),
    (22, "Create a network of stalking champions across response teams", "Head of Local Policing"),
    (
        23,
        "Screen harassment and malicious communications crimes for stalking within 24 hours",
        "Crime Management Unit",
    ),
    (23, "Add a stalking prompt to the crime recording triage", "Head of Crime Recording"),
    (
        25,
        "Refer high-risk stalking cases to MARAC or the stalking panel",
        "Head of Public Protection",
    ),
    (
        25,
        "Agree with MAPPA partners how stalking perpetrators are managed",
        "MAPPA Strategic Management Board",
    ),
    (28, "Publish the stalking action plan on the force website", "Corporate Communications"),
    (28, "Publish a six-month progress update on the action plan", "Strategic Planning Team"),
)


@dataclass
class StaffPlan:
    """The force's staff (staff table) and their course completions (training table)."""

    number: np.ndarray  # int64 pseudonym number (OFC + 5 digits), a shuffle of the rows
    role: np.ndarray  # int8 position in STAFF_ROLES; -1 blank
    area: np.ndarray  # int64 position in Geography.area_codes; -1 force-wide (blank)
    in_scope: np.ndarray  # flag3
    takes_cases: np.ndarray  # bool: can be an officer in charge
    course_staff: np.ndarray  # int64 staff row of each completion
    course_old: np.ndarray  # bool: the completion is of OLD_COURSE (else the counted course)
    course_at: np.ndarray  # moment of each completion (the row exists from then)


@dataclass
class ActionPlan:
    """The action plan (actions table): dates as days since 1970-01-01."""

    created: np.ndarray  # day the action entered the register
    due: np.ndarray  # day due
    started: np.ndarray  # day work started; -1 never (in the world's span)
    blocked: np.ndarray  # day it became blocked; -1 never
    completed: np.ndarray  # day completed; -1 never


def staff_count(crimes: int, years: float) -> int:
    """About 1,950 people for 3,000 crimes a year, at least 60, at most 200,000."""
    return int(np.clip(round(1950 * crimes / max(years, 0.1) / 3000), 60, 200_000))


def draw_staff(rng, count: int, area_weights: np.ndarray) -> StaffPlan:
    """Staff by role and area; the course completions of each."""
    role = pick(rng, STAFF_ROLES, ROLE_WEIGHTS, count)
    area = rng.choice(len(area_weights), count, p=area_weights / area_weights.sum())
    area = np.where(rng.random(count) < 0.03, -1, area)  # force-wide posts
    scope_p = _by_role(IN_SCOPE)[role]
    in_scope = np.where(rng.random(count) < 0.005, -1, rng.random(count) < scope_p).astype(np.int8)
    takes = (rng.random(count) < _by_role(TAKES_CASES)[role]) & (in_scope == 1)
    true_role, role = role, np.where(rng.random(count) < 0.005, -1, role).astype(np.int8)
    number = 10001 + rng.permutation(count)

    # The counted course: uptake by area and role, slow at first.
    valid_from = epoch_of(TRAINING_VALID_FROM)
    area_uptake = rng.uniform(0.65, 0.95, len(area_weights))
    p = _by_role(UPTAKE)[true_role] * np.where(area >= 0, area_uptake[area.clip(0)], 0.8)
    p = np.where(in_scope == 1, p, 0.3 * p)
    completes = rng.random(count) < p
    new_at = (
        valid_from
        + lognormal(rng, 240 * DAY, 1.0, count)
        + uniform(rng, 8 * HOUR, 18 * HOUR, count)
    )
    # The older course, years before; the pilot of the new one, before it counts.
    old = rng.random(count) < 0.35
    old_at = valid_from - uniform(rng, 30 * DAY, 5 * 365 * DAY, count)
    pilot = rng.random(count) < 0.025
    pilot_at = valid_from - uniform(rng, HOUR, 90 * DAY, count)
    rows = np.arange(count)
    staff_rows = np.concatenate([rows[completes], rows[old], rows[pilot]])
    at = np.concatenate([new_at[completes], old_at[old], pilot_at[pilot]])
    is_old = np.concatenate(
        [np.zeros(completes.sum(), bool), np.ones(old.sum(), bool), np.zeros(pilot.sum(), bool)]
    )
    order = np.lexsort((at, staff_rows))
    return StaffPlan(
        number=number,
        role=role,
        area=area,
        in_scope=in_scope,
        takes_cases=takes,
        course_staff=staff_rows[order],
        course_old=is_old[order],
        course_at=at[order],
    )


def _by_role(values: dict[str, float]) -> np.ndarray:
    """A value per STAFF_ROLES position (0 for a role not named)."""
    return np.array([values.get(r, 0.0) for r in STAFF_ROLES])


def epoch_of(day: str) -> int:
    """Midnight of an ISO date, in the plan's seconds."""
    d = date.fromisoformat(day)
    return epoch(datetime(d.year, d.month, d.day))


def case_takers(staff: StaffPlan) -> tuple[np.ndarray, np.ndarray]:
    """The staff rows that take cases, sorted by area, and their areas."""
    rows = np.flatnonzero(staff.takes_cases & (staff.area >= 0))
    rows = rows[np.argsort(staff.area[rows], kind="stable")]
    return rows, staff.area[rows]


def draw_actions(rng, as_at: int) -> ActionPlan:
    """Dates of the action plan, relative to the as-at day."""
    k = len(ACTIONS)
    today = as_at // DAY
    created = np.where(rng.random(k) < 0.8, today - 720, today - 540)
    due = today + rng.integers(-600, 46, k)
    started = np.maximum(due - rng.integers(30, 300, k), created)
    long_past = due < today - 90
    complete = rng.random(k) < np.where(long_past, 0.85, 0.2)
    completed = np.where(complete, np.maximum(due + rng.integers(-60, 41, k), started + 14), -1)
    never = ~complete & (due > today - 30) & (rng.random(k) < 0.4)
    started = np.where(never, -1, started)
    blocked = np.where(
        ~complete & ~never & (rng.random(k) < 0.25), started + rng.integers(20, 120, k), -1
    )
    # Planted: the last action is completed two days after the as-at day (a delta
    # carries the register), the first is overdue and in progress.
    completed[-1], blocked[-1], started[-1] = today + 2, -1, max(created[-1], today - 200)
    completed[0], blocked[0], due[0] = -1, -1, today - 30
    started[0] = max(created[0], today - 300)
    return ActionPlan(
        created=created, due=due, started=started, blocked=blocked, completed=completed
    )
