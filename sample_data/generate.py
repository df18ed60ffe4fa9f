"""Synthetic extract generator: a folder that obeys spec/extract.md exactly.

    python -m sample_data.generate --out DIR --crimes N --seed S
        [--as-at 2026-11-16T06:00:00] [--years 2] [--format csv|parquet]
        [--day-first] [--delta-out DIR2 --delta-days 5]

How it works, in four steps:

1. **Plan** (all the randomness). numpy draws, per crime, every fact of its
   life with the moment it happens: report, recording, classifications and
   reclassifications, risk assessments, allocation, SPO pipeline, arrest,
   outcome, victims' needs assessments and referrals. Events run past the
   as-at moment: the world does not stop at the extract.
2. **Situations**. A few dozen crimes are overwritten with the edge cases the
   measures need (events at exactly a window's limit and one second past it,
   hidden and reclassified stalking, repeat people, daily-meeting flags,
   changes that fall inside the delta span). See ``_plant``.
3. **World tables** (pure, no randomness): the plan expanded into one Arrow
   table per contract table, each row carrying the moment it comes into being.
4. **Snapshots** (DuckDB). The state as at T keeps rows that exist by T and
   blanks every event after T (a removal after T is null, a crime closed after
   T is open with no outcome, a referral's outcome after T is pending, ...).
   The full extract is the snapshot at as_at; the delta holds, at
   as_at + delta_days, every crime whose rows in any crime-scoped table differ
   from the full (an exact row-by-row difference), plus orders and breaches that
   came into being in the span.

Crimes reported after as_at (the delta's new crimes) are drawn from their own
random stream, so the full extract is byte-identical with or without a delta.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from pipelines.contract import (
    AGE_BANDS,
    ALLOCATED_UNITS,
    INTERVIEWS,
    MAPPA_LEVELS,
    ONLINE_METHODS,
    ORDER_TYPES,
    REFERRAL_OUTCOMES,
    RELATIONSHIPS,
    RISK_LEVELS,
    RISK_TOOLS,
    SEARCH_POWERS,
    SERVICES,
    SEXES,
    SPO_DECISIONS,
    TABLES,
)

HERE = Path(__file__).resolve().parent
DEFAULT_GEO = HERE / "geo"
DEFAULT_AS_AT = "2026-11-16T06:00:00"
FORCE_NUMBER = 42

MIN = 60
HOUR = 3600
DAY = 86400
YEAR = 365 * DAY
NAT = np.iinfo(np.int64).min  # "no such moment" in the plan's int64 seconds

# Offence codes the sample uses: the default reference data of spec/extract.md.
# (Reference data, not a contract enumeration: a force edits it.)
OFFENCE_CODES = ("8Q", "195/12", "8/65", "8/66", "8L", "8M", "8R", "8U", "BRSPO", "BRRO", "BRNMO")
OC = {c: i for i, c in enumerate(OFFENCE_CODES)}
STALKING_CODES = {"8Q": 0.55, "195/12": 0.20, "8/65": 0.13, "8/66": 0.12}
INDICTABLE_CODES = ("8/65", "8/66", "8M", "8R", "8U", "BRSPO", "BRRO", "BRNMO")
BREACH_CODE_FOR_ORDER = {
    "spo": "BRSPO",
    "interim_spo": "BRSPO",
    "restraining_order": "BRRO",
    "non_molestation": "BRNMO",
}

# Crime groups of the plan (the group of the crime's final state).
STALK, HARASS, MALCOMM, COERCE, BREACH = range(5)

# Person-id spaces. A first victim / suspect is numbered by the crime that
# introduced them (repeat people share it); others live in separate ranges.
SECOND_PERSON = 1 << 32
POOL_PERSON = 2 << 32
PLANT_PERSON = 3 << 32
MASK40 = (1 << 40) - 1

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

HOUR_WEIGHTS = np.array(
    [
        0.9,
        0.6,
        0.4,
        0.3,
        0.25,
        0.3,
        0.5,
        0.8,
        1.1,
        1.3,
        1.35,
        1.35,
        1.4,
        1.4,
        1.45,
        1.55,
        1.7,
        1.9,
        2.1,
        2.2,
        2.1,
        1.8,
        1.5,
        1.2,
    ]
)
WEEKDAY_WEIGHTS = np.array([1.12, 1.05, 1.0, 1.0, 0.97, 0.9, 0.92])  # Monday first


# ---------------------------------------------------------------- helpers


def idx(values: tuple[str, ...], name: str) -> int:
    """Position of an enumeration member (fails loudly on a typo)."""
    return values.index(name)


def probs(values: tuple[str, ...], weights: dict[str, float]) -> np.ndarray:
    """A probability vector aligned with a contract enumeration."""
    p = np.zeros(len(values))
    for name, w in weights.items():
        p[idx(values, name)] = w
    return p / p.sum()


def pick(rng, values, weights, size) -> np.ndarray:
    """Draw enumeration positions (int8) with the given weights."""
    return rng.choice(len(values), size=size, p=probs(values, weights)).astype(np.int8)


def pick_rows(rng, weights: np.ndarray) -> np.ndarray:
    """One draw per row from a (rows, k) weight matrix."""
    cum = np.cumsum(weights, axis=1)
    u = rng.random(len(weights)) * cum[:, -1]
    return np.minimum((cum <= u[:, None]).sum(axis=1), weights.shape[1] - 1).astype(np.int8)


def lognormal(rng, median: float, sigma: float, size) -> np.ndarray:
    """Delays in seconds: lognormal around a median."""
    return (median * np.exp(sigma * rng.standard_normal(size))).astype(np.int64)


def uniform(rng, low: float, high: float, size) -> np.ndarray:
    return rng.integers(int(low), int(high) + 1, size=size, dtype=np.int64)


def add(t: np.ndarray, delta) -> np.ndarray:
    """t + delta, keeping NAT."""
    return np.where(t == NAT, NAT, t + delta)


def set_null(rng, codes: np.ndarray, share: float) -> np.ndarray:
    """Blank a share of an enumeration (position -1 = null)."""
    codes = codes.copy()
    codes[rng.random(len(codes)) < share] = -1
    return codes


def epoch(dt: datetime) -> int:
    return int((dt - datetime(1970, 1, 1)).total_seconds())


def iso(t: int) -> str:
    return (datetime(1970, 1, 1) + timedelta(seconds=int(t))).strftime("%Y-%m-%dT%H:%M:%S")


def mix64(x: np.ndarray, salt: int) -> np.ndarray:
    """splitmix64 of x and a salt: a person's stable pseudo-random number."""
    with np.errstate(over="ignore"):
        z = x.astype(np.uint64) + np.uint64(salt & 0xFFFFFFFFFFFFFFFF) * np.uint64(
            0x9E3779B97F4A7C15
        )
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def person_draw(pid: np.ndarray, salt: int, values, weights) -> np.ndarray:
    """An attribute that is a fixed function of the person (same on every crime)."""
    u = (mix64(pid, salt) >> np.uint64(11)).astype(np.float64) / float(1 << 53)
    return (
        np.searchsorted(np.cumsum(probs(values, weights)), u, side="right")
        .clip(0, len(values) - 1)
        .astype(np.int8)
    )


def pseudonym(pid: np.ndarray, seed: int, salt: int) -> np.ndarray:
    """A random-looking 40-bit number per person, unique: every step (add,
    multiply by an odd number, xor with the high half) is a bijection mod 2**40."""
    m = np.uint64(MASK40)
    key = mix64(np.array([seed], np.uint64), salt)[0]
    with np.errstate(over="ignore"):
        h = (pid.astype(np.uint64) + key) & m
        for mult in (0x9E3779B97, 0xBF58476D1B, 0x94D049BB13):
            h = (h * np.uint64(mult)) & m
            h ^= h >> np.uint64(20)
    return h.astype(np.int64)


# ---------------------------------------------------------------- geography


class Geography:
    """LSOAs with populations and centroids, and the districts they make up."""

    def __init__(self, folder: Path):
        path = Path(folder) / "lsoa.csv"
        if not path.exists():
            raise SystemExit(f"geography not found: {path} (run sample_data/build_geography.py)")
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
        rows.sort(key=lambda r: r["lsoa_code"])
        self.lsoa = np.array([r["lsoa_code"] for r in rows])
        self.msoa_codes, self.msoa = np.unique([r["msoa_code"] for r in rows], return_inverse=True)
        self.area_codes, self.area = np.unique([r["area_code"] for r in rows], return_inverse=True)
        self.population = np.array([float(r["population"]) for r in rows])
        self.lat = np.array([float(r["latitude"]) for r in rows])
        self.lon = np.array([float(r["longitude"]) for r in rows])
        # Rates per 1,000 vary markedly by district and somewhat by LSOA. Fixed
        # (not seeded) so every sample shows the same hot spots.
        fixed = np.random.default_rng(20240927)
        k = len(self.area_codes)
        self.area_rate = fixed.permutation(np.linspace(0.7, 1.7, k))
        hot = fixed.gamma(3.0, 1 / 3.0, len(rows))
        w = self.population * self.area_rate[self.area] * hot
        self.weights = w / w.sum()


# ---------------------------------------------------------------- the plan


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
CONNECTED = tuple(idx(RELATIONSHIPS, r) for r in ("ex_partner", "partner", "family"))
# P(group) for connected and other relationships; overall about 27 % stalking,
# 40 % harassment, 18 % malicious communications, 8 % coercive control, 7 % breach.
GROUP_P_CONNECTED = np.array([0.27, 0.36, 0.17, 0.118, 0.082])
GROUP_P_OTHER = np.array([0.27, 0.47, 0.20, 0.0, 0.06])


