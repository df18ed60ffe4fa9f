"""World tables (no randomness): the plan as one Arrow table per contract table.

Each row carries the moment it comes into being (`_at`) and every event with its
own moment, however late; write.py takes the state as at a moment from these.
Each row also carries `_row`, its position, so a filtered copy can be written in
the same order. Crime-scoped rows carry `ci` (the crime's plan row) and the
parts of its reference (`seq`, `yy`).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from pipelines.contract import (
    AGE_BANDS,
    ALLOCATED_UNITS,
    INTERVIEWS,
    MAPPA_LEVELS,
    ONLINE_METHODS,
    ORDER_TYPES,
    PANELS,
    REFERRAL_OUTCOMES,
    RELATIONSHIPS,
    RIGHTS_CHANNELS,
    RISK_LEVELS,
    RISK_TOOLS,
    SATISFACTION,
    SCREENING_OUTCOMES,
    SEARCH_POWERS,
    SERVICES,
    SEXES,
    SPO_DECISIONS,
    STAFF_ROLES,
)
from sample_data.basics import DAY, NAT, idx, person_draw, pseudonym
from sample_data.draw import PLATFORMS
from sample_data.force import ACTIONS, OLD_COURSE, ActionPlan, StaffPlan
from sample_data.geography import Geography
from sample_data.plan import BreachPlan, OrderPlan, Plan
from sample_data.reference import INDICTABLE_CODES, OFFENCE_CODES, TRAINING_COURSE

# Age and sex are functions of the person (the same on every crime).
VICTIM_SEX = {"female": 0.77, "male": 0.205, "other": 0.005, "unknown": 0.02}
VICTIM_AGE = {
    "under_18": 0.06,
    "18_24": 0.16,
    "25_34": 0.27,
    "35_44": 0.22,
    "45_54": 0.14,
    "55_64": 0.08,
    "65_plus": 0.05,
    "unknown": 0.02,
}
SUSPECT_SEX = {"male": 0.82, "female": 0.15, "other": 0.003, "unknown": 0.027}
SUSPECT_AGE = {
    "under_18": 0.04,
    "18_24": 0.14,
    "25_34": 0.28,
    "35_44": 0.25,
    "45_54": 0.16,
    "55_64": 0.08,
    "65_plus": 0.03,
    "unknown": 0.02,
}
VICTIM, SUSPECT = 1, 2  # pseudonym salts


def _ts(a):
    return pa.array(a, type=pa.timestamp("s"), mask=a == NAT)


def _en(codes, values):
    codes = np.asarray(codes).astype(np.int32)
    return pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0), pa.array(list(values)))


def _bool(a):
    return pa.array(a == 1, mask=a < 0)


def _later(a, b):
    return np.where(a == NAT, NAT, np.maximum(a, b))


def _table(plan: Plan, ci, columns: dict) -> pa.Table:
    """A crime-scoped world table: the crime's row and reference, then the columns."""
    c = plan.crimes
    refs = {"ci": pa.array(ci), "seq": pa.array(c.ref_seq[ci]), "yy": pa.array(c.ref_year[ci])}
    return _numbered({**refs, **columns})


def _numbered(columns: dict) -> pa.Table:
    rows = len(next(iter(columns.values())))
    return pa.table({**columns, "_row": pa.array(np.arange(rows))})


def _by_crime(ci: np.ndarray) -> np.ndarray:
    """Row order by crime, keeping the order within a crime (stable)."""
    return np.argsort(ci, kind="stable")


def build_world(
    plan: Plan,
    orders: OrderPlan,
    breaches: BreachPlan,
    seed: int,
    geo: Geography,
    staff: StaffPlan,
    actions: ActionPlan,
) -> dict[str, pa.Table]:
    """The world table of every contract table, by name."""
    inv = plan.investigation
    victim_rows = _person_rows(np.ones(plan.n, bool), inv.second_victim)
    suspect_rows = _person_rows(inv.has_suspect, inv.has_suspect & inv.second_suspect)
    return {
        "crimes": crimes(plan, geo, staff.number),
        "classifications": classifications(plan),
        "victims": victims(plan, victim_rows, seed),
        "suspects": suspects(plan, suspect_rows, seed),
        "risk_assessments": risk_assessments(plan),
        "spo": spo(plan, seed),
        "orders": orders_table(plan, orders, seed),
        "breaches": breaches_table(plan, breaches),
        "needs_assessments": needs_assessments(plan, victim_rows, seed),
        "referrals": referrals(plan, victim_rows, seed),
        "online_methods": online_methods(plan),
        "screenings": screenings(plan),
        "panels": panels(plan),
        "staff": staff_table(staff, geo),
        "training": training(staff),
        "feedback": feedback(plan, victim_rows, seed),
        "complaints": complaints(plan),
        "actions": actions_table(actions),
    }


