"""Drawing the plan: every random fact of n crimes reported in a span.

Each function takes what earlier draws decided and draws its own subject, in a
fixed order: the random stream is consumed exactly as it always was, so the
same seed gives the same crimes (see generate.py for the steps after this).
"""

from __future__ import annotations

import numpy as np

from pipelines.contract import (
    ALLOCATED_UNITS,
    ONLINE_METHODS,
    RELATIONSHIPS,
    RISK_LEVELS,
    RISK_TOOLS,
    SPO_DECISIONS,
)
from sample_data import casework
from sample_data.basics import (
    DAY,
    HOUR,
    MIN,
    NAT,
    idx,
    lognormal,
    pick,
    pick_rows,
    probs,
    set_null,
    uniform,
)
from sample_data.geography import Geography
from sample_data.people import CONNECTED, draw_suspects, draw_victims
from sample_data.plan import (
    ClassificationPlan,
    CrimePlan,
    InvestigationPlan,
    OnlinePlan,
    Plan,
    RiskPlan,
    SpoPlan,
)
from sample_data.reference import (
    BREACH,
    CODE_WEIGHTS,
    COERCE,
    HARASS,
    MALCOMM,
    OC,
    OUTCOME_NO_SUSPECT,
    OUTCOME_WITH_SUSPECT,
    STALK,
    STALKING_WEIGHTS,
)

HOUR_WEIGHTS = np.array(
    [0.9, 0.6, 0.4, 0.3, 0.25, 0.3, 0.5, 0.8, 1.1, 1.3, 1.35, 1.35,
     1.4, 1.4, 1.45, 1.55, 1.7, 1.9, 2.1, 2.2, 2.1, 1.8, 1.5, 1.2]
)  # fmt: skip  # relative report volume by hour of day, midnight first
WEEKDAY_WEIGHTS = np.array([1.12, 1.05, 1.0, 1.0, 0.97, 0.9, 0.92])  # Monday first

REL_WEIGHTS = {
    "ex_partner": 0.595,
    "acquaintance": 0.15,
    "family": 0.08,
    "work": 0.07,
    "stranger": 0.05,
    "unknown": 0.04,
    "partner": 0.006,
    "neighbour": 0.004,
    "online_only": 0.003,
    "other": 0.002,
}
# P(group) for connected and other relationships; overall about 27 % stalking,
# 40 % harassment, 18 % malicious communications, 8 % coercive control, 7 % breach.
GROUP_P_CONNECTED = np.array([0.27, 0.36, 0.17, 0.118, 0.082])
GROUP_P_OTHER = np.array([0.27, 0.47, 0.20, 0.0, 0.06])
ONLINE_P = np.array([0.42, 0.30, 0.80, 0.40, 0.30])  # P(online element) by group

PLATFORMS = (
    "Instagram",
    "Facebook",
    "Snapchat",
    "TikTok",
    "X",
    "WhatsApp",
    "Telegram",
    "Messenger",
    "Email",
    "AirTag",
    "Xbox Live",
    "PlayStation Network",
    "LinkedIn",
)
PLATFORMS_FOR_METHOD = {
    "social_media": ("Instagram", "Facebook", "Snapchat", "TikTok", "X", "LinkedIn"),
    "messaging": ("WhatsApp", "Snapchat", "Messenger", "Telegram", "Instagram"),
    "email": ("Email",),
    "calls_texts": (),  # no platform for calls and texts
    "tracking_device": ("AirTag",),
    "spyware": (),
    "fake_profiles": ("Instagram", "Facebook", "TikTok", "X"),
    "image_abuse": ("Snapchat", "Instagram", "WhatsApp"),
    "gaming": ("Xbox Live", "PlayStation Network"),
    "other": (),
}
METHOD_WEIGHTS = {
    "social_media": 4,
    "messaging": 4,
    "email": 1.2,
    "calls_texts": 3,
    "tracking_device": 0.4,
    "spyware": 0.3,
    "fake_profiles": 1,
    "image_abuse": 0.5,
    "gaming": 0.2,
    "other": 0.4,
}

