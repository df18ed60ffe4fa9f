"""Victims and suspects: their rows on each crime, and the people behind them.

A plan holds two victim and two suspect rows per crime (the first of each crime,
then a possible second one). `link_people` numbers the people: a repeat victim
or suspect carries the number of the crime that first brought them in, so their
pseudonym and their age and sex (functions of the person) repeat too.
"""

from __future__ import annotations

import numpy as np

from pipelines.contract import (
    INTERVIEWS,
    MAPPA_LEVELS,
    REFERRAL_OUTCOMES,
    RELATIONSHIPS,
    RISK_LEVELS,
    SEARCH_POWERS,
    SERVICES,
)
from sample_data.basics import (
    DAY,
    HOUR,
    MIN,
    NAT,
    SECOND_PERSON,
    YEAR,
    idx,
    lognormal,
    pick,
    pick_rows,
    set_null,
    uniform,
)
from sample_data.plan import CrimePlan, InvestigationPlan, Plan, RiskPlan, SuspectPlan, VictimPlan
from sample_data.reference import BREACH, CHARGED, COERCE, HARASS, MALCOMM, STALK

# Relationships where suspect and victim are connected (partners, ex-partners, family).
CONNECTED = tuple(idx(RELATIONSHIPS, r) for r in ("ex_partner", "partner", "family"))


def draw_victims(rng, crimes: CrimePlan, risk: RiskPlan, inv: InvestigationPlan) -> VictimPlan:
    """Victim rows: [0, n) the first victim of each crime, [n, 2n) a second one."""
    n = len(crimes.reported_at)
    m = 2 * n
    ci = np.concatenate([np.arange(n), np.arange(n)])
    vulnerable = np.where(rng.random(m) < 0.05, -1, rng.random(m) < 0.15).astype(np.int8)
    age_blank, sex_blank = rng.random(m) < 0.01, rng.random(m) < 0.005
    r = crimes.reported_at[ci]
    created = crimes.created_at[ci]
    stalk = crimes.group[ci] == STALK
    na = rng.random(m) < 0.90
    blank = na & (rng.random(m) < 0.03)
    na_at = np.where(na & ~blank, r + np.maximum(lognormal(rng, 18 * HOUR, 1.2, m), 10 * MIN), NAT)
    na_row_at = np.where(blank, created + uniform(rng, HOUR, 3 * DAY, m), na_at)
    rights = np.where(rng.random(m) < 0.03, -1, rng.random(m) < 0.95).astype(np.int8)
    enhanced = np.where(rng.random(m) < 0.03, -1, rng.random(m) < np.where(stalk, 0.8, 0.5)).astype(
        np.int8
    )
    # Referrals: 0-3 distinct services, the first mostly within 2 days.
    k = np.where(stalk[:, None], [0.10, 0.45, 0.32, 0.13], [0.15, 0.55, 0.24, 0.06])
    referral_count = pick_rows(rng, k)
    service = _draw_services(
        rng,
        stalk,
        crimes.domestic_abuse[ci] == 1,
        risk.record_level[ci] == idx(RISK_LEVELS, "high"),
    )
    first = r + np.maximum(lognormal(rng, 20 * HOUR, 1.2, m), 10 * MIN)
    second = first + uniform(rng, DAY, 30 * DAY, m)
    third = second + uniform(rng, DAY, 30 * DAY, m)
    referred_at = np.stack([first, second, third], axis=1)
    out = pick(
        rng,
        REFERRAL_OUTCOMES,
        {"engaged": 0.45, "declined": 0.2, "no_contact": 0.15, "pending": 0.12},
        (m, 3),
    )
    out[rng.random((m, 3)) < 0.08] = -1
    outcome_at = np.where(out >= 0, referred_at + uniform(rng, DAY, 21 * DAY, (m, 3)), NAT)
    vps_offered, vps_taken = _draw_statements(rng, r, created, inv, ci)
    return VictimPlan(
        person=np.full(m, -1, np.int64),
        vulnerable=vulnerable,
        age_blank=age_blank,
        sex_blank=sex_blank,
        needs_assessed_at=na_at,
        needs_row_at=na_row_at,
        rights_explained=rights,
        enhanced_rights=enhanced,
        referral_count=referral_count,
        referral_service=service,
        referred_at=referred_at,
        referral_outcome=out,
        referral_outcome_at=outcome_at,
        vps_offered_at=vps_offered,
        vps_taken_at=vps_taken,
        # v2, drawn from a stream of its own (casework.py)
        rights_channel=np.full(m, -1, np.int8),
        support_declined=np.full(m, -1, np.int8),
        surveyed_at=np.full(m, NAT),
        satisfaction=np.full(m, -1, np.int8),
    )