def crimes(plan: Plan, geo: Geography, staff_numbers: np.ndarray) -> pa.Table:
    c, risk, inv = plan.crimes, plan.risk, plan.investigation
    rep_day = c.reported_at // DAY
    lsoa = c.lsoa
    return _table(
        plan,
        np.arange(plan.n),
        {
            "_at": _ts(c.created_at),
            "reported": _ts(c.reported_at),
            "recorded": _ts(c.recorded_at),
            "offence_from": pa.array(
                (rep_day - c.offence_from_days).astype(np.int32),
                pa.date32(),
                mask=c.offence_from_days < 0,
            ),
            "offence_to": pa.array(
                (rep_day - c.offence_to_days).astype(np.int32),
                pa.date32(),
                mask=c.offence_to_days < 0,
            ),
            "area": _en(geo.area[lsoa], geo.area_codes),
            "nbhd": _en(np.where(c.neighbourhood_blank, -1, geo.msoa[lsoa]), geo.msoa_codes),
            "lsoa": _en(np.where(c.lsoa_blank, -1, lsoa), geo.lsoa),
            "lat": pa.array(c.latitude, mask=c.coordinates_blank),
            "lon": pa.array(c.longitude, mask=c.coordinates_blank),
            "da": _bool(c.domestic_abuse),
            "relationship": _en(c.relationship, RELATIONSHIPS),
            "online": _bool(c.online_element),
            "risk1": _en(risk.record_level, RISK_LEVELS),
            "risk2": _en(risk.raised_level, RISK_LEVELS),
            "risk2_at": _ts(risk.raised_at),
            "alloc1": _en(risk.first_unit, ALLOCATED_UNITS),
            "alloc1_at": _ts(risk.first_allocated_at),
            "alloc2": _en(risk.later_unit, ALLOCATED_UNITS),
            "alloc2_at": _ts(risk.later_allocated_at),
            "cancelled_at": _ts(inv.cancelled_at),
            "outcome": pa.array(inv.outcome_code.astype(np.int32), mask=inv.outcome_code <= 0),
            "outcome_at": _ts(inv.outcome_at),
            "officer": _staff_number(c.officer, staff_numbers),
            "officer2": _staff_number(c.later_officer, staff_numbers),
        },
    )


def _staff_number(rows: np.ndarray, numbers: np.ndarray) -> pa.Array:
    """The pseudonym numbers of staff rows (-1: blank)."""
    return pa.array(numbers[rows.clip(0)] if len(numbers) else rows, mask=rows < 0)


def classifications(plan: Plan) -> pa.Table:
    """First principal, later principal, included stalking and included other."""
    c, created = plan.classifications, plan.crimes.created_at
    ci = np.arange(plan.n)
    second, included, other = c.second_code >= 0, c.included_code >= 0, c.other_code >= 0
    parts = [
        (ci, c.first_code, True, created, c.first_removed_at),
        (ci[second], c.second_code[second], True, c.second_at[second], np.full(second.sum(), NAT)),
        (
            ci[included],
            c.included_code[included],
            False,
            c.included_at[included],
            c.included_removed_at[included],
        ),
        (ci[other], c.other_code[other], False, c.other_at[other], np.full(other.sum(), NAT)),
    ]
    rows = np.concatenate([x[0] for x in parts])
    order = _by_crime(rows)
    rows = rows[order]
    at = np.concatenate([x[3] for x in parts])[order]
    return _table(
        plan,
        rows,
        {
            "_at": _ts(np.maximum(at, created[rows])),
            "code": _en(np.concatenate([x[1] for x in parts])[order], OFFENCE_CODES),
            "principal": pa.array(np.concatenate([np.full(len(x[0]), x[2]) for x in parts])[order]),
            "classified_at": _ts(at),
            "removed_at": _ts(np.concatenate([x[4] for x in parts])[order]),
        },
    )


