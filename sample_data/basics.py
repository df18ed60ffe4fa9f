"""Units, the "no such moment" sentinel and the small random-draw helpers every
part of the generator uses.

Moments are int64 seconds since 1970-01-01 in UK local wall-clock time (no time
zone: the extract writes local times); NAT marks a moment that never happens.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np

MIN = 60
HOUR = 3600
DAY = 86400
YEAR = 365 * DAY
NAT = np.iinfo(np.int64).min  # "no such moment" in the plan's int64 seconds

# Person-number spaces. A first victim / suspect is numbered by the crime that
# introduced them (repeat people share it); others live in separate ranges.
SECOND_PERSON = 1 << 32
POOL_PERSON = 2 << 32
PLANT_PERSON = 3 << 32
MASK40 = (1 << 40) - 1


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