# Allocation weights by the crime's first risk level.
UNIT_WEIGHTS = {
    "standard": {
        "response": 0.3,
        "neighbourhood": 0.25,
        "investigation_hub": 0.35,
        "cid": 0.05,
        "da_unit": 0.03,
        "other": 0.02,
    },
    "medium": {
        "response": 0.15,
        "neighbourhood": 0.08,
        "investigation_hub": 0.2,
        "cid": 0.12,
        "da_unit": 0.2,
        "stalking_unit": 0.15,
        "public_protection": 0.1,
    },
    "high": {
        "response": 0.08,
        "neighbourhood": 0.04,
        "cid": 0.15,
        "da_unit": 0.25,
        "stalking_unit": 0.2,
        "public_protection": 0.28,
    },
}


# ---------------------------------------------------------------- volume over time


def _day_weights(days: np.ndarray) -> np.ndarray:
    """Relative report volume per day: summer peak, slight upward trend, weekday."""
    d = days // DAY
    doy = (d.astype("datetime64[D]") - d.astype("datetime64[D]").astype("datetime64[Y]")).astype(
        np.int64
    )
    season = 1 + 0.13 * np.cos(2 * np.pi * (doy - 196) / 365.25)
    trend = 1 + 0.06 * (d - 20089) / 365.25  # +6 % a year from 2025-01-01
    weekday = WEEKDAY_WEIGHTS[(d + 3) % 7]
    return season * trend * weekday


def expected_share(t0: int, t1: int, u0: int, u1: int) -> float:
    """Expected crimes in (u0, u1] relative to (t0, t1]."""

    def mass(a, b):
        days = np.arange(a - a % DAY, b, DAY)
        w = _day_weights(days)
        frac = np.clip((np.minimum(days + DAY, b) - np.maximum(days, a)) / DAY, 0, 1)
        return float((w * frac).sum())

    return mass(u0, u1) / mass(t0, t1)


def draw_reported(rng, n: int, t0: int, t1: int) -> np.ndarray:
    """Report moments in (t0, t1], sorted, with season, trend, weekday and hour pattern."""
    days = np.arange(t0 - t0 % DAY, t1, DAY)
    w = _day_weights(days)
    t = days[rng.choice(len(days), n, p=w / w.sum())]
    t = t + rng.choice(24, n, p=HOUR_WEIGHTS / HOUR_WEIGHTS.sum()) * HOUR + rng.integers(0, HOUR, n)
    bad = (t <= t0) | (t > t1)
    t[bad] = rng.integers(t0 + 1, t1 + 1, int(bad.sum()))
    return np.sort(t)


# ---------------------------------------------------------------- the plan


def draw_plan(rng, n: int, t0: int, t1: int, geo: Geography) -> Plan:
    """Everything about n crimes reported in (t0, t1]: the only random step."""
    crimes, online = _draw_crimes(rng, n, t0, t1, geo)
    connected = np.isin(crimes.relationship, CONNECTED)
    classifications = _draw_classifications(rng, crimes, connected, online)
    risk = _draw_risk_and_allocation(rng, crimes)
    investigation = _draw_investigation(rng, crimes, classifications.stalking_at)
    spo = _draw_spo(rng, crimes, investigation, classifications.stalking_at)
    online_methods = _draw_online_methods(rng, n, online)
    r = crimes.reported_at
    crimes.breached_at = np.where(
        crimes.group == BREACH, r - uniform(rng, 10 * MIN, 3 * DAY, n), NAT
    )
    crimes.breach_date_blank = rng.random(n) < 0.01
    victims = draw_victims(rng, crimes, risk, investigation)
    suspects = draw_suspects(rng, crimes, risk, investigation)
    return Plan(
        crimes,
        classifications,
        risk,
        investigation,
        spo,
        online_methods,
        victims,
        suspects,
        **casework.empty(n),  # v2, drawn from a stream of its own (casework.py)
    )


