"""Crime references, protective orders and the breaches of them."""

from __future__ import annotations

import numpy as np

from pipelines.contract import ORDER_TYPES
from sample_data.basics import DAY, NAT, POOL_PERSON, add, idx, uniform
from sample_data.plan import BreachPlan, OrderPlan, Plan, stacked
from sample_data.reference import BREACH, BREACH_CODE_FOR_ORDER, CHARGED, HARASS, OC


def assign_refs(rng, plan: Plan, start: int, gap: int) -> None:
    """Crime references 42/NNNNNN/YY, numbered in order of recording within a
    year, with gaps (the force records other crime in between)."""
    c = plan.crimes
    created = c.created_at[start:]
    yy = (created.astype("datetime64[s]").astype("datetime64[Y]").astype(np.int64) + 1970) % 100
    gaps = rng.integers(1, 2 * gap, len(created))
    seq = np.zeros(len(created), np.int64)
    old_seq, old_yy = c.ref_seq[:start], c.ref_year[:start]
    order = np.argsort(created, kind="stable")
    for y in np.unique(yy):
        rows = order[yy[order] == y]
        base = old_seq[old_yy == y].max(initial=0)
        seq[rows] = base + np.cumsum(gaps[rows])
    c.ref_seq = np.concatenate([old_seq, seq])
    c.ref_year = np.concatenate([old_yy, yy])