def _person_rows(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The victim or suspect rows that exist (a first one where `first`, a second
    where `second`), ordered by crime, the first before the second."""
    n = len(first)
    rows = np.flatnonzero(np.concatenate([first, second]))
    both = np.concatenate([np.arange(n), np.arange(n)])
    return rows[_by_crime(both[rows])]


def _crime_of(plan: Plan, rows: np.ndarray) -> np.ndarray:
    return rows % plan.n


def _age_sex(person, age_blank, sex_blank, salt: int, ages: dict, sexes: dict) -> dict:
    return {
        "age": _en(np.where(age_blank, -1, person_draw(person, salt, AGE_BANDS, ages)), AGE_BANDS),
        "sex": _en(np.where(sex_blank, -1, person_draw(person, salt + 1, SEXES, sexes)), SEXES),
    }


def victims(plan: Plan, rows: np.ndarray, seed: int) -> pa.Table:
    v, ci = plan.victims, _crime_of(plan, rows)
    person = v.person[rows]
    return _table(
        plan,
        ci,
        {
            "_at": _ts(plan.crimes.created_at[ci]),
            "vh": pa.array(pseudonym(person, seed, VICTIM)),
            **_age_sex(
                person, v.age_blank[rows], v.sex_blank[rows], seed * 31 + 1, VICTIM_AGE, VICTIM_SEX
            ),
            "vulnerable": _bool(v.vulnerable[rows]),
            "vps_offered": _ts(v.vps_offered_at[rows]),
            "vps_taken": _ts(v.vps_taken_at[rows]),
        },
    )


def _indictable(plan: Plan) -> np.ndarray:
    """Per crime: a classification never removed (whenever it was added) is indictable."""
    c = plan.classifications
    codes = np.stack([c.first_code, c.second_code, c.included_code, c.other_code], axis=1)
    current = np.stack(
        [
            c.first_removed_at == NAT,
            c.second_code >= 0,
            (c.included_code >= 0) & (c.included_removed_at == NAT),
            c.other_code >= 0,
        ],
        1,
    )
    indictable = [OFFENCE_CODES.index(code) for code in INDICTABLE_CODES]
    return (np.isin(codes, indictable) & current).any(axis=1)


def suspects(plan: Plan, rows: np.ndarray, seed: int) -> pa.Table:
    s, ci = plan.suspects, _crime_of(plan, rows)
    person = s.person[rows]
    created = plan.crimes.created_at[ci]
    arrested = s.arrested_at[rows]
    search = np.where(
        arrested == NAT,
        idx(SEARCH_POWERS, "none"),
        np.where(_indictable(plan)[ci], s.search_if_indictable[rows], s.search_otherwise[rows]),
    )
    return _table(
        plan,
        ci,
        {
            "_at": _ts(created),
            "sh": pa.array(pseudonym(person, seed, SUSPECT)),
            **_age_sex(
                person,
                s.age_blank[rows],
                s.sex_blank[rows],
                seed * 31 + 3,
                SUSPECT_AGE,
                SUSPECT_SEX,
            ),
            "arrested": _ts(arrested),
            "interview": _en(s.interview[rows], INTERVIEWS),
            "interview_at": _ts(s.interview_at[rows]),
            "search": _en(np.where(s.search_blank[rows], -1, search), SEARCH_POWERS),
            "search_at": _ts(np.where(arrested == NAT, created, arrested)),
            "charged": _ts(s.charged_at[rows]),
            "mappa": _en(s.mappa_level[rows], MAPPA_LEVELS),
        },
    )


def risk_assessments(plan: Plan) -> pa.Table:
    """Up to two per crime."""
    r, ci = plan.risk, np.arange(plan.n)
    has1, has2 = r.first_tool >= 0, r.second_tool >= 0
    rows = np.concatenate([ci[has1], ci[has2]])
    order = _by_crime(rows)
    rows = rows[order]
    at = np.concatenate([r.first_at[has1], r.second_at[has2]])[order]
    return _table(
        plan,
        rows,
        {
            "_at": _ts(np.maximum(at, plan.crimes.created_at[rows])),
            "tool": _en(
                np.concatenate([r.first_tool[has1], r.second_tool[has2]])[order], RISK_TOOLS
            ),
            "completed": _ts(at),
            "level": _en(
                np.concatenate([r.first_level[has1], r.second_level[has2]])[order], RISK_LEVELS
            ),
        },
    )


def spo(plan: Plan, seed: int) -> pa.Table:
    """SPO consideration, for the first suspect."""
    s = plan.spo
    q = np.flatnonzero(s.has_row & plan.investigation.has_suspect)
    row_at = np.where(s.considered_at[q] == NAT, s.row_at[q], s.considered_at[q])
    return _table(
        plan,
        q,
        {
            "_at": _ts(_later(row_at, plan.crimes.created_at[q])),
            "sh": pa.array(pseudonym(plan.suspects.person[q], seed, SUSPECT)),
            "considered": _ts(s.considered_at[q]),
            "decision": _en(s.decision[q], SPO_DECISIONS),
            "applied": _ts(s.applied_at[q]),
            "interim": _ts(s.interim_at[q]),
            "granted": _ts(s.granted_at[q]),
            "refused": _ts(s.refused_at[q]),
            "interim_onum": pa.array(s.interim_order[q], mask=s.interim_order[q] < 0),
            "full_onum": pa.array(s.full_order[q], mask=s.full_order[q] < 0),
        },
    )


def orders_table(plan: Plan, orders: OrderPlan, seed: int) -> pa.Table:
    origin = orders.origin_crime
    known = origin >= 0
    c = plan.crimes
    return _numbered(
        {
            "onum": pa.array(orders.number),
            "sh": pa.array(pseudonym(orders.suspect, seed, SUSPECT)),
            "type": _en(orders.order_type, ORDER_TYPES),
            "granted": _ts(orders.granted_at),
            "expires": _ts(orders.expires_at),
            "oseq": pa.array(np.where(known, c.ref_seq[origin.clip(0)], 0), mask=~known),
            "oyy": pa.array(np.where(known, c.ref_year[origin.clip(0)], 0), mask=~known),
        }
    )


def breaches_table(plan: Plan, breaches: BreachPlan) -> pa.Table:
    order = _by_crime(breaches.crime)
    ci = breaches.crime[order]
    c = plan.crimes
    return _table(
        plan,
        ci,
        {
            "_at": _ts(c.created_at[ci]),
            "onum": pa.array(breaches.order_number[order]),
            "breached": _ts(np.where(c.breach_date_blank[ci], NAT, c.breached_at[ci])),
        },
    )


def needs_assessments(plan: Plan, victim_rows: np.ndarray, seed: int) -> pa.Table:
    v = plan.victims
    rows = victim_rows[v.needs_row_at[victim_rows] != NAT]
    ci = _crime_of(plan, rows)
    return _table(
        plan,
        ci,
        {
            "_at": _ts(np.maximum(v.needs_row_at[rows], plan.crimes.created_at[ci])),
            "vh": pa.array(pseudonym(v.person[rows], seed, VICTIM)),
            "completed": _ts(v.needs_assessed_at[rows]),
            "rights": _bool(v.rights_explained[rows]),
            "enhanced": _bool(v.enhanced_rights[rows]),
            "channel": _en(v.rights_channel[rows], RIGHTS_CHANNELS),
            "declined": _bool(v.support_declined[rows]),
        },
    )


def referrals(plan: Plan, victim_rows: np.ndarray, seed: int) -> pa.Table:
    """Up to three per victim: the first, second and third of each victim in turn."""
    v = plan.victims
    k = v.referral_count[victim_rows]
    sel = [victim_rows[k > j] for j in range(3)]
    ci = np.concatenate([_crime_of(plan, x) for x in sel])
    order = _by_crime(ci)
    ci = ci[order]

    def stack(values):
        return np.concatenate([values[x, j] for j, x in enumerate(sel)])[order]

    at = stack(v.referred_at)
    return _table(
        plan,
        ci,
        {
            "_at": _ts(np.maximum(at, plan.crimes.created_at[ci])),
            "vh": pa.array(
                pseudonym(np.concatenate([v.person[x] for x in sel])[order], seed, VICTIM)
            ),
            "service": _en(stack(v.referral_service), SERVICES),
            "referred": _ts(at),
            "outcome": _en(stack(v.referral_outcome), REFERRAL_OUTCOMES),
            "outcome_at": _ts(stack(v.referral_outcome_at)),
        },
    )


def online_methods(plan: Plan) -> pa.Table:
    o = plan.online
    sel = [np.flatnonzero(o.count > j) for j in range(3)]
    ci = np.concatenate(sel)
    order = _by_crime(ci)
    ci = ci[order]
    return _table(
        plan,
        ci,
        {
            "_at": _ts(plan.crimes.created_at[ci]),
            "method": _en(
                np.concatenate([o.method[x, j] for j, x in enumerate(sel)])[order], ONLINE_METHODS
            ),
            "platform": _en(
                np.concatenate([o.platform[x, j] for j, x in enumerate(sel)])[order], PLATFORMS
            ),
        },
    )


# ---------------------------------------------------------------- contract v2


def screenings(plan: Plan) -> pa.Table:
    """Up to two per crime: the first screening and one after further enquiry."""
    sc, ci = plan.screening, np.arange(plan.n)
    has1, has2 = sc.first_at != NAT, sc.second_at != NAT
    rows = np.concatenate([ci[has1], ci[has2]])
    order = _by_crime(rows)
    rows = rows[order]
    at = np.concatenate([sc.first_at[has1], sc.second_at[has2]])[order]
    outcome = np.concatenate([sc.first_outcome[has1], sc.second_outcome[has2]])[order]
    return _table(
        plan,
        rows,
        {
            "_at": _ts(np.maximum(at, plan.crimes.created_at[rows])),
            "screened": _ts(at),
            "outcome": _en(outcome, SCREENING_OUTCOMES),
        },
    )


def panels(plan: Plan) -> pa.Table:
    p = plan.panels
    rows = np.flatnonzero(p.panel >= 0)
    return _table(
        plan,
        rows,
        {
            "_at": _ts(np.maximum(p.referred_at[rows], plan.crimes.created_at[rows])),
            "panel": _en(p.panel[rows], PANELS),
            "referred": _ts(p.referred_at[rows]),
            "heard": _ts(p.heard_at[rows]),
        },
    )


def staff_table(staff: StaffPlan, geo: Geography) -> pa.Table:
    """Every member of staff, from the start (the staff table holds no moment)."""
    return _numbered(
        {
            "snum": pa.array(staff.number),
            "role": _en(staff.role, STAFF_ROLES),
            "area": _en(staff.area, geo.area_codes),
            "in_scope": _bool(staff.in_scope),
        }
    )


def training(staff: StaffPlan) -> pa.Table:
    """Course completions, by staff member then moment; each exists from its moment."""
    return _numbered(
        {
            "_at": _ts(staff.course_at),
            "snum": pa.array(staff.number[staff.course_staff]),
            "course": _en(staff.course_old.astype(np.int8), (TRAINING_COURSE, OLD_COURSE)),
            "completed": _ts(staff.course_at),
        }
    )


def feedback(plan: Plan, victim_rows: np.ndarray, seed: int) -> pa.Table:
    """Satisfaction surveys: at most one per victim row."""
    v = plan.victims
    rows = victim_rows[v.surveyed_at[victim_rows] != NAT]
    ci = _crime_of(plan, rows)
    return _table(
        plan,
        ci,
        {
            "_at": _ts(np.maximum(v.surveyed_at[rows], plan.crimes.created_at[ci])),
            "vh": pa.array(pseudonym(v.person[rows], seed, VICTIM)),
            "surveyed": _ts(v.surveyed_at[rows]),
            "satisfaction": _en(v.satisfaction[rows], SATISFACTION),
        },
    )


def complaints(plan: Plan) -> pa.Table:
    """At most one per crime, numbered in the order received (CMP-NNNNNN): the numbers
    of those received by the as-at moment do not depend on the delta's new crimes."""
    c = plan.complaints
    rows = np.flatnonzero(c.received_at != NAT)
    rows = rows[np.lexsort((rows, c.received_at[rows]))]
    return _table(
        plan,
        rows,
        {
            "_at": _ts(c.received_at[rows]),
            "cnum": pa.array(np.arange(1, len(rows) + 1)),
            "received": _ts(c.received_at[rows]),
            "decided": _ts(c.decided_at[rows]),
            "upheld": _bool(c.upheld[rows]),
        },
    )


def actions_table(actions: ActionPlan) -> pa.Table:
    """The action plan: dates of its life; the status as at a moment follows (write.py)."""

    def day(d):
        return pa.array(d.astype(np.int32), pa.date32(), mask=d < 0)

    k = len(ACTIONS)
    return _numbered(
        {
            "_at": _ts(actions.created * DAY),
            "anum": pa.array(np.arange(1, k + 1)),
            "rec": pa.array([a[0] for a in ACTIONS], pa.int32()),
            "description": pa.array([a[1] for a in ACTIONS]),
            "owner": pa.array([a[2] for a in ACTIONS]),
            "due": day(actions.due),
            "started": day(actions.started),
            "blocked": day(actions.blocked),
            "completed": day(actions.completed),
        }
    )