def _draw_crimes(rng, n: int, t0: int, t1: int, geo: Geography) -> tuple[CrimePlan, np.ndarray]:
    """The crime record: when, where, who to whom, which group; and whether it has
    an online element (before blanking: the online methods follow it)."""
    r = draw_reported(rng, n, t0, t1)
    late = rng.random(n) < 0.06
    delay = np.where(
        late, uniform(rng, DAY, 12 * DAY, n), np.maximum(lognormal(rng, 2 * HOUR, 1.1, n), MIN)
    )
    created = r + delay
    recorded = np.where(rng.random(n) < 0.03, NAT, created)
    to_days = np.minimum(rng.geometric(0.4, n) - 1, 30)
    offence_to = np.where(rng.random(n) < 0.04, -1, to_days)
    offence_from = np.where(
        rng.random(n) < 0.05, -1, to_days + np.minimum(lognormal(rng, 30, 1.0, n), 900)
    )

    # Place: LSOA by population x district rate, centroid plus up to 300 m.
    lsoa = rng.choice(len(geo.lsoa), n, p=geo.weights)
    lsoa_blank = rng.random(n) < 0.03
    coordinates_blank = lsoa_blank | (rng.random(n) < 0.01)
    neighbourhood_blank = rng.random(n) < 0.01
    dist = 300 * np.sqrt(rng.random(n))
    ang = 2 * np.pi * rng.random(n)
    lat = geo.lat[lsoa] + dist * np.cos(ang) / 111320
    lon = geo.lon[lsoa] + dist * np.sin(ang) / (111320 * np.cos(np.radians(lat)))

    # Relationship and group.
    rel = set_null(rng, pick(rng, RELATIONSHIPS, REL_WEIGHTS, n), 0.02)
    connected = np.isin(rel, CONNECTED)
    u = rng.random(n)
    gp = np.where(connected[:, None], GROUP_P_CONNECTED, GROUP_P_OTHER).cumsum(axis=1)
    group = (u[:, None] >= gp).sum(axis=1).clip(0, 4).astype(np.int8)
    da = np.where(
        np.isin(rel, (idx(RELATIONSHIPS, "ex_partner"), idx(RELATIONSHIPS, "partner"))),
        rng.random(n) < 0.97,
        np.where(rel == idx(RELATIONSHIPS, "family"), rng.random(n) < 0.9, rng.random(n) < 0.02),
    )
    domestic_abuse = np.where(rng.random(n) < 0.015, -1, da).astype(np.int8)
    online = rng.random(n) < ONLINE_P[group]
    online_element = np.where(rng.random(n) < 0.02, -1, online).astype(np.int8)
    crimes = CrimePlan(
        reported_at=r,
        created_at=created,
        recorded_at=recorded,
        offence_to_days=offence_to,
        offence_from_days=offence_from,
        lsoa=lsoa,
        lsoa_blank=lsoa_blank,
        coordinates_blank=coordinates_blank,
        neighbourhood_blank=neighbourhood_blank,
        latitude=np.round(lat, 5),
        longitude=np.round(lon, 5),
        relationship=rel,
        group=group,
        domestic_abuse=domestic_abuse,
        online_element=online_element,
        breached_at=np.full(n, NAT),  # drawn last (draw_plan)
        breach_date_blank=np.zeros(n, bool),
        ref_seq=np.full(n, -1, np.int64),
        ref_year=np.full(n, -1, np.int64),
        officer=np.full(n, -1, np.int64),  # drawn with the v2 casework (casework.py)
        later_officer=np.full(n, -1, np.int64),
    )
    return crimes, online