def _draw_services(rng, stalk, da, high) -> np.ndarray:
    """Three distinct services per victim row, most likely first."""
    W = np.zeros((len(stalk), len(SERVICES)))
    W[:, idx(SERVICES, "victim_support")] = np.where(stalk, 3.0, 4.0)
    W[:, idx(SERVICES, "idva")] = np.where(da, 2.5, 0.1)
    W[:, idx(SERVICES, "isac")] = np.where(stalk, 2.0, 0.2)
    W[:, idx(SERVICES, "paladin")] = np.where(stalk, np.where(high, 2.0, 0.6), 0.05)
    W[:, idx(SERVICES, "national_stalking_helpline")] = np.where(stalk, 1.0, 0.2)
    W[:, idx(SERVICES, "other")] = 0.4
    keys = np.log(W) + rng.gumbel(size=W.shape)
    return np.argsort(-keys, axis=1)[:, :3].astype(np.int8)


def _draw_statements(rng, r, created, inv: InvestigationPlan, ci):
    """Victim personal statement: offered to most victims of charged cases."""
    m = len(ci)
    charged = inv.outcome_code[ci] == CHARGED
    offered = rng.random(m) < np.where(charged, 0.85, 0.30)
    off_at = np.where(
        charged,
        inv.outcome_at[ci] - uniform(rng, 0, 10 * DAY, m),
        created + uniform(rng, 2 * DAY, 60 * DAY, m),
    )
    vps_offered = np.where(offered, np.maximum(off_at, r), NAT)
    taken = offered & (rng.random(m) < np.where(charged, 0.65, 0.5))
    vps_taken = np.where(taken, vps_offered + uniform(rng, 0, 14 * DAY, m), NAT)
    return vps_offered, vps_taken


def draw_suspects(rng, crimes: CrimePlan, risk: RiskPlan, inv: InvestigationPlan) -> SuspectPlan:
    """Suspect rows: [0, n) the first suspect of each crime, [n, 2n) a second one."""
    n = len(crimes.reported_at)
    m = 2 * n
    age_blank, sex_blank = rng.random(m) < 0.02, rng.random(m) < 0.01
    ci = np.concatenate([np.arange(n), np.arange(n)])
    r = crimes.reported_at[ci]
    level = np.maximum(risk.record_level, risk.raised_level)[ci]
    high, medium = level == idx(RISK_LEVELS, "high"), level == idx(RISK_LEVELS, "medium")
    second = np.arange(m) >= n
    arrest_p = np.select([high, medium], [0.8, 0.5], 0.32) * np.where(second, 0.6, 1.0)
    arrested = rng.random(m) < arrest_p
    median = np.select([high, medium], [10 * HOUR, 3 * DAY], 8 * DAY)
    arrested_at = np.where(
        arrested,
        r + np.maximum((median * np.exp(rng.standard_normal(m))).astype(np.int64), 20 * MIN),
        NAT,
    )
    a = pick(rng, INTERVIEWS, {"under_arrest": 0.9, "none": 0.07, "voluntary": 0.03}, m)
    b = pick(rng, INTERVIEWS, {"voluntary": 0.35, "none": 0.65}, m)
    interview = set_null(rng, np.where(arrested, a, b), 0.03)
    interview_at = np.select(
        [interview == idx(INTERVIEWS, "under_arrest"), interview == idx(INTERVIEWS, "voluntary")],
        [
            arrested_at + uniform(rng, 2 * HOUR, 20 * HOUR, m),
            r + uniform(rng, 3 * DAY, 40 * DAY, m),
        ],
        crimes.created_at[ci],
    )
    search_if_indictable = pick(
        rng, SEARCH_POWERS, {"none": 0.78, "s18": 0.10, "s32": 0.10, "warrant": 0.02}, m
    )
    search_otherwise = pick(
        rng, SEARCH_POWERS, {"none": 0.865, "s18": 0.015, "s32": 0.10, "warrant": 0.02}, m
    )
    search_blank = rng.random(m) < 0.02
    mappa = set_null(
        rng, pick(rng, MAPPA_LEVELS, {"none": 0.935, "1": 0.04, "2": 0.02, "3": 0.005}, m), 0.003
    )
    charged = inv.outcome_code[ci] == CHARGED
    charged_at = np.where(charged & (~second | (rng.random(m) < 0.5)), inv.outcome_at[ci], NAT)
    return SuspectPlan(
        person=np.full(m, -1, np.int64),
        age_blank=age_blank,
        sex_blank=sex_blank,
        arrested_at=arrested_at,
        interview=interview,
        interview_at=interview_at,
        search_if_indictable=search_if_indictable,
        search_otherwise=search_otherwise,
        search_blank=search_blank,
        mappa_level=mappa,
        charged_at=charged_at,
    )