def draw_plan(rng, n: int, t0: int, t1: int, geo: Geography) -> dict:
    """Everything about n crimes reported in (t0, t1]: the only random step."""
    p: dict[str, np.ndarray] = {}
    r = p["reported"] = draw_reported(rng, n, t0, t1)
    late = rng.random(n) < 0.06
    delay = np.where(
        late, uniform(rng, DAY, 12 * DAY, n), np.maximum(lognormal(rng, 2 * HOUR, 1.1, n), MIN)
    )
    created = p["created"] = r + delay
    p["recorded"] = np.where(rng.random(n) < 0.03, NAT, created)
    to_days = np.minimum(rng.geometric(0.4, n) - 1, 30)
    p["off_to"] = np.where(rng.random(n) < 0.04, -1, to_days)
    p["off_from"] = np.where(
        rng.random(n) < 0.05, -1, to_days + np.minimum(lognormal(rng, 30, 1.0, n), 900)
    )

    # Place: LSOA by population x district rate, centroid plus up to 300 m.
    lsoa = rng.choice(len(geo.lsoa), n, p=geo.weights)
    p["lsoa"] = lsoa
    p["lsoa_null"] = rng.random(n) < 0.03
    p["coord_null"] = p["lsoa_null"] | (rng.random(n) < 0.01)
    p["nbhd_null"] = rng.random(n) < 0.01
    dist = 300 * np.sqrt(rng.random(n))
    ang = 2 * np.pi * rng.random(n)
    lat = geo.lat[lsoa] + dist * np.cos(ang) / 111320
    p["lat"] = np.round(lat, 5)
    p["lon"] = np.round(geo.lon[lsoa] + dist * np.sin(ang) / (111320 * np.cos(np.radians(lat))), 5)

    # Relationship and group.
    rel = set_null(rng, pick(rng, RELATIONSHIPS, REL_WEIGHTS, n), 0.02)
    p["relationship"] = rel
    connected = np.isin(rel, CONNECTED)
    u = rng.random(n)
    gp = np.where(connected[:, None], GROUP_P_CONNECTED, GROUP_P_OTHER).cumsum(axis=1)
    group = p["group"] = (u[:, None] >= gp).sum(axis=1).clip(0, 4).astype(np.int8)
    da = np.where(
        np.isin(rel, (idx(RELATIONSHIPS, "ex_partner"), idx(RELATIONSHIPS, "partner"))),
        rng.random(n) < 0.97,
        np.where(rel == idx(RELATIONSHIPS, "family"), rng.random(n) < 0.9, rng.random(n) < 0.02),
    )
    p["da"] = np.where(rng.random(n) < 0.015, -1, da).astype(np.int8)
    online_p = np.array([0.42, 0.30, 0.80, 0.40, 0.30])[group]
    online = rng.random(n) < online_p
    p["online"] = np.where(rng.random(n) < 0.02, -1, online).astype(np.int8)

    _draw_classifications(rng, p, n, connected, online)
    _draw_risk_and_allocation(rng, p, n)
    _draw_progress(rng, p, n)
    _draw_spo(rng, p, n)
    _draw_online_methods(rng, p, n, online)
    p["breached"] = np.where(group == BREACH, r - uniform(rng, 10 * MIN, 3 * DAY, n), NAT)
    p["breached_blank"] = rng.random(n) < 0.01  # breach date not recorded
    p["victim"] = _draw_victims(rng, p, n)
    p["suspect"] = _draw_suspects(rng, p, n)
    return p


def _draw_classifications(rng, p, n, connected, online):
    """Principal A (first), principal B (after a reclassification), included C
    (stalking, for hidden or removed stalking) and included D (another offence)."""
    group, created = p["group"], p["created"]
    stalk = rng.choice([OC[c] for c in STALKING_CODES], n, p=list(STALKING_CODES.values()))
    harass = np.where(rng.random(n) < 0.93, OC["8L"], OC["8M"])
    u = rng.random(n)
    A = np.select(
        [group == STALK, group == HARASS, group == MALCOMM, group == COERCE],
        [stalk, harass, OC["8R"], OC["8U"]],
        OC["BRNMO"],
    )
    A_removed = np.full(n, NAT)
    B = np.full(n, -1)
    B_at = np.full(n, NAT)
    C = np.full(n, -1)
    C_at = np.full(n, NAT)
    C_removed = np.full(n, NAT)

    # Stalking: 76 % recorded as stalking, 17 % reclassified from harassment or
    # malicious communications, 7 % hidden as an included classification.
    reclass = (group == STALK) & (u >= 0.76) & (u < 0.93)
    hidden = (group == STALK) & (u >= 0.93)
    tau = created + np.maximum(lognormal(rng, 4 * DAY, 1.0, n), HOUR)
    A = np.where(reclass, np.where(rng.random(n) < 0.9, OC["8L"], OC["8R"]), A)
    A_removed = np.where(reclass, tau, A_removed)
    B = np.where(reclass, stalk, B)
    B_at = np.where(reclass, tau, B_at)
    hidden_principal = np.where(
        connected, OC["8U"], np.where(rng.random(n) < 0.6, OC["8R"], OC["8M"])
    )
    A = np.where(hidden, hidden_principal, A)
    C = np.where(hidden, stalk, C)
    C_at = np.where(hidden, np.where(rng.random(n) < 0.5, created, tau), C_at)

    # Harassment first recorded as stalking, then reclassified away (5 %).
    removed = (group == HARASS) & (u < 0.05)
    tau2 = created + np.maximum(lognormal(rng, 6 * DAY, 1.0, n), HOUR)
    A = np.where(removed, stalk, A)
    A_removed = np.where(removed, tau2, A_removed)
    B = np.where(removed, harass, B)
    B_at = np.where(removed, tau2, B_at)
    # Malicious communications with an included stalking classification later removed (2 %).
    inc_removed = (group == MALCOMM) & (u < 0.02)
    C = np.where(inc_removed, stalk, C)
    C_at = np.where(inc_removed, created, C_at)
    C_removed = np.where(inc_removed, tau2, C_removed)

    # Included other offences.
    v = rng.random(n)
    D = np.full(n, -1)
    D = np.where((group == STALK) & online & (v < 0.2), OC["8R"], D)
    D = np.where((group == STALK) & connected & (v >= 0.2) & (v < 0.25), OC["8U"], D)
    D = np.where((group == HARASS) & online & (v < 0.08), OC["8R"], D)
    D = np.where((D == A) | (D == B), -1, D)
    p.update(
        A=A.astype(np.int8),
        A_removed=A_removed,
        B=B.astype(np.int8),
        B_at=B_at,
        C=C.astype(np.int8),
        C_at=C_at,
        C_removed=C_removed,
        D=D.astype(np.int8),
        D_at=np.where(D >= 0, created + uniform(rng, 0, 2 * DAY, n), NAT),
    )
    # Earliest current stalking classification (when the case became stalking).
    p["stalk_at"] = np.select([group != STALK, reclass, hidden], [NAT, B_at, C_at], created)