def _draw_classifications(rng, crimes: CrimePlan, connected, online) -> ClassificationPlan:
    """Principal first (from creation), principal second (after a reclassification),
    an included stalking classification (hidden or removed stalking) and an
    included other offence."""
    group, created = crimes.group, crimes.created_at
    n = len(group)
    stalk = rng.choice([OC[c] for c in STALKING_WEIGHTS], n, p=list(STALKING_WEIGHTS.values()))
    harass = np.where(rng.random(n) < CODE_WEIGHTS["harassment"]["8L"], OC["8L"], OC["8M"])
    u = rng.random(n)
    first = np.select(
        [group == STALK, group == HARASS, group == MALCOMM, group == COERCE],
        [stalk, harass, OC["8R"], OC["8U"]],
        OC["BRNMO"],  # a breach's code follows its order (link_breaches)
    )
    first_removed = np.full(n, NAT)
    second = np.full(n, -1)
    second_at = np.full(n, NAT)
    included = np.full(n, -1)
    included_at = np.full(n, NAT)
    included_removed = np.full(n, NAT)

    # Stalking: 76 % recorded as stalking, 17 % reclassified from harassment or
    # malicious communications, 7 % hidden as an included classification.
    reclass = (group == STALK) & (u >= 0.76) & (u < 0.93)
    hidden = (group == STALK) & (u >= 0.93)
    tau = created + np.maximum(lognormal(rng, 4 * DAY, 1.0, n), HOUR)
    first = np.where(reclass, np.where(rng.random(n) < 0.9, OC["8L"], OC["8R"]), first)
    first_removed = np.where(reclass, tau, first_removed)
    second = np.where(reclass, stalk, second)
    second_at = np.where(reclass, tau, second_at)
    hidden_principal = np.where(
        connected, OC["8U"], np.where(rng.random(n) < 0.6, OC["8R"], OC["8M"])
    )
    first = np.where(hidden, hidden_principal, first)
    included = np.where(hidden, stalk, included)
    included_at = np.where(hidden, np.where(rng.random(n) < 0.5, created, tau), included_at)

    # Harassment first recorded as stalking, then reclassified away (5 %).
    removed = (group == HARASS) & (u < 0.05)
    tau2 = created + np.maximum(lognormal(rng, 6 * DAY, 1.0, n), HOUR)
    first = np.where(removed, stalk, first)
    first_removed = np.where(removed, tau2, first_removed)
    second = np.where(removed, harass, second)
    second_at = np.where(removed, tau2, second_at)
    # Malicious communications with an included stalking classification later removed (2 %).
    inc_removed = (group == MALCOMM) & (u < 0.02)
    included = np.where(inc_removed, stalk, included)
    included_at = np.where(inc_removed, created, included_at)
    included_removed = np.where(inc_removed, tau2, included_removed)

    # Included other offences.
    v = rng.random(n)
    other = np.full(n, -1)
    other = np.where((group == STALK) & online & (v < 0.2), OC["8R"], other)
    other = np.where((group == STALK) & connected & (v >= 0.2) & (v < 0.25), OC["8U"], other)
    other = np.where((group == HARASS) & online & (v < 0.08), OC["8R"], other)
    other = np.where((other == first) | (other == second), -1, other)
    return ClassificationPlan(
        first_code=first.astype(np.int8),
        first_removed_at=first_removed,
        second_code=second.astype(np.int8),
        second_at=second_at,
        included_code=included.astype(np.int8),
        included_at=included_at,
        included_removed_at=included_removed,
        other_code=other.astype(np.int8),
        other_at=np.where(other >= 0, created + uniform(rng, 0, 2 * DAY, n), NAT),
        # Earliest current stalking classification (when the case became stalking).
        stalking_at=np.select(
            [group != STALK, reclass, hidden], [NAT, second_at, included_at], created
        ),
    )