# ---------------------------------------------------------------- repeat people


def link_people(rng, plan: Plan, start: int) -> None:
    """Repeat victims and suspects. Crime i (>= start) may share its suspect,
    its victim or both with a crime reported some days before it (most within
    a year, some just beyond). A person is numbered by the crime that first
    brought them in."""
    c, has_suspect = plan.crimes, plan.investigation.has_suspect
    reported, group = c.reported_at, c.group
    n = plan.n
    new = np.arange(start, n)
    k = len(new)
    u = rng.random(k)
    kind = np.select([u < 0.09, u < 0.14, u < 0.17], [3, 1, 2], 0)  # 1 suspect, 2 victim, 3 both
    w = rng.random(k)
    gap = np.select(
        [w < 0.7, w < 0.9],
        [rng.exponential(60 * DAY, k), rng.uniform(0, YEAR, k)],
        rng.uniform(YEAR, YEAR + 60 * DAY, k),
    ).astype(np.int64)
    target = reported[new] - gap
    parent = np.searchsorted(reported, target).clip(0, n - 1)
    same = rng.random(k) < 0.6  # most repeats are the same kind of crime
    for g in (STALK, HARASS, MALCOMM, COERCE):
        members = np.flatnonzero(group == g)
        sel = same & (group[new] == g)
        if len(members) and sel.any():
            parent[sel] = members[
                np.searchsorted(reported[members], target[sel]).clip(0, len(members) - 1)
            ]
    ok = (kind > 0) & (parent < new) & (target >= reported[0])
    ok &= (group[new] != BREACH) & (group[parent] != BREACH)  # breaches follow their order
    ok &= (group[new] != COERCE) | np.isin(c.relationship[parent], CONNECTED) | (kind == 1)
    sus_link = ok & (kind & 1 > 0) & has_suspect[parent] & has_suspect[new]
    vic_link = ok & (kind & 2 > 0)
    both = sus_link & vic_link
    c.relationship[new[both]] = c.relationship[parent[both]]
    c.domestic_abuse[new[both]] = c.domestic_abuse[parent[both]]
    for rows, mask in ((plan.suspects, sus_link), (plan.victims, vic_link)):
        rows.person = _numbered(rows.person, new, parent, mask, start)


def _numbered(person: np.ndarray, new, parent, linked, start: int) -> np.ndarray:
    """Person numbers for 2n rows: rows before `start` keep theirs; a new crime's
    first person is its own crime's number, or its linked ancestor's person; a
    second person has a number of its own."""
    n = len(person) // 2
    root = np.arange(n)
    root[new[linked]] = parent[linked]
    while True:
        nxt = root[root]
        if np.array_equal(nxt, root):
            break
        root = nxt
    full = np.zeros(2 * n, np.int64)
    full[:start] = person[:start]
    full[n : n + start] = person[n : n + start]
    rt = root[new]
    full[new] = np.where(rt < start, full[rt], rt)
    full[n + new] = SECOND_PERSON + new
    return full