def _draw_risk_and_allocation(rng, p, n):
    group, r, created = p["group"], p["reported"], p["created"]
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
    ra_n = np.where(rng.random(n) < 0.08, 0, 1)
    ra_n = np.where((ra_n == 1) & (esc | (stalk & (rng.random(n) < 0.3))), 2, ra_n)
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
    p.update(
        risk1=risk1,
        risk2=risk2,
        risk2_at=np.where(esc & (ra_n == 2), ra2_at, NAT),
        ra1_tool=np.where(ra_n >= 1, pick_rows(rng, tools1), -1).astype(np.int8),
        ra1_at=np.where(ra_n >= 1, ra1_at, NAT),
        ra1_level=set_null(rng, np.where(risk1 >= 0, risk1, any_level), 0.02).astype(np.int8),
        ra2_tool=np.where(ra_n >= 2, pick_rows(rng, tools2), -1).astype(np.int8),
        ra2_at=np.where(ra_n >= 2, ra2_at, NAT),
        ra2_level=np.where(risk2 >= 0, risk2, any_level).astype(np.int8),
    )
    # Allocation follows the initial risk; some medium and high risk cases sit
    # with response or neighbourhood teams, a few are moved on later.
    w = {
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
    level = np.where(risk1 < 0, 0, risk1)
    W = np.stack([probs(ALLOCATED_UNITS, w[lv]) for lv in RISK_LEVELS])[level]
    W[:, idx(ALLOCATED_UNITS, "stalking_unit")] *= np.where(group == STALK, 1.0, 0.05)
    W[:, idx(ALLOCATED_UNITS, "da_unit")] *= np.where(p["da"] == 1, 1.0, 0.1)
    alloc1 = set_null(rng, pick_rows(rng, W), 0.03)
    general = np.isin(
        alloc1,
        [idx(ALLOCATED_UNITS, u) for u in ("response", "neighbourhood", "investigation_hub")],
    )
    move = general & (risk2 >= idx(RISK_LEVELS, "medium")) & (rng.random(n) < 0.15)
    target = np.where(
        group == STALK,
        idx(ALLOCATED_UNITS, "stalking_unit"),
        np.where(p["da"] == 1, idx(ALLOCATED_UNITS, "da_unit"), idx(ALLOCATED_UNITS, "cid")),
    )
    p.update(
        alloc1=alloc1,
        alloc1_at=np.where(alloc1 >= 0, created + lognormal(rng, 3 * HOUR, 1.0, n), NAT),
        alloc2=np.where(move, target, -1).astype(np.int8),
        alloc2_at=np.where(move, created + uniform(rng, DAY, 20 * DAY, n), NAT),
    )


OUTCOME_WITH_SUSPECT = {
    1: 0.07,
    15: 0.30,
    16: 0.575,
    14: 0.02,
    8: 0.01,
    3: 0.005,
    20: 0.01,
    21: 0.005,
    2: 0.005,
}
OUTCOME_NO_SUSPECT = {18: 0.7, 14: 0.3}


def _draw_progress(rng, p, n):
    """Suspect known or not, extra victims and suspects, closure and cancellation."""
    created = p["created"]
    stranger = np.isin(
        p["relationship"], [idx(RELATIONSHIPS, x) for x in ("stranger", "unknown", "online_only")]
    )
    p["has_suspect"] = rng.random(n) >= np.where(stranger, 0.35, 0.05)
    p["v2"] = rng.random(n) < 0.03
    p["s2"] = p["has_suspect"] & (rng.random(n) < 0.04)
    cancelled = rng.random(n) < 0.02
    p["cancelled_at"] = np.where(cancelled, created + uniform(rng, HOUR, 20 * DAY, n), NAT)
    closes = ~cancelled & (rng.random(n) < 0.70)
    close_at = created + np.maximum(lognormal(rng, 45 * DAY, 0.9, n), DAY)
    close_at = np.where(p["stalk_at"] != NAT, np.maximum(close_at, p["stalk_at"] + DAY), close_at)
    with_s = rng.choice(list(OUTCOME_WITH_SUSPECT), n, p=list(OUTCOME_WITH_SUSPECT.values()))
    without = rng.choice(list(OUTCOME_NO_SUSPECT), n, p=list(OUTCOME_NO_SUSPECT.values()))
    p["outcome"] = np.where(closes, np.where(p["has_suspect"], with_s, without), 0).astype(np.int16)
    p["outcome_at"] = np.where(closes, close_at, NAT)


def _draw_spo(rng, p, n):
    """SPO consideration for stalking cases with a suspect: mostly within 7 days,
    applications in 1-3 of every 100 stalking crimes, 80-90 % of them granted."""
    r = p["reported"]
    eligible = (p["group"] == STALK) & p["has_suspect"]
    spo = eligible & (rng.random(n) < 0.70)
    considered = np.maximum(
        r + lognormal(rng, 2.5 * DAY, 1.0, n), p["stalk_at"] + uniform(rng, 30 * MIN, DAY, n)
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
    p.update(
        spo=spo,
        spo_row_at=np.where(blank, p["created"] + uniform(rng, 0, 3 * DAY, n), NAT),
        considered=np.where(spo & ~blank, considered, NAT),
        decision=decision.astype(np.int8),
        applied=np.where(apply, applied, NAT),
        interim=np.where(interim, applied + uniform(rng, DAY, 10 * DAY, n), NAT),
        granted=np.where(full, court, NAT),
        refused=np.where(apply & ~full, court, NAT),
    )


def _draw_online_methods(rng, p, n, online):
    """1-3 distinct methods for crimes with an online element, each with a platform."""
    weights = probs(
        ONLINE_METHODS,
        {
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
        },
    )
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
    p.update(om_k=k.astype(np.int8), om_method=top, om_platform=plat)


def _draw_victims(rng, p, n) -> dict:
    """Victim rows: [0, n) the first victim of each crime, [n, 2n) a second one."""
    v: dict[str, np.ndarray] = {}
    m = 2 * n
    ci = np.concatenate([np.arange(n), np.arange(n)])
    v["vulnerable"] = np.where(rng.random(m) < 0.05, -1, rng.random(m) < 0.15).astype(np.int8)
    v["age_blank"], v["sex_blank"] = (
        rng.random(m) < 0.01,
        rng.random(m) < 0.005,
    )  # not recorded on this crime
    r = p["reported"][ci]
    stalk = p["group"][ci] == STALK
    na = rng.random(m) < 0.90
    blank = na & (rng.random(m) < 0.03)
    v["na_at"] = np.where(
        na & ~blank, r + np.maximum(lognormal(rng, 18 * HOUR, 1.2, m), 10 * MIN), NAT
    )
    v["na_row_at"] = np.where(blank, p["created"][ci] + uniform(rng, HOUR, 3 * DAY, m), v["na_at"])
    v["rights"] = np.where(rng.random(m) < 0.03, -1, rng.random(m) < 0.95).astype(np.int8)
    v["enhanced"] = np.where(
        rng.random(m) < 0.03, -1, rng.random(m) < np.where(stalk, 0.8, 0.5)
    ).astype(np.int8)
    # Referrals: 0-3 distinct services, the first mostly within 2 days.
    k = np.where(stalk[:, None], [0.10, 0.45, 0.32, 0.13], [0.15, 0.55, 0.24, 0.06])
    v["ref_k"] = pick_rows(rng, k)
    da = p["da"][ci] == 1
    high = p["risk1"][ci] == idx(RISK_LEVELS, "high")
    W = np.zeros((m, len(SERVICES)))
    W[:, idx(SERVICES, "victim_support")] = np.where(stalk, 3.0, 4.0)
    W[:, idx(SERVICES, "idva")] = np.where(da, 2.5, 0.1)
    W[:, idx(SERVICES, "isac")] = np.where(stalk, 2.0, 0.2)
    W[:, idx(SERVICES, "paladin")] = np.where(stalk, np.where(high, 2.0, 0.6), 0.05)
    W[:, idx(SERVICES, "national_stalking_helpline")] = np.where(stalk, 1.0, 0.2)
    W[:, idx(SERVICES, "other")] = 0.4
    keys = np.log(W) + rng.gumbel(size=W.shape)
    v["ref_service"] = np.argsort(-keys, axis=1)[:, :3].astype(np.int8)
    first = r + np.maximum(lognormal(rng, 20 * HOUR, 1.2, m), 10 * MIN)
    second = first + uniform(rng, DAY, 30 * DAY, m)
    third = second + uniform(rng, DAY, 30 * DAY, m)
    v["ref_at"] = np.stack([first, second, third], axis=1)
    out = pick(
        rng,
        REFERRAL_OUTCOMES,
        {"engaged": 0.45, "declined": 0.2, "no_contact": 0.15, "pending": 0.12},
        (m, 3),
    )
    out[rng.random((m, 3)) < 0.08] = -1
    v["ref_outcome"] = out
    v["ref_outcome_at"] = np.where(out >= 0, v["ref_at"] + uniform(rng, DAY, 21 * DAY, (m, 3)), NAT)
    # Victim personal statement: offered to most victims of charged cases.
    charged = p["outcome"][ci] == 1
    offered = rng.random(m) < np.where(charged, 0.85, 0.30)
    off_at = np.where(
        charged,
        p["outcome_at"][ci] - uniform(rng, 0, 10 * DAY, m),
        p["created"][ci] + uniform(rng, 2 * DAY, 60 * DAY, m),
    )
    v["vps_offered"] = np.where(offered, np.maximum(off_at, r), NAT)
    taken = offered & (rng.random(m) < np.where(charged, 0.65, 0.5))
    v["vps_taken"] = np.where(taken, v["vps_offered"] + uniform(rng, 0, 14 * DAY, m), NAT)
    return v


def _draw_suspects(rng, p, n) -> dict:
    """Suspect rows: [0, n) the first suspect of each crime, [n, 2n) a second one."""
    s: dict[str, np.ndarray] = {}
    m = 2 * n
    s["age_blank"], s["sex_blank"] = rng.random(m) < 0.02, rng.random(m) < 0.01
    ci = np.concatenate([np.arange(n), np.arange(n)])
    r = p["reported"][ci]
    risk = np.maximum(p["risk1"], p["risk2"])[ci]
    high, medium = risk == idx(RISK_LEVELS, "high"), risk == idx(RISK_LEVELS, "medium")
    second = np.arange(m) >= n
    arrest_p = np.select([high, medium], [0.8, 0.5], 0.32) * np.where(second, 0.6, 1.0)
    arrested = rng.random(m) < arrest_p
    median = np.select([high, medium], [10 * HOUR, 3 * DAY], 8 * DAY)
    s["arrested"] = np.where(
        arrested,
        r + np.maximum((median * np.exp(rng.standard_normal(m))).astype(np.int64), 20 * MIN),
        NAT,
    )
    a = pick(rng, INTERVIEWS, {"under_arrest": 0.9, "none": 0.07, "voluntary": 0.03}, m)
    b = pick(rng, INTERVIEWS, {"voluntary": 0.35, "none": 0.65}, m)
    interview = set_null(rng, np.where(arrested, a, b), 0.03)
    s["interview"] = interview
    s["interview_at"] = np.select(
        [interview == idx(INTERVIEWS, "under_arrest"), interview == idx(INTERVIEWS, "voluntary")],
        [
            s["arrested"] + uniform(rng, 2 * HOUR, 20 * HOUR, m),
            r + uniform(rng, 3 * DAY, 40 * DAY, m),
        ],
        p["created"][ci],
    )
    s["search_legit"] = pick(
        rng, SEARCH_POWERS, {"none": 0.78, "s18": 0.10, "s32": 0.10, "warrant": 0.02}, m
    )
    s["search_other"] = pick(
        rng, SEARCH_POWERS, {"none": 0.865, "s18": 0.015, "s32": 0.10, "warrant": 0.02}, m
    )
    s["search_null"] = rng.random(m) < 0.02
    s["mappa"] = set_null(
        rng, pick(rng, MAPPA_LEVELS, {"none": 0.935, "1": 0.04, "2": 0.02, "3": 0.005}, m), 0.003
    )
    charged = p["outcome"][ci] == 1
    s["charged"] = np.where(charged & (~second | (rng.random(m) < 0.5)), p["outcome_at"][ci], NAT)
    return s


# ---------------------------------------------------------------- repeat people


def link_people(rng, p: dict, start: int):
    """Repeat victims and suspects. Crime i (>= start) may share its suspect,
    its victim or both with a crime reported some days before it (most within
    a year, some just beyond). A person is numbered by the crime that first
    brought them in; victim and suspect rows are [first of each crime, second]."""
    n = len(p["reported"])
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
    target = p["reported"][new] - gap
    parent = np.searchsorted(p["reported"], target).clip(0, n - 1)
    same = rng.random(k) < 0.6  # most repeats are the same kind of crime
    for g in (STALK, HARASS, MALCOMM, COERCE):
        members = np.flatnonzero(p["group"] == g)
        sel = same & (p["group"][new] == g)
        if len(members) and sel.any():
            parent[sel] = members[
                np.searchsorted(p["reported"][members], target[sel]).clip(0, len(members) - 1)
            ]
    ok = (kind > 0) & (parent < new) & (target >= p["reported"][0])
    ok &= (p["group"][new] != BREACH) & (
        p["group"][parent] != BREACH
    )  # breaches follow their order
    ok &= (p["group"][new] != COERCE) | np.isin(p["relationship"][parent], CONNECTED) | (kind == 1)
    sus_link = ok & (kind & 1 > 0) & p["has_suspect"][parent] & p["has_suspect"][new]
    vic_link = ok & (kind & 2 > 0)
    both = sus_link & vic_link
    p["relationship"][new[both]] = p["relationship"][parent[both]]
    p["da"][new[both]] = p["da"][parent[both]]
    for role, mask in (("suspect", sus_link), ("victim", vic_link)):
        root = np.arange(n)
        root[new[mask]] = parent[mask]
        while True:
            nxt = root[root]
            if np.array_equal(nxt, root):
                break
            root = nxt
        rows = p[role]
        pid = rows.get("pid", np.zeros(0, np.int64))
        full = np.zeros(2 * n, np.int64)
        full[:start] = pid[:start]
        full[n : n + start] = pid[len(pid) // 2 : len(pid) // 2 + start]
        rt = root[new]
        full[new] = np.where(rt < start, full[rt], rt)
        full[n + new] = SECOND_PERSON + new
        rows["pid"] = full


def concat_plans(a: dict, b: dict) -> dict:
    """The plan of two parts as one (victim and suspect rows keep their layout)."""
    nb = len(b["reported"])

    def pad(x, rows):  # a column the second part does not have yet
        return np.full((rows,) + x.shape[1:], -1, dtype=x.dtype)

    out = {}
    for key, x in a.items():
        if isinstance(x, dict):
            out[key] = {}
            for k2, xx in x.items():
                yy = b[key].get(k2, pad(xx, 2 * nb))
                hx, hy = len(xx) // 2, len(yy) // 2
                out[key][k2] = np.concatenate([xx[:hx], yy[:hy], xx[hx:], yy[hy:]])
        else:
            out[key] = np.concatenate([x, b.get(key, pad(x, nb))])
    return out


# ---------------------------------------------------------------- situations


class Planter:
    """Overwrites chosen crimes with hand-made situations (see _plant)."""

    def __init__(self, p: dict, lo: int, t_lo: int, t_hi: int):
        self.p, self.lo, self.t_lo, self.t_hi = p, lo, t_lo, t_hi
        self.used: set[int] = set()
        self.people = 0
        self.breaches: list[tuple[int, int, str]] = []  # (breach crime, order's crime, kind)

    def person(self) -> int:
        self.people += 1
        return PLANT_PERSON + self.people

    def crime(self, reported: int, group=STALK, code="8Q", rel="ex_partner", risk="standard"):
        """Pick the crime reported nearest the moment and make it a plain case."""
        if not self.t_lo + DAY < reported <= self.t_hi:
            return None
        p = self.p
        n = len(p["reported"])
        i = int(np.searchsorted(p["reported"], reported).clip(self.lo, n - 1))
        for step in range(n):
            free = [j for j in (i + step, i - step) if self.lo <= j < n and j not in self.used]
            if free:
                i = free[0]
                break
        self.used.add(i)
        r = int(reported)
        created = r + 30 * MIN
        rel_i = idx(RELATIONSHIPS, rel)
        risk_i = idx(RISK_LEVELS, risk) if risk else -1
        stalk = group == STALK
        values = dict(
            reported=r,
            created=created,
            recorded=created,
            off_to=0,
            off_from=14,
            lsoa_null=False,
            coord_null=False,
            nbhd_null=False,
            relationship=rel_i,
            da=int(rel_i in CONNECTED),
            online=0,
            group=group,
            A=OC[code],
            A_removed=NAT,
            B=-1,
            B_at=NAT,
            C=-1,
            C_at=NAT,
            C_removed=NAT,
            D=-1,
            D_at=NAT,
            risk1=risk_i,
            risk2=risk_i,
            risk2_at=NAT,
            ra1_tool=idx(RISK_TOOLS, "dash"),
            ra1_at=r + 3 * HOUR,
            ra1_level=max(risk_i, 0),
            ra2_tool=-1,
            ra2_at=NAT,
            ra2_level=max(risk_i, 0),
            alloc1=idx(ALLOCATED_UNITS, "stalking_unit" if stalk else "investigation_hub"),
            alloc1_at=r + 2 * HOUR,
            alloc2=-1,
            alloc2_at=NAT,
            has_suspect=True,
            v2=False,
            s2=False,
            cancelled_at=NAT,
            outcome=0,
            outcome_at=NAT,
            spo=stalk,
            spo_row_at=NAT,
            considered=r + 2 * DAY if stalk else NAT,
            decision=idx(SPO_DECISIONS, "not_appropriate") if stalk else -1,
            applied=NAT,
            interim=NAT,
            granted=NAT,
            refused=NAT,
            om_k=0,
            breached=r - 2 * HOUR if group == BREACH else NAT,
            breached_blank=False,
        )
        for key, value in values.items():
            p[key][i] = value
        v, s = p["victim"], p["suspect"]
        v["pid"][i] = self.person()
        for key, value in dict(
            vulnerable=0,
            age_blank=False,
            sex_blank=False,
            na_at=r + DAY,
            na_row_at=r + DAY,
            rights=1,
            enhanced=1,
            ref_k=1,
            vps_offered=NAT,
            vps_taken=NAT,
        ).items():
            v[key][i] = value
        v["ref_service"][i, 0] = idx(SERVICES, "victim_support")
        v["ref_at"][i, 0] = r + DAY
        v["ref_outcome"][i, 0] = idx(REFERRAL_OUTCOMES, "engaged")
        v["ref_outcome_at"][i, 0] = r + 5 * DAY
        s["pid"][i] = self.person()
        for key, value in dict(
            arrested=NAT,
            age_blank=False,
            sex_blank=False,
            interview=idx(INTERVIEWS, "none"),
            interview_at=created,
            search_legit=0,
            search_other=0,
            search_null=False,
            mappa=idx(MAPPA_LEVELS, "none"),
            charged=NAT,
        ).items():
            s[key][i] = value
        return i

    def reclassify(self, i, at, to="8Q"):
        """Principal A removed at `at`, principal `to` from then on."""
        p = self.p
        p["A_removed"][i], p["B"][i], p["B_at"][i] = at, OC[to], at

    def close(self, i, at, outcome=16):
        self.p["outcome"][i], self.p["outcome_at"][i] = outcome, at

    def arrest(self, i, at, search="none", interview="under_arrest"):
        s = self.p["suspect"]
        s["arrested"][i] = at
        s["search_legit"][i] = s["search_other"][i] = idx(SEARCH_POWERS, search)
        s["interview"][i] = idx(INTERVIEWS, interview)
        s["interview_at"][i] = at + 3 * HOUR

    def share(self, i, j, role):
        """Crime j has the same suspect / victim as crime i."""
        rows = self.p[role]
        rows["pid"][j] = rows["pid"][i]

    def no_support(self, i):
        """No risk assessment, SPO consideration, needs assessment or referral."""
        p, v = self.p, self.p["victim"]
        p["ra1_tool"][i], p["ra1_at"][i] = -1, NAT
        p["spo"][i], p["considered"][i], p["decision"][i] = False, NAT, -1
        v["na_at"][i] = v["na_row_at"][i] = NAT
        v["ref_k"][i] = 0


def _plant(p: dict, as_at: int, t0: int) -> Planter:
    """The situations the measures and tests need, each at least once."""
    pl = Planter(p, 0, t0, as_at)
    a = as_at
    ago = lambda days: a - int(days * DAY)  # noqa: E731

    # Reclassified harassment -> stalking; stalking hidden as an included
    # classification; stalking reclassified away (no longer a stalking case).
    i = pl.crime(ago(120), code="8L")
    if i is not None:
        pl.reclassify(i, p["created"][i] + 5 * DAY)
        pl.close(i, ago(60))
    i = pl.crime(ago(100), code="8R")
    if i is not None:
        p["C"][i], p["C_at"][i] = OC["8Q"], p["created"][i]
    i = pl.crime(ago(90), code="8U")
    if i is not None:
        p["C"][i], p["C_at"][i] = OC["8/65"], p["created"][i] + 3 * DAY
    i = pl.crime(ago(80), group=HARASS, code="8Q")
    if i is not None:
        pl.reclassify(i, p["created"][i] + 4 * DAY, to="8L")

    # Repeat suspects and victims: within 365 days and just beyond.
    for role, first, second in (
        ("suspect", ago(300), ago(100)),
        ("suspect", ago(500), ago(500) + YEAR + HOUR),
        ("victim", ago(250), ago(150)),
        ("victim", ago(480), ago(480) + YEAR + 2 * HOUR),
    ):
        i, j = pl.crime(first), pl.crime(second)
        if i is not None and j is not None:
            pl.share(i, j, role)
            pl.close(i, first + 40 * DAY)
    # The same (suspect, victim) pair on two harassment crimes; an ex-partner
    # harassment crime with no stalking classification.
    i, j = (
        pl.crime(ago(200), HARASS, "8L", "acquaintance"),
        pl.crime(ago(140), HARASS, "8L", "acquaintance"),
    )
    if i is not None and j is not None:
        pl.share(i, j, "suspect")
        pl.share(i, j, "victim")
    pl.crime(ago(60), HARASS, "8L", "ex_partner")

    # Events exactly at a window's limit and one second (a minute) past it.
    for k, extra in enumerate((0, 1)):
        i = pl.crime(ago(50 - k))
        if i is not None:
            p["ra1_at"][i] = p["reported"][i] + DAY + extra
        i = pl.crime(ago(48 - k))
        if i is not None:
            p["considered"][i] = p["reported"][i] + 7 * DAY + extra
        i = pl.crime(ago(46 - k))
        if i is not None:
            p["victim"]["ref_at"][i, 0] = p["reported"][i] + 2 * DAY + extra
        i = pl.crime(ago(44 - k), code="8L")
        if i is not None:
            p["created"][i] = p["recorded"][i] = p["reported"][i] + HOUR
            pl.reclassify(i, p["reported"][i] + DAY + extra)
        i = pl.crime(ago(42 - k), risk="high")
        if i is not None:
            pl.arrest(i, p["reported"][i] + DAY + 60 * extra)

    # Implausible but loadable: SPO considered an hour before the report; an
    # outcome before the crime was recorded.
    i = pl.crime(ago(40))
    if i is not None:
        p["considered"][i] = p["reported"][i] - HOUR
    i = pl.crime(ago(210), group=HARASS, code="8L", rel="work")
    if i is not None:
        pl.close(i, p["reported"][i] + 10 * DAY, outcome=15)
        p["recorded"][i] = p["reported"][i] + 12 * DAY
    # A cancelled stalking crime; an s.18 search where the only stalking
    # offence is summary (s.2A); a legitimate one under s.4A.
    i = pl.crime(ago(70))
    if i is not None:
        p["cancelled_at"][i] = p["created"][i] + 2 * DAY
    i = pl.crime(ago(65), code="195/12")
    if i is not None:
        pl.arrest(i, p["reported"][i] + 5 * HOUR, search="s18")
        pl.close(i, ago(20), outcome=16)
    i = pl.crime(ago(64), code="8/66")
    if i is not None:
        pl.arrest(i, p["reported"][i] + 4 * HOUR, search="s18")

    # The SPO pipeline end to end: an application granted (interim, then full
    # order) and one refused.
    for days, granted in ((150, True), (130, False)):
        i = pl.crime(ago(days), risk="high")
        if i is not None:
            r = p["reported"][i]
            p["considered"][i], p["decision"][i] = r + DAY, idx(SPO_DECISIONS, "apply")
            p["applied"][i], p["interim"][i] = r + 4 * DAY, r + 7 * DAY if granted else NAT
            p["granted" if granted else "refused"][i] = r + 60 * DAY
            pl.arrest(i, r + 6 * HOUR)

    # Open stalking cases that trip every daily-meeting flag.
    pl.crime(a - 5 * HOUR)  # new
    i = pl.crime(ago(12), risk="high")  # high risk, no RA, no SPO, no
    if i is not None:  # VNA, no referral, no arrest,
        pl.no_support(i)  # no protection, response team
        p["alloc1"][i] = idx(ALLOCATED_UNITS, "response")
    i = pl.crime(ago(20), risk="medium")
    if i is not None:
        p["alloc1"][i] = idx(ALLOCATED_UNITS, "neighbourhood")
    i, j = pl.crime(ago(200)), pl.crime(ago(15))  # repeat suspect
    if i is not None and j is not None:
        pl.share(i, j, "suspect")
        pl.close(i, ago(150))
    # reported a day before as-at: the breach is still recent at the delta five days later
    x, y = pl.crime(ago(40), risk="high"), pl.crime(ago(1), group=BREACH, code="BRSPO")
    if x is not None and y is not None:  # recent breach of an interim SPO
        r = p["reported"][x]
        p["considered"][x], p["decision"][x] = r + DAY, idx(SPO_DECISIONS, "apply")
        p["applied"][x], p["interim"][x], p["granted"][x] = r + 3 * DAY, r + 8 * DAY, a + 40 * DAY
        pl.arrest(x, r + 10 * HOUR)
        p["breached"][y] = p["reported"][y] - 3 * HOUR
        pl.breaches.append((y, x, "interim"))

    # Changes that fall in the delta span (as_at, as_at + 5 days].
    i = pl.crime(ago(4), code="8L")  # reclassified to stalking
    if i is not None:
        p["spo"][i], p["considered"][i], p["decision"][i] = False, NAT, -1
        pl.reclassify(i, a + DAY)
    i = pl.crime(ago(6))  # SPO considered
    if i is not None:
        p["considered"][i] = a + 2 * DAY
    i = pl.crime(ago(25), group=HARASS, code="8L", rel="acquaintance")  # closed with an outcome
    if i is not None:
        pl.close(i, a + 36 * HOUR)
    i = pl.crime(ago(3))  # first referral
    if i is not None:
        p["victim"]["ref_at"][i, 0] = a + DAY
    i = pl.crime(ago(30))  # SPO granted: a new order
    if i is not None:
        r = p["reported"][i]
        p["considered"][i], p["decision"][i] = r + DAY, idx(SPO_DECISIONS, "apply")
        p["applied"][i], p["granted"][i] = r + 5 * DAY, a + 3 * DAY
    return pl


# ---------------------------------------------------------------- references, orders, breaches


def assign_refs(rng, p: dict, start: int, gap: int):
    """Crime references 42/NNNNNN/YY, numbered in order of recording within a
    year, with gaps (the force records other crime in between)."""
    n = len(p["reported"])
    created = p["created"][start:]
    yy = (created.astype("datetime64[s]").astype("datetime64[Y]").astype(np.int64) + 1970) % 100
    gaps = rng.integers(1, 2 * gap, len(created))
    seq = np.zeros(len(created), np.int64)
    old_seq, old_yy = (
        p.get("seq", np.zeros(0, np.int64))[:start],
        p.get("yy", np.zeros(0, np.int64))[:start],
    )
    order = np.argsort(created, kind="stable")
    for y in np.unique(yy):
        rows = order[yy[order] == y]
        base = old_seq[old_yy == y].max(initial=0)
        seq[rows] = base + np.cumsum(gaps[rows])
    p["seq"] = np.concatenate([old_seq, seq])
    p["yy"] = np.concatenate([old_yy, yy])
    assert len(p["seq"]) == n


def _midnight_plus(t: np.ndarray, days: np.ndarray) -> np.ndarray:
    return (t // DAY) * DAY + days * DAY


def make_orders(
    rng, p: dict, start: int, prior: dict | None, pool: int, pool_from: int, pool_to: int
) -> dict:
    """Protective orders: SPOs (interim and full) from the SPO pipeline,
    restraining orders after charge, a few DVPOs/DAPOs, and a pool of civil
    non-molestation and older restraining orders with no origin crime here."""
    n = len(p["reported"])
    ci = np.arange(start, n)
    m = len(ci)
    sp, vp = p["suspect"]["pid"][ci], p["victim"]["pid"][ci]
    T = {t: idx(ORDER_TYPES, t) for t in ORDER_TYPES}
    ro = (p["outcome"][ci] == 1) & p["has_suspect"][ci] & (rng.random(m) < 0.45)
    da = p["da"][ci] == 1
    dvpo = da & (rng.random(m) < 0.01)
    dapo = da & (rng.random(m) < 0.003)
    parts = [
        (p["interim"][ci] != NAT, T["interim_spo"], p["interim"][ci], uniform(rng, 56, 84, m), 1),
        (p["granted"][ci] != NAT, T["spo"], p["granted"][ci], uniform(rng, 730, 1825, m), 2),
        (
            ro,
            T["restraining_order"],
            add(p["outcome_at"][ci], uniform(rng, 20 * DAY, 120 * DAY, m)),
            uniform(rng, 365, 1825, m),
            0,
        ),
        (dvpo, T["dvpo"], p["created"][ci] + uniform(rng, DAY, 3 * DAY, m), np.full(m, 28), 0),
        (
            dapo,
            T["dapo"],
            p["created"][ci] + uniform(rng, 7 * DAY, 30 * DAY, m),
            uniform(rng, 365, 730, m),
            0,
        ),
    ]
    cols = {k: [] for k in ("type", "granted", "expires", "spid", "vpid", "origin", "link")}
    for mask, typ, granted, days, link in parts:
        cols["type"].append(np.full(mask.sum(), typ))
        cols["granted"].append(granted[mask])
        cols["expires"].append(_midnight_plus(granted[mask], days[mask]))
        cols["spid"].append(sp[mask])
        cols["vpid"].append(vp[mask])
        cols["origin"].append(ci[mask])
        cols["link"].append(np.full(mask.sum(), link))
    if pool:
        granted = rng.integers(pool_from, pool_to, pool)
        typ = np.where(rng.random(pool) < 0.75, T["non_molestation"], T["restraining_order"])
        known = np.searchsorted(p["reported"], granted)  # people from crimes reported before
        src = (rng.random(pool) * known).astype(np.int64)
        from_crime = (known > 0) & (rng.random(pool) < 0.6) & p["has_suspect"][src]
        k = np.arange(pool)
        cols["type"].append(typ)
        cols["granted"].append(granted)
        indefinite = (typ == T["non_molestation"]) & (
            rng.random(pool) < 0.05
        )  # "until further order"
        cols["expires"].append(
            np.where(indefinite, NAT, _midnight_plus(granted, uniform(rng, 365, 730, pool)))
        )
        cols["spid"].append(np.where(from_crime, p["suspect"]["pid"][src], POOL_PERSON + 2 * k))
        cols["vpid"].append(np.where(from_crime, p["victim"]["pid"][src], POOL_PERSON + 2 * k + 1))
        cols["origin"].append(np.full(pool, -1))
        cols["link"].append(np.zeros(pool, int))
    o = {k: np.concatenate(v).astype(np.int64) for k, v in cols.items()}
    order = np.argsort(o["granted"], kind="stable")
    o = {k: v[order] for k, v in o.items()}
    first = 1 + (int(prior["onum"].max()) if prior is not None and len(prior["onum"]) else 0)
    o["onum"] = first + np.arange(len(order))
    for key, link in (("interim_onum", 1), ("full_onum", 2)):
        arr = np.full(n, -1, np.int64)
        arr[:start] = p.get(key, arr)[:start]
        sel = o["link"] == link
        arr[o["origin"][sel]] = o["onum"][sel]
        p[key] = arr
    if prior is not None:
        o = {k: np.concatenate([prior[k], o[k]]) for k in o}
    return o


def link_breaches(
    rng, p: dict, orders: dict, start: int, years: float, forced, prior: dict | None
) -> dict:
    """Each breach crime breaches an order in force against its suspect: the
    crime's suspect and victim become the order's, its code follows the order."""
    bi = np.flatnonzero(p["group"][start:] == BREACH) + start
    breachable = np.isin(orders["type"], [idx(ORDER_TYPES, t) for t in BREACH_CODE_FOR_ORDER])
    cand = np.flatnonzero(breachable)
    cand = cand[np.argsort(orders["granted"][cand], kind="stable")]
    granted, expires = orders["granted"][cand], orders["expires"][cand]
    when = p["breached"][bi]
    hi = np.searchsorted(granted, when, side="left")
    scale = max(1.0, 0.3 * len(cand) / max(years, 0.1))
    pos = hi - 1 - np.floor(rng.exponential(scale, len(bi))).astype(np.int64)
    for _ in range(4):
        ended = expires[pos.clip(0)]
        bad = (pos < 0) | ((ended != NAT) & (ended <= when))
        redraw = hi - 1 - np.floor(rng.exponential(scale, len(bi))).astype(np.int64)
        pos = np.where(bad, redraw, pos)
    pos = np.where(pos < 0, hi - 1, pos)
    onum_pos = {int(o): k for k, o in enumerate(orders["onum"][cand])}
    for crime, source, kind in forced:
        onum = p["interim_onum" if kind == "interim" else "full_onum"][source]
        if onum > 0:
            pos[np.flatnonzero(bi == crime)] = onum_pos[int(onum)]
    ok = pos >= 0
    # No order in force yet (tiny extracts only): record it as harassment.
    p["group"][bi[~ok]] = HARASS
    p["A"][bi[~ok]] = OC["8L"]
    bi, o = bi[ok], cand[pos[ok]]
    types = orders["type"][o]
    for name, code in BREACH_CODE_FOR_ORDER.items():
        p["A"][bi[types == idx(ORDER_TYPES, name)]] = OC[code]
    p["has_suspect"][bi] = True
    p["suspect"]["pid"][bi] = orders["spid"][o]
    p["victim"]["pid"][bi] = orders["vpid"][o]
    origin = orders["origin"][o]
    known = origin >= 0
    p["relationship"][bi[known]] = p["relationship"][origin[known]]
    p["da"][bi[known]] = p["da"][origin[known]]
    b = {"onum": orders["onum"][o], "ci": bi}
    if prior is not None:
        b = {k: np.concatenate([prior[k], b[k]]) for k in b}
    return b


TIME_KEYS = (
    "reported",
    "created",
    "recorded",
    "A_removed",
    "B_at",
    "C_at",
    "C_removed",
    "D_at",
    "risk2_at",
    "ra1_at",
    "ra2_at",
    "alloc1_at",
    "alloc2_at",
    "cancelled_at",
    "outcome_at",
    "spo_row_at",
    "considered",
    "applied",
    "interim",
    "granted",
    "refused",
    "breached",
)
VICTIM_TIME_KEYS = ("na_at", "na_row_at", "ref_at", "ref_outcome_at", "vps_offered", "vps_taken")
SUSPECT_TIME_KEYS = ("arrested", "interview_at", "charged")


def fix_local_times(p: dict, start: int, t0: int, t1: int):
    """No moment in the hour the clocks skip in spring (UK local time)."""
    year = lambda t: (datetime(1970, 1, 1) + timedelta(seconds=int(t))).year  # noqa: E731
    years = range(year(t0) - 1, year(t1) + 4)

    def fix(t):
        for y in years:
            d = date(y, 3, 31)
            d -= timedelta(days=(d.weekday() + 1) % 7)
            g = epoch(datetime(d.year, d.month, d.day, 1))
            t = np.where((t >= g) & (t < g + HOUR), g + HOUR, t)
        return t

    n = len(p["reported"])
    for key in TIME_KEYS:
        p[key][start:] = fix(p[key][start:])
    for role, keys in (("victim", VICTIM_TIME_KEYS), ("suspect", SUSPECT_TIME_KEYS)):
        rows = p[role]
        for key in keys:
            for part in (slice(start, n), slice(n + start, 2 * n)):
                rows[key][part] = fix(rows[key][part])


# ---------------------------------------------------------------- world tables (no randomness)

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


def _ts(a):
    return pa.array(a, type=pa.timestamp("s"), mask=a == NAT)


def _en(codes, values):
    codes = np.asarray(codes).astype(np.int32)
    return pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0), pa.array(list(values)))


def _bool(a):
    return pa.array(a == 1, mask=a < 0)


def _later(a, b):
    return np.where(a == NAT, NAT, np.maximum(a, b))


def _refcols(p, ci):
    return {"ci": pa.array(ci), "seq": pa.array(p["seq"][ci]), "yy": pa.array(p["yy"][ci])}


def build_world(
    p: dict, orders: dict, breaches: dict, seed: int, geo: Geography
) -> dict[str, pa.Table]:
    """The plan as one table per contract table, each row with the moment it
    comes into being (_at) and every event with its own moment."""
    n = len(p["reported"])
    ci = np.arange(n)
    created = p["created"]
    w = {}
    rep_day = p["reported"] // DAY
    lsoa = p["lsoa"]
    w["crimes"] = pa.table(
        {
            **_refcols(p, ci),
            "_at": _ts(created),
            "reported": _ts(p["reported"]),
            "recorded": _ts(p["recorded"]),
            "offence_from": pa.array(
                (rep_day - p["off_from"]).astype(np.int32), pa.date32(), mask=p["off_from"] < 0
            ),
            "offence_to": pa.array(
                (rep_day - p["off_to"]).astype(np.int32), pa.date32(), mask=p["off_to"] < 0
            ),
            "area": _en(geo.area[lsoa], geo.area_codes),
            "nbhd": _en(np.where(p["nbhd_null"], -1, geo.msoa[lsoa]), geo.msoa_codes),
            "lsoa": _en(np.where(p["lsoa_null"], -1, lsoa), geo.lsoa),
            "lat": pa.array(p["lat"], mask=p["coord_null"]),
            "lon": pa.array(p["lon"], mask=p["coord_null"]),
            "da": _bool(p["da"]),
            "relationship": _en(p["relationship"], RELATIONSHIPS),
            "online": _bool(p["online"]),
            "risk1": _en(p["risk1"], RISK_LEVELS),
            "risk2": _en(p["risk2"], RISK_LEVELS),
            "risk2_at": _ts(p["risk2_at"]),
            "alloc1": _en(p["alloc1"], ALLOCATED_UNITS),
            "alloc1_at": _ts(p["alloc1_at"]),
            "alloc2": _en(p["alloc2"], ALLOCATED_UNITS),
            "alloc2_at": _ts(p["alloc2_at"]),
            "cancelled_at": _ts(p["cancelled_at"]),
            "outcome": pa.array(p["outcome"].astype(np.int32), mask=p["outcome"] <= 0),
            "outcome_at": _ts(p["outcome_at"]),
        }
    )

    # Classifications: first principal A, later principal B, included C and D.
    parts = [
        (ci, p["A"], True, created, p["A_removed"]),
        (
            ci[p["B"] >= 0],
            p["B"][p["B"] >= 0],
            True,
            p["B_at"][p["B"] >= 0],
            np.full((p["B"] >= 0).sum(), NAT),
        ),
        (
            ci[p["C"] >= 0],
            p["C"][p["C"] >= 0],
            False,
            p["C_at"][p["C"] >= 0],
            p["C_removed"][p["C"] >= 0],
        ),
        (
            ci[p["D"] >= 0],
            p["D"][p["D"] >= 0],
            False,
            p["D_at"][p["D"] >= 0],
            np.full((p["D"] >= 0).sum(), NAT),
        ),
    ]
    c_ci = np.concatenate([x[0] for x in parts])
    order = np.argsort(c_ci, kind="stable")
    c_ci = c_ci[order]
    c_at = np.concatenate([x[3] for x in parts])[order]
    w["classifications"] = pa.table(
        {
            **_refcols(p, c_ci),
            "_at": _ts(np.maximum(c_at, created[c_ci])),
            "code": _en(np.concatenate([x[1] for x in parts])[order], OFFENCE_CODES),
            "principal": pa.array(np.concatenate([np.full(len(x[0]), x[2]) for x in parts])[order]),
            "classified_at": _ts(c_at),
            "removed_at": _ts(np.concatenate([x[4] for x in parts])[order]),
        }
    )

    # Victims and suspects: rows [first of each crime, second]; attributes are
    # a function of the person, so a repeat victim is the same on every crime.
    v, s = p["victim"], p["suspect"]
    both = np.concatenate([ci, ci])
    v_rows = np.flatnonzero(np.concatenate([np.ones(n, bool), p["v2"]]))
    v_rows = v_rows[np.argsort(both[v_rows], kind="stable")]
    vci = both[v_rows]
    vpid = v["pid"][v_rows]
    vh = pseudonym(vpid, seed, 1)
    w["victims"] = pa.table(
        {
            **_refcols(p, vci),
            "_at": _ts(created[vci]),
            "vh": pa.array(vh),
            "age": _en(
                np.where(
                    v["age_blank"][v_rows],
                    -1,
                    person_draw(vpid, seed * 31 + 1, AGE_BANDS, VICTIM_AGE),
                ),
                AGE_BANDS,
            ),
            "sex": _en(
                np.where(
                    v["sex_blank"][v_rows], -1, person_draw(vpid, seed * 31 + 2, SEXES, VICTIM_SEX)
                ),
                SEXES,
            ),
            "vulnerable": _bool(v["vulnerable"][v_rows]),
            "vps_offered": _ts(v["vps_offered"][v_rows]),
            "vps_taken": _ts(v["vps_taken"][v_rows]),
        }
    )
    codes = np.stack([p["A"], p["B"], p["C"], p["D"]], axis=1)
    current = np.stack(
        [p["A_removed"] == NAT, p["B"] >= 0, (p["C"] >= 0) & (p["C_removed"] == NAT), p["D"] >= 0],
        1,
    )
    indictable = (np.isin(codes, [OC[c] for c in INDICTABLE_CODES]) & current).any(axis=1)
    s_rows = np.flatnonzero(np.concatenate([p["has_suspect"], p["has_suspect"] & p["s2"]]))
    s_rows = s_rows[np.argsort(both[s_rows], kind="stable")]
    sci = both[s_rows]
    spid = s["pid"][s_rows]
    arrested = s["arrested"][s_rows]
    search = np.where(
        arrested == NAT,
        idx(SEARCH_POWERS, "none"),
        np.where(indictable[sci], s["search_legit"][s_rows], s["search_other"][s_rows]),
    )
    w["suspects"] = pa.table(
        {
            **_refcols(p, sci),
            "_at": _ts(created[sci]),
            "sh": pa.array(pseudonym(spid, seed, 2)),
            "age": _en(
                np.where(
                    s["age_blank"][s_rows],
                    -1,
                    person_draw(spid, seed * 31 + 3, AGE_BANDS, SUSPECT_AGE),
                ),
                AGE_BANDS,
            ),
            "sex": _en(
                np.where(
                    s["sex_blank"][s_rows], -1, person_draw(spid, seed * 31 + 4, SEXES, SUSPECT_SEX)
                ),
                SEXES,
            ),
            "arrested": _ts(arrested),
            "interview": _en(s["interview"][s_rows], INTERVIEWS),
            "interview_at": _ts(s["interview_at"][s_rows]),
            "search": _en(np.where(s["search_null"][s_rows], -1, search), SEARCH_POWERS),
            "search_at": _ts(np.where(arrested == NAT, created[sci], arrested)),
            "charged": _ts(s["charged"][s_rows]),
            "mappa": _en(s["mappa"][s_rows], MAPPA_LEVELS),
        }
    )

    # Risk assessments: up to two per crime.
    has1, has2 = p["ra1_tool"] >= 0, p["ra2_tool"] >= 0
    r_ci = np.concatenate([ci[has1], ci[has2]])
    order = np.argsort(r_ci, kind="stable")
    r_ci = r_ci[order]
    r_at = np.concatenate([p["ra1_at"][has1], p["ra2_at"][has2]])[order]
    w["risk_assessments"] = pa.table(
        {
            **_refcols(p, r_ci),
            "_at": _ts(np.maximum(r_at, created[r_ci])),
            "tool": _en(
                np.concatenate([p["ra1_tool"][has1], p["ra2_tool"][has2]])[order], RISK_TOOLS
            ),
            "completed": _ts(r_at),
            "level": _en(
                np.concatenate([p["ra1_level"][has1], p["ra2_level"][has2]])[order], RISK_LEVELS
            ),
        }
    )

    # SPO consideration (first suspect).
    q = np.flatnonzero(p["spo"] & p["has_suspect"])
    row_at = np.where(p["considered"][q] == NAT, p["spo_row_at"][q], p["considered"][q])
    w["spo"] = pa.table(
        {
            **_refcols(p, q),
            "_at": _ts(_later(row_at, created[q])),
            "sh": pa.array(pseudonym(s["pid"][q], seed, 2)),
            "considered": _ts(p["considered"][q]),
            "decision": _en(p["decision"][q], SPO_DECISIONS),
            "applied": _ts(p["applied"][q]),
            "interim": _ts(p["interim"][q]),
            "granted": _ts(p["granted"][q]),
            "refused": _ts(p["refused"][q]),
            "interim_onum": pa.array(p["interim_onum"][q], mask=p["interim_onum"][q] < 0),
            "full_onum": pa.array(p["full_onum"][q], mask=p["full_onum"][q] < 0),
        }
    )

    origin = orders["origin"]
    known = origin >= 0
    w["orders"] = pa.table(
        {
            "onum": pa.array(orders["onum"]),
            "sh": pa.array(pseudonym(orders["spid"], seed, 2)),
            "type": _en(orders["type"], ORDER_TYPES),
            "granted": _ts(orders["granted"]),
            "expires": _ts(orders["expires"]),
            "oseq": pa.array(np.where(known, p["seq"][origin.clip(0)], 0), mask=~known),
            "oyy": pa.array(np.where(known, p["yy"][origin.clip(0)], 0), mask=~known),
        }
    )
    order = np.argsort(breaches["ci"], kind="stable")
    bci = breaches["ci"][order]
    w["breaches"] = pa.table(
        {
            **_refcols(p, bci),
            "_at": _ts(created[bci]),
            "onum": pa.array(breaches["onum"][order]),
            "breached": _ts(np.where(p["breached_blank"][bci], NAT, p["breached"][bci])),
        }
    )

    # Needs assessments and referrals (victim rows).
    na = v_rows[v["na_row_at"][v_rows] != NAT]
    nci = both[na]
    w["needs_assessments"] = pa.table(
        {
            **_refcols(p, nci),
            "_at": _ts(np.maximum(v["na_row_at"][na], created[nci])),
            "vh": pa.array(pseudonym(v["pid"][na], seed, 1)),
            "completed": _ts(v["na_at"][na]),
            "rights": _bool(v["rights"][na]),
            "enhanced": _bool(v["enhanced"][na]),
        }
    )
    k = v["ref_k"][v_rows]
    sel = [v_rows[k > j] for j in range(3)]
    f_ci = np.concatenate([both[x] for x in sel])
    order = np.argsort(f_ci, kind="stable")
    f_ci = f_ci[order]

    def stack(key):
        return np.concatenate([v[key][x, j] for j, x in enumerate(sel)])[order]

    f_at = stack("ref_at")
    w["referrals"] = pa.table(
        {
            **_refcols(p, f_ci),
            "_at": _ts(np.maximum(f_at, created[f_ci])),
            "vh": pa.array(pseudonym(np.concatenate([v["pid"][x] for x in sel])[order], seed, 1)),
            "service": _en(stack("ref_service"), SERVICES),
            "referred": _ts(f_at),
            "outcome": _en(stack("ref_outcome"), REFERRAL_OUTCOMES),
            "outcome_at": _ts(stack("ref_outcome_at")),
        }
    )

    # Online methods.
    sel = [ci[p["om_k"] > j] for j in range(3)]
    o_ci = np.concatenate(sel)
    order = np.argsort(o_ci, kind="stable")
    o_ci = o_ci[order]
    w["online_methods"] = pa.table(
        {
            **_refcols(p, o_ci),
            "_at": _ts(created[o_ci]),
            "method": _en(
                np.concatenate([p["om_method"][x, j] for j, x in enumerate(sel)])[order],
                ONLINE_METHODS,
            ),
            "platform": _en(
                np.concatenate([p["om_platform"][x, j] for j, x in enumerate(sel)])[order],
                PLATFORMS,
            ),
        }
    )
    return w


# ---------------------------------------------------------------- snapshots (DuckDB)


def _snapshot(name: str, T: str) -> str:
    """The state of one table as at T: rows that exist by T, later events blanked."""
    at = lambda c: f"case when {c} <= {T} then {c} end"  # noqa: E731
    sql = {
        "crimes": f"""
            select ci, seq, yy, reported, {at("recorded")} as recorded, offence_from, offence_to,
                   area, nbhd, lsoa, lat, lon, da, relationship, online,
                   case when risk2_at <= {T} then risk2 else risk1 end as risk_level,
                   case when alloc2_at <= {T} then alloc2 when alloc1_at <= {T} then alloc1 end as allocated_unit,
                   case when alloc2_at <= {T} then alloc2_at when alloc1_at <= {T} then alloc1_at end as allocated_at,
                   case when cancelled_at <= {T} then 'cancelled' when outcome_at <= {T} then 'closed'
                        else 'open' end as status,
                   case when outcome_at <= {T} then outcome end as outcome_code,
                   {at("outcome_at")} as outcome_at
            from w_crimes where _at <= {T}""",
        "classifications": f"""
            select ci, seq, yy, code, principal, classified_at, {at("removed_at")} as removed_at
            from w_classifications where _at <= {T}""",
        "victims": f"""
            select ci, seq, yy, vh, age, sex, vulnerable, {at("vps_offered")} as vps_offered,
                   {at("vps_taken")} as vps_taken
            from w_victims where _at <= {T}""",
        "suspects": f"""
            select ci, seq, yy, sh, age, sex, {at("arrested")} as arrested,
                   case when interview_at <= {T} then interview when interview is not null then 'none' end
                       as interview,
                   case when search_at <= {T} then search when search is not null then 'none' end as search,
                   {at("charged")} as charged, mappa
            from w_suspects where _at <= {T}""",
        "risk_assessments": f"""
            select ci, seq, yy, tool, completed, level from w_risk_assessments where _at <= {T}""",
        "spo": f"""
            select ci, seq, yy, sh, {at("considered")} as considered,
                   case when considered <= {T} then decision end as decision,
                   {at("applied")} as applied, {at("interim")} as interim, {at("granted")} as granted,
                   {at("refused")} as refused,
                   case when granted <= {T} then full_onum when interim <= {T} then interim_onum end as onum
            from w_spo where _at <= {T}""",
        "orders": f"""
            select onum, sh, type, granted, expires, oseq, oyy, granted as _at
            from w_orders where granted <= {T}""",
        "breaches": f"""
            select ci, seq, yy, onum, breached, _at from w_breaches where _at <= {T}""",
        "needs_assessments": f"""
            select ci, seq, yy, vh, {at("completed")} as completed,
                   case when completed <= {T} then rights end as rights,
                   case when completed <= {T} then enhanced end as enhanced
            from w_needs_assessments where _at <= {T}""",
        "referrals": f"""
            select ci, seq, yy, vh, service, referred,
                   case when outcome is null then null when outcome_at <= {T} then outcome
                        else 'pending' end as outcome
            from w_referrals where _at <= {T}""",
        "online_methods": f"""
            select ci, seq, yy, method, platform from w_online_methods where _at <= {T}""",
    }
    return sql[name]


# Output columns: (contract column, how to write it, source column).
OUTPUT = {
    "crimes": [
        ("crime_ref", "ref", ""),
        ("reported_at", "ts", "reported"),
        ("recorded_at", "ts", "recorded"),
        ("offence_from", "date", "offence_from"),
        ("offence_to", "date", "offence_to"),
        ("area_code", "", "area"),
        ("neighbourhood_code", "", "nbhd"),
        ("lsoa_code", "", "lsoa"),
        ("latitude", "", "lat"),
        ("longitude", "", "lon"),
        ("domestic_abuse", "", "da"),
        ("relationship", "", "relationship"),
        ("online_element", "", "online"),
        ("risk_level", "", "risk_level"),
        ("allocated_unit", "", "allocated_unit"),
        ("allocated_at", "ts", "allocated_at"),
        ("status", "", "status"),
        ("outcome_code", "", "outcome_code"),
        ("outcome_at", "ts", "outcome_at"),
    ],
    "classifications": [
        ("crime_ref", "ref", ""),
        ("offence_code", "", "code"),
        ("is_principal", "", "principal"),
        ("classified_at", "ts", "classified_at"),
        ("removed_at", "ts", "removed_at"),
    ],
    "victims": [
        ("crime_ref", "ref", ""),
        ("victim_id", "victim", "vh"),
        ("age_band", "", "age"),
        ("sex", "", "sex"),
        ("vulnerable", "", "vulnerable"),
        ("vps_offered_at", "ts", "vps_offered"),
        ("vps_taken_at", "ts", "vps_taken"),
    ],
    "suspects": [
        ("crime_ref", "ref", ""),
        ("suspect_id", "suspect", "sh"),
        ("age_band", "", "age"),
        ("sex", "", "sex"),
        ("arrested_at", "ts", "arrested"),
        ("interview", "", "interview"),
        ("search_power", "", "search"),
        ("charged_at", "ts", "charged"),
        ("mappa_level", "", "mappa"),
    ],
    "risk_assessments": [
        ("crime_ref", "ref", ""),
        ("tool", "", "tool"),
        ("completed_at", "ts", "completed"),
        ("risk_level", "", "level"),
    ],
    "spo": [
        ("crime_ref", "ref", ""),
        ("suspect_id", "suspect", "sh"),
        ("considered_at", "ts", "considered"),
        ("decision", "", "decision"),
        ("applied_at", "ts", "applied"),
        ("interim_granted_at", "ts", "interim"),
        ("granted_at", "ts", "granted"),
        ("refused_at", "ts", "refused"),
        ("order_id", "order", "onum"),
    ],
    "orders": [
        ("order_id", "order", "onum"),
        ("suspect_id", "suspect", "sh"),
        ("order_type", "", "type"),
        ("granted_at", "ts", "granted"),
        ("expires_at", "ts", "expires"),
        ("crime_ref", "origin", ""),
    ],
    "breaches": [
        ("order_id", "order", "onum"),
        ("crime_ref", "ref", ""),
        ("breached_at", "ts", "breached"),
    ],
    "needs_assessments": [
        ("crime_ref", "ref", ""),
        ("victim_id", "victim", "vh"),
        ("completed_at", "ts", "completed"),
        ("rights_explained", "", "rights"),
        ("enhanced_rights", "", "enhanced"),
    ],
    "referrals": [
        ("crime_ref", "ref", ""),
        ("victim_id", "victim", "vh"),
        ("service", "", "service"),
        ("referred_at", "ts", "referred"),
        ("outcome", "", "outcome"),
    ],
    "online_methods": [
        ("crime_ref", "ref", ""),
        ("method", "", "method"),
        ("platform", "", "platform"),
    ],
}
CRIME_SCOPED = tuple(t.name for t in TABLES if t.crime_scoped or t.name == "crimes")

for _t in TABLES:  # the output must be the contract, column for column
    assert tuple(c for c, _, _ in OUTPUT[_t.name]) == _t.column_names, _t.name


def _select(name: str, T: str, fmt: str, day_first: bool) -> str:
    """The contract's columns, in order, written as the extract writes them."""
    ts_fmt, date_fmt = (
        ("%d/%m/%Y %H:%M", "%d/%m/%Y") if day_first else ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d")
    )
    parquet = fmt == "parquet"
    exprs = []
    for column, how, src in OUTPUT[name]:
        e = {
            "ref": f"printf('{FORCE_NUMBER}/%06d/%02d', seq, yy)",
            "origin": f"printf('{FORCE_NUMBER}/%06d/%02d', oseq, oyy)",
            "victim": f"printf('V%010x', {src})",
            "suspect": f"printf('S%010x', {src})",
            "order": f"printf('ORD-%06d', {src})",
            "ts": f"{src}::TIMESTAMP" if parquet else f"strftime({src}, '{ts_fmt}')",
            "date": src if parquet else f"strftime({src}, '{date_fmt}')",
            "": src,
        }[how]
        exprs.append(f"{e} as {column}")
    return "select " + ", ".join(exprs) + f" from ({_snapshot(name, T)}) s"


def _literal(t: int) -> str:
    return f"TIMESTAMP '{iso(t).replace('T', ' ')}'"


def _clear(folder: Path):
    """Remove what an earlier run wrote here (only the contract's file names)."""
    for t in TABLES:
        for ext in ("csv", "parquet"):
            (folder / f"{t.name}.{ext}").unlink(missing_ok=True)
    (folder / "manifest.json").unlink(missing_ok=True)


def _write(
    con, folder: Path, T: int, fmt: str, day_first: bool, manifest: dict, filters: dict
) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    _clear(folder)
    options = (
        "(FORMAT parquet, COMPRESSION zstd)" if fmt == "parquet" else "(HEADER, DELIMITER ',')"
    )
    counts = {}
    for t in TABLES:
        sql = _select(t.name, _literal(T), fmt, day_first) + filters.get(t.name, "")
        path = (folder / f"{t.name}.{fmt}").as_posix().replace("'", "''")
        counts[t.name] = int(con.execute(f"COPY ({sql}) TO '{path}' {options}").fetchone()[0])
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return counts


def _changed_crimes(con, T0: int, T1: int):
    """Crimes whose rows in any crime-scoped table differ between T0 and T1
    (including crimes that did not exist at T0), as temp table `changed`: the
    exact symmetric difference of the two snapshots, row by row."""
    t0, t1 = _literal(T0), _literal(T1)
    # A row can only look different if one of its moments falls in (T0, T1]:
    # those crimes are the candidates, compared exactly below.
    moments = []
    for name in CRIME_SCOPED:
        cols = [
            c[0]
            for c in con.execute(f"describe w_{name}").fetchall()
            if c[1].startswith("TIMESTAMP")
        ]
        span = " or ".join(f"({c} > {t0} and {c} <= {t1})" for c in cols)
        moments.append(f"select ci from w_{name} where {span}")
    con.execute(
        f"create or replace temp table candidates as select distinct ci from ({' union all '.join(moments)})"
    )
    parts = []
    for name in CRIME_SCOPED:
        a, b = (
            f"select * from ({_snapshot(name, t)}) s where ci in (select ci from candidates)"
            for t in (t0, t1)
        )
        parts.append(f"select ci from ({b} except all {a})")
        parts.append(f"select ci from ({a} except all {b})")
    con.execute(f"""
        create or replace temp table changed as
        select distinct ci from ({" union all ".join(parts)}) x
        where ci in (select ci from w_crimes where _at <= {t1})""")


# ---------------------------------------------------------------- the command


def generate(
    out,
    crimes: int = 6000,
    seed: int = 1,
    as_at: str = DEFAULT_AS_AT,
    years: float = 2.0,
    fmt: str = "csv",
    day_first: bool = False,
    delta_out=None,
    delta_days: float = 5.0,
    geo_dir=DEFAULT_GEO,
    force: str = "Synthetic Constabulary",
    later_out=None,
) -> dict:
    """Write a full extract (and optionally a delta); return rows per table."""
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"format must be csv or parquet, not {fmt!r}")
    if crimes < 1:
        raise ValueError("need at least one crime")
    A = epoch(datetime.fromisoformat(as_at))
    t0 = A - int(years * 365.25 * DAY)
    geo = Geography(Path(geo_dir))
    gap = int(np.clip(900_000 / (crimes / years), 1, 40))

    rng = np.random.default_rng([seed, 0])
    p = draw_plan(rng, crimes, t0, A, geo)
    link_people(rng, p, 0)
    planter = _plant(p, A, t0) if crimes >= 200 else Planter(p, 0, t0, A)
    fix_local_times(p, 0, t0, A)
    assign_refs(rng, p, 0, gap)
    orders = make_orders(rng, p, 0, None, max(20, round(0.06 * crimes)), t0 - int(1.5 * YEAR), A)
    breaches = link_breaches(rng, p, orders, 0, years, planter.breaches, None)

    T1 = A + int(delta_days * DAY)
    if delta_out is not None or later_out is not None:
        # The delta span's new crimes come from their own stream: the full
        # extract is the same with or without a delta.
        rng = np.random.default_rng([seed, 1])
        extra = round(crimes * expected_share(t0, A, A, T1))
        if extra:
            p = concat_plans(p, draw_plan(rng, extra, A, T1, geo))
            link_people(rng, p, crimes)
            Planter(p, crimes, A - DAY, T1).crime(
                A + (T1 - A) // 2, group=BREACH, code="BRNMO", risk="medium"
            )
            fix_local_times(p, crimes, A, T1)
            assign_refs(rng, p, crimes, gap)
            orders = make_orders(rng, p, crimes, orders, 0, A, T1)
            breaches = link_breaches(rng, p, orders, crimes, years, [], breaches)

    con = duckdb.connect()
    for name, table in build_world(p, orders, breaches, seed, geo).items():
        con.register(f"w_{name}", table)
    manifest = {"force": force, "system": "synthetic", "extracted_at": iso(A), "kind": "full"}
    result = {"full": _write(con, Path(out), A, fmt, day_first, manifest, {})}
    if delta_out is not None:
        _changed_crimes(con, A, T1)
        keep = " where s.ci in (select ci from changed)"
        filters = {name: keep for name in CRIME_SCOPED}
        filters["orders"] = filters["breaches"] = f" where s._at > {_literal(A)}"
        manifest = dict(manifest, extracted_at=iso(T1), kind="delta")
        result["delta"] = _write(con, Path(delta_out), T1, fmt, day_first, manifest, filters)
    if later_out is not None:
        manifest = {"force": force, "system": "synthetic", "extracted_at": iso(T1), "kind": "full"}
        result["later"] = _write(con, Path(later_out), T1, fmt, day_first, manifest, {})
    con.close()
    return result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m sample_data.generate", description=__doc__.split("\n")[0]
    )
    ap.add_argument("--out", required=True, help="folder for the full extract")
    ap.add_argument(
        "--crimes",
        type=int,
        default=6000,
        help="crime records drawn with a report in the span; those created on the system by as-at are in the extract",
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--as-at", default=DEFAULT_AS_AT, help="extracted_at of the full extract (ISO, UK local)"
    )
    ap.add_argument("--years", type=float, default=2.0, help="years of reports up to as-at")
    ap.add_argument("--format", choices=("csv", "parquet"), default="csv")
    ap.add_argument(
        "--day-first", action="store_true", help="timestamps as DD/MM/YYYY HH:MM (CSV only)"
    )
    ap.add_argument("--delta-out", help="also write a delta extract here")
    ap.add_argument(
        "--delta-days", type=float, default=5.0, help="days after as-at the delta is extracted"
    )
    ap.add_argument(
        "--later-out", help="also write the full state as at as-at + delta-days (to check a merge)"
    )
    ap.add_argument("--geo", default=str(DEFAULT_GEO), help="folder with lsoa.csv")
    ap.add_argument("--force", default="Synthetic Constabulary", help="force name for the manifest")
    a = ap.parse_args(argv)
    start = time.perf_counter()
    result = generate(
        a.out,
        a.crimes,
        a.seed,
        a.as_at,
        a.years,
        a.format,
        a.day_first,
        a.delta_out,
        a.delta_days,
        a.geo,
        a.force,
        a.later_out,
    )
    secs = time.perf_counter() - start
    line = f"{a.out}: " + " ".join(f"{k}={v}" for k, v in result["full"].items())
    if "delta" in result:
        line += f" | delta {a.delta_out}: " + " ".join(
            f"{k}={v}" for k, v in result["delta"].items()
        )
    print(f"{line} | {secs:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