def _midnight_plus(t: np.ndarray, days: np.ndarray) -> np.ndarray:
    return (t // DAY) * DAY + days * DAY


def make_orders(
    rng,
    plan: Plan,
    start: int,
    prior: OrderPlan | None,
    pool: int,
    pool_from: int,
    pool_to: int,
    forced=(),
) -> OrderPlan:
    """Protective orders: SPOs (interim and full) from the SPO pipeline,
    restraining orders after charge, a few DVPOs/DAPOs, and a pool of civil
    non-molestation and older restraining orders with no origin crime here.
    `forced` (plant.py) lists orders against a crime's suspect and for its victim,
    with no origin crime here: (crime, order type, granted, expires).
    The crimes' SPOs learn their order numbers."""
    n = plan.n
    ci = np.arange(start, n)
    sp, vp = plan.suspects.person[ci], plan.victims.person[ci]
    cols = {k: [] for k in ("type", "granted", "expires", "spid", "vpid", "origin", "link")}
    for mask, typ, granted, days, link in _crime_orders(rng, plan, ci):
        cols["type"].append(np.full(mask.sum(), typ))
        cols["granted"].append(granted[mask])
        cols["expires"].append(_midnight_plus(granted[mask], days[mask]))
        cols["spid"].append(sp[mask])
        cols["vpid"].append(vp[mask])
        cols["origin"].append(ci[mask])
        cols["link"].append(np.full(mask.sum(), link))
    if pool:
        _pool_orders(rng, plan, cols, pool, pool_from, pool_to)
    for crime, typ, granted, expires in forced:
        for k, v in (
            ("type", idx(ORDER_TYPES, typ)),
            ("granted", granted),
            ("expires", expires),
            ("spid", plan.suspects.person[crime]),
            ("vpid", plan.victims.person[crime]),
            ("origin", -1),
            ("link", 0),
        ):
            cols[k].append(np.array([v], np.int64))
    o = {k: np.concatenate(v).astype(np.int64) for k, v in cols.items()}
    order = np.argsort(o["granted"], kind="stable")
    o = {k: v[order] for k, v in o.items()}
    first = 1 + (int(prior.number.max()) if prior is not None and len(prior.number) else 0)
    o["onum"] = first + np.arange(len(order))
    spo = plan.spo
    for name, link in (("interim_order", 1), ("full_order", 2)):
        arr = np.full(n, -1, np.int64)
        arr[:start] = getattr(spo, name)[:start]
        sel = o["link"] == link
        arr[o["origin"][sel]] = o["onum"][sel]
        setattr(spo, name, arr)
    made = OrderPlan(
        number=o["onum"],
        order_type=o["type"],
        granted_at=o["granted"],
        expires_at=o["expires"],
        suspect=o["spid"],
        victim=o["vpid"],
        origin_crime=o["origin"],
        spo_link=o["link"],
    )
    return made if prior is None else stacked(prior, made)


def _crime_orders(rng, plan: Plan, ci: np.ndarray) -> list[tuple]:
    """Orders that come from crimes ci: (which crimes, type, granted, days in force,
    SPO link) per kind of order."""
    m = len(ci)
    T = {t: idx(ORDER_TYPES, t) for t in ORDER_TYPES}
    inv, spo = plan.investigation, plan.spo
    ro = (inv.outcome_code[ci] == CHARGED) & inv.has_suspect[ci] & (rng.random(m) < 0.45)
    da = plan.crimes.domestic_abuse[ci] == 1
    dvpo = da & (rng.random(m) < 0.01)
    dapo = da & (rng.random(m) < 0.003)
    created = plan.crimes.created_at[ci]
    return [
        (
            spo.interim_at[ci] != NAT,
            T["interim_spo"],
            spo.interim_at[ci],
            uniform(rng, 56, 84, m),
            1,
        ),
        (spo.granted_at[ci] != NAT, T["spo"], spo.granted_at[ci], uniform(rng, 730, 1825, m), 2),
        (
            ro,
            T["restraining_order"],
            add(inv.outcome_at[ci], uniform(rng, 20 * DAY, 120 * DAY, m)),
            uniform(rng, 365, 1825, m),
            0,
        ),
        (dvpo, T["dvpo"], created + uniform(rng, DAY, 3 * DAY, m), np.full(m, 28), 0),
        (
            dapo,
            T["dapo"],
            created + uniform(rng, 7 * DAY, 30 * DAY, m),
            uniform(rng, 365, 730, m),
            0,
        ),
    ]


def _pool_orders(rng, plan: Plan, cols: dict, pool: int, pool_from: int, pool_to: int) -> None:
    """Civil non-molestation and older restraining orders with no origin crime here:
    some against people of earlier crimes, others against people of their own."""
    granted = rng.integers(pool_from, pool_to, pool)
    non_molestation, restraining = (
        idx(ORDER_TYPES, "non_molestation"),
        idx(ORDER_TYPES, "restraining_order"),
    )
    typ = np.where(rng.random(pool) < 0.75, non_molestation, restraining)
    known = np.searchsorted(plan.crimes.reported_at, granted)  # people from crimes reported before
    src = (rng.random(pool) * known).astype(np.int64)
    from_crime = (known > 0) & (rng.random(pool) < 0.6) & plan.investigation.has_suspect[src]
    k = np.arange(pool)
    cols["type"].append(typ)
    cols["granted"].append(granted)
    indefinite = (typ == non_molestation) & (rng.random(pool) < 0.05)  # "until further order"
    cols["expires"].append(
        np.where(indefinite, NAT, _midnight_plus(granted, uniform(rng, 365, 730, pool)))
    )
    cols["spid"].append(np.where(from_crime, plan.suspects.person[src], POOL_PERSON + 2 * k))
    cols["vpid"].append(np.where(from_crime, plan.victims.person[src], POOL_PERSON + 2 * k + 1))
    cols["origin"].append(np.full(pool, -1))
    cols["link"].append(np.zeros(pool, int))


def link_breaches(
    rng, plan: Plan, orders: OrderPlan, start: int, years: float, forced, prior: BreachPlan | None
) -> BreachPlan:
    """Each breach crime breaches an order in force against its suspect: the
    crime's suspect and victim become the order's, its code follows the order.
    `forced` lists (breach crime, crime whose SPO it breaches, "interim"/"full")."""
    c = plan.crimes
    bi = np.flatnonzero(c.group[start:] == BREACH) + start
    breachable = np.isin(orders.order_type, [idx(ORDER_TYPES, t) for t in BREACH_CODE_FOR_ORDER])
    cand = np.flatnonzero(breachable)
    cand = cand[np.argsort(orders.granted_at[cand], kind="stable")]
    pos = _breached_positions(rng, orders, cand, c.breached_at[bi], years)
    onum_pos = {int(o): k for k, o in enumerate(orders.number[cand])}
    for crime, source, kind in forced:
        onum = (plan.spo.interim_order if kind == "interim" else plan.spo.full_order)[source]
        if onum > 0:
            pos[np.flatnonzero(bi == crime)] = onum_pos[int(onum)]
    ok = pos >= 0
    # No order in force yet (tiny extracts only): record it as harassment.
    c.group[bi[~ok]] = HARASS
    plan.classifications.first_code[bi[~ok]] = OC["8L"]
    bi, o = bi[ok], cand[pos[ok]]
    types = orders.order_type[o]
    for name, code in BREACH_CODE_FOR_ORDER.items():
        plan.classifications.first_code[bi[types == idx(ORDER_TYPES, name)]] = OC[code]
    plan.investigation.has_suspect[bi] = True
    plan.suspects.person[bi] = orders.suspect[o]
    plan.victims.person[bi] = orders.victim[o]
    origin = orders.origin_crime[o]
    known = origin >= 0
    c.relationship[bi[known]] = c.relationship[origin[known]]
    c.domestic_abuse[bi[known]] = c.domestic_abuse[origin[known]]
    made = BreachPlan(crime=bi, order_number=orders.number[o])
    return made if prior is None else stacked(prior, made)


def _breached_positions(rng, orders: OrderPlan, cand, when, years: float) -> np.ndarray:
    """For each breach moment, a position in `cand` (breachable orders by grant):
    an order granted before it and not expired, mostly a recent one; -1 none."""
    granted, expires = orders.granted_at[cand], orders.expires_at[cand]
    hi = np.searchsorted(granted, when, side="left")
    scale = max(1.0, 0.3 * len(cand) / max(years, 0.1))
    pos = hi - 1 - np.floor(rng.exponential(scale, len(when))).astype(np.int64)
    for _ in range(4):
        ended = expires[pos.clip(0)]
        bad = (pos < 0) | ((ended != NAT) & (ended <= when))
        redraw = hi - 1 - np.floor(rng.exponential(scale, len(when))).astype(np.int64)
        pos = np.where(bad, redraw, pos)
    return np.where(pos < 0, hi - 1, pos)