def _draw_risk_and_allocation(rng, crimes: CrimePlan) -> RiskPlan:
    group, r, created = crimes.group, crimes.reported_at, crimes.created_at
    n = len(group)
    stalk = group == STALK
    ri = np.where(
        stalk[:, None],
        probs(RISK_LEVELS, {"standard": 0.40, "medium": 0.42, "high": 0.18}),
        probs(RISK_LEVELS, {"standard": 0.59, "medium": 0.32, "high": 0.09}),
    )
    risk1 = set_null(rng, pick_rows(rng, ri), 0.04)
    # A later assessment escalates 5 % of standard and medium risks.
    esc = (risk1 >= 0) & (risk1 < idx(RISK_LEVELS, "high")) & (rng.random(n) < 0.05)
    risk2 = np.where(esc, risk1 + 1, risk1).astype(np.int8)
    assessments = np.where(rng.random(n) < 0.08, 0, 1)
    assessments = np.where(
        (assessments == 1) & (esc | (stalk & (rng.random(n) < 0.3))), 2, assessments
    )
    tools1 = np.where(
        stalk[:, None],
        probs(RISK_TOOLS, {"dash": 0.7, "s_dash": 0.14, "sst": 0.04, "dara": 0.12}),
        probs(RISK_TOOLS, {"dash": 0.8, "dara": 0.15, "other": 0.05}),
    )
    tools2 = np.where(
        stalk[:, None],
        probs(RISK_TOOLS, {"s_dash": 0.5, "sst": 0.35, "dash": 0.15}),
        probs(RISK_TOOLS, {"dash": 0.6, "dara": 0.4}),
    )
    ra1_at = r + np.maximum(lognormal(rng, 4 * HOUR, 1.3, n), 5 * MIN)
    ra2_at = ra1_at + uniform(rng, 2 * DAY, 30 * DAY, n)
    any_level = pick(rng, RISK_LEVELS, {"standard": 0.55, "medium": 0.33, "high": 0.12}, n)
    first_tool = np.where(assessments >= 1, pick_rows(rng, tools1), -1).astype(np.int8)
    first_level = set_null(rng, np.where(risk1 >= 0, risk1, any_level), 0.02).astype(np.int8)
    second_tool = np.where(assessments >= 2, pick_rows(rng, tools2), -1).astype(np.int8)

    # Allocation follows the initial risk; some medium and high risk cases sit
    # with response or neighbourhood teams, a few are moved on later.
    level = np.where(risk1 < 0, 0, risk1)
    W = np.stack([probs(ALLOCATED_UNITS, UNIT_WEIGHTS[lv]) for lv in RISK_LEVELS])[level]
    W[:, idx(ALLOCATED_UNITS, "stalking_unit")] *= np.where(group == STALK, 1.0, 0.05)
    W[:, idx(ALLOCATED_UNITS, "da_unit")] *= np.where(crimes.domestic_abuse == 1, 1.0, 0.1)
    alloc1 = set_null(rng, pick_rows(rng, W), 0.03)
    general = np.isin(
        alloc1,
        [idx(ALLOCATED_UNITS, u) for u in ("response", "neighbourhood", "investigation_hub")],
    )
    move = general & (risk2 >= idx(RISK_LEVELS, "medium")) & (rng.random(n) < 0.15)
    target = np.where(
        group == STALK,
        idx(ALLOCATED_UNITS, "stalking_unit"),
        np.where(
            crimes.domestic_abuse == 1, idx(ALLOCATED_UNITS, "da_unit"), idx(ALLOCATED_UNITS, "cid")
        ),
    )
    alloc1_at = np.where(alloc1 >= 0, created + lognormal(rng, 3 * HOUR, 1.0, n), NAT)
    return RiskPlan(
        record_level=risk1,
        raised_level=risk2,
        raised_at=np.where(esc & (assessments == 2), ra2_at, NAT),
        first_tool=first_tool,
        first_at=np.where(assessments >= 1, ra1_at, NAT),
        first_level=first_level,
        second_tool=second_tool,
        second_at=np.where(assessments >= 2, ra2_at, NAT),
        second_level=np.where(risk2 >= 0, risk2, any_level).astype(np.int8),
        first_unit=alloc1,
        first_allocated_at=alloc1_at,
        later_unit=np.where(move, target, -1).astype(np.int8),
        later_allocated_at=np.where(move, created + uniform(rng, DAY, 20 * DAY, n), NAT),
    )


def _draw_investigation(rng, crimes: CrimePlan, stalking_at) -> InvestigationPlan:
    """Suspect known or not, extra victims and suspects, closure and cancellation."""
    created = crimes.created_at
    n = len(created)
    stranger = np.isin(
        crimes.relationship, [idx(RELATIONSHIPS, x) for x in ("stranger", "unknown", "online_only")]
    )
    has_suspect = rng.random(n) >= np.where(stranger, 0.35, 0.05)
    second_victim = rng.random(n) < 0.03
    second_suspect = has_suspect & (rng.random(n) < 0.04)
    cancelled = rng.random(n) < 0.02
    cancelled_at = np.where(cancelled, created + uniform(rng, HOUR, 20 * DAY, n), NAT)
    closes = ~cancelled & (rng.random(n) < 0.70)
    close_at = created + np.maximum(lognormal(rng, 45 * DAY, 0.9, n), DAY)
    close_at = np.where(stalking_at != NAT, np.maximum(close_at, stalking_at + DAY), close_at)
    with_s = rng.choice(list(OUTCOME_WITH_SUSPECT), n, p=list(OUTCOME_WITH_SUSPECT.values()))
    without = rng.choice(list(OUTCOME_NO_SUSPECT), n, p=list(OUTCOME_NO_SUSPECT.values()))
    return InvestigationPlan(
        has_suspect=has_suspect,
        second_victim=second_victim,
        second_suspect=second_suspect,
        cancelled_at=cancelled_at,
        outcome_code=np.where(closes, np.where(has_suspect, with_s, without), 0).astype(np.int16),
        outcome_at=np.where(closes, close_at, NAT),
    )


def _draw_spo(rng, crimes: CrimePlan, investigation: InvestigationPlan, stalking_at) -> SpoPlan:
    """SPO consideration for stalking cases with a suspect: mostly within 7 days,
    applications in 1-3 of every 100 stalking crimes, 80-90 % of them granted."""
    r = crimes.reported_at
    n = len(r)
    eligible = (crimes.group == STALK) & investigation.has_suspect
    spo = eligible & (rng.random(n) < 0.70)
    considered = np.maximum(
        r + lognormal(rng, 2.5 * DAY, 1.0, n), stalking_at + uniform(rng, 30 * MIN, DAY, n)
    )
    blank = spo & (rng.random(n) < 0.03)
    decision = pick(
        rng, SPO_DECISIONS, {"apply": 0.031, "alternative_order": 0.15, "not_appropriate": 0.819}, n
    )
    decision = np.where(blank, -1, set_null(rng, decision, 0.02))
    apply = spo & (decision == idx(SPO_DECISIONS, "apply"))
    applied = considered + uniform(rng, DAY, 21 * DAY, n)
    interim = apply & (rng.random(n) < 0.6)
    full = apply & (rng.random(n) < 0.8)
    court = applied + uniform(rng, 28 * DAY, 100 * DAY, n)
    row_at = np.where(blank, crimes.created_at + uniform(rng, 0, 3 * DAY, n), NAT)
    return SpoPlan(
        has_row=spo,
        row_at=row_at,
        considered_at=np.where(spo & ~blank, considered, NAT),
        decision=decision.astype(np.int8),
        applied_at=np.where(apply, applied, NAT),
        interim_at=np.where(interim, applied + uniform(rng, DAY, 10 * DAY, n), NAT),
        granted_at=np.where(full, court, NAT),
        refused_at=np.where(apply & ~full, court, NAT),
        interim_order=np.full(n, -1, np.int64),
        full_order=np.full(n, -1, np.int64),
    )


def _draw_online_methods(rng, n: int, online) -> OnlinePlan:
    """1-3 distinct methods for crimes with an online element, each with a platform."""
    weights = probs(ONLINE_METHODS, METHOD_WEIGHTS)
    k = np.where(online, rng.choice([1, 2, 3], n, p=[0.5, 0.35, 0.15]), 0)
    keys = np.log(weights)[None, :] + rng.gumbel(size=(n, len(ONLINE_METHODS)))
    top = np.argsort(-keys, axis=1)[:, :3].astype(np.int8)
    plat = np.full((n, 3), -1, dtype=np.int8)
    for m, name in enumerate(ONLINE_METHODS):
        choices = np.array([PLATFORMS.index(x) for x in PLATFORMS_FOR_METHOD[name]], dtype=np.int8)
        if len(choices):
            draw = choices[rng.integers(0, len(choices), (n, 3))]
            plat = np.where(top == m, draw, plat)
    plat[rng.random((n, 3)) < 0.05] = -1
    return OnlinePlan(count=k.astype(np.int8), method=top, platform=plat)
