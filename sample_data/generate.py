"""Synthetic extract generator: a folder that obeys spec/extract.md exactly.

    python -m sample_data.generate --out DIR --crimes N --seed S
        [--as-at 2026-11-16T06:00:00] [--years 2] [--format csv|parquet]
        [--day-first] [--delta-out DIR2 --delta-days 5]

How it works, in four steps (one module each):

1. **Plan** (draw.py, people.py, orders.py: all the randomness). numpy draws,
   per crime, every fact of its life with the moment it happens: report,
   recording, classifications and reclassifications, risk assessments,
   allocation, SPO pipeline, arrest, outcome, victims' needs assessments and
   referrals, protective orders and their breaches; contract v2's staff,
   training and action plan (force.py) and casework (casework.py: officer in
   charge, screenings, panels, surveys, complaints) from streams of their own,
   so the v1 facts are drawn exactly as before. Events run past the as-at
   moment: the world does not stop at the extract. The plan's parts and their
   fields are described in plan.py.
2. **Situations** (plant.py). A few dozen crimes are overwritten with the edge
   cases the measures need (events at exactly a window's limit and one second
   past it, hidden and reclassified stalking, repeat people, daily-meeting
   flags, changes that fall inside the delta span).
3. **World tables** (tables.py, no randomness): the plan expanded into one Arrow
   table per contract table, each row carrying the moment it comes into being.
4. **Snapshots** (write.py, DuckDB). The state as at T keeps rows that exist by
   T and blanks every event after T. The full extract is the snapshot at as_at;
   the delta holds, at as_at + delta_days, every crime that changed, plus the
   orders and breaches that came into being in the span.

Offence codes, outcome codes, LSOAs and the measure windows are read from
pipelines/reference/ (reference.py); the generator's own weights sit beside them.

Crimes reported after as_at (the delta's new crimes) are drawn from their own
random stream, so the full extract is byte-identical with or without a delta.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime
from pathlib import Path

import duckdb
import numpy as np

from sample_data.basics import DAY, YEAR, epoch, iso
from sample_data.casework import draw_casework
from sample_data.draw import draw_plan, expected_share
from sample_data.force import case_takers, draw_actions, draw_staff, staff_count
from sample_data.geography import Geography
from sample_data.orders import assign_refs, link_breaches, make_orders
from sample_data.people import link_people
from sample_data.plan import concat, fix_local_times
from sample_data.plant import Planter, plant
from sample_data.reference import BREACH, problems
from sample_data.tables import build_world
from sample_data.write import write_delta, write_full

HERE = Path(__file__).resolve().parent
DEFAULT_GEO = HERE / "geo"
DEFAULT_AS_AT = "2026-11-16T06:00:00"
DEFAULT_FORCE = "Synthetic Constabulary"


def draw_world(crimes: int, seed: int, t0: int, A: int, T1: int | None, years: float, geo):
    """The plan, orders, breaches, staff and action plan of `crimes` crimes reported in
    (t0, A], and, if T1 is given, of the crimes reported in (A, T1] (from their own
    stream). Contract v2's draws (staff, actions, casework) come from streams of their
    own too, so every v1 fact is drawn as before."""
    gap = int(np.clip(900_000 / (crimes / years), 1, 40))
    rng = np.random.default_rng([seed, 0])
    plan = draw_plan(rng, crimes, t0, A, geo)
    link_people(rng, plan, 0)
    v2 = np.random.default_rng([seed, 2])
    area_weights = np.bincount(geo.area, geo.weights, minlength=len(geo.area_codes))
    staff = draw_staff(v2, staff_count(crimes, years), area_weights)
    takers = case_takers(staff)
    draw_casework(v2, plan, 0, *takers, geo.area[plan.crimes.lsoa])
    actions = draw_actions(v2, A)
    planter = plant(plan, A, t0) if crimes >= 200 else Planter(plan, 0, t0, A)
    fix_local_times(plan, 0, t0, A)
    assign_refs(rng, plan, 0, gap)
    orders = make_orders(
        rng,
        plan,
        0,
        None,
        max(20, round(0.06 * crimes)),
        t0 - int(1.5 * YEAR),
        A,
        planter.orders,
    )
    breaches = link_breaches(rng, plan, orders, 0, years, planter.breaches, None)
    if T1 is None:
        return plan, orders, breaches, staff, actions

    # The delta span's new crimes come from their own stream: the full
    # extract is the same with or without a delta.
    rng = np.random.default_rng([seed, 1])
    extra = round(crimes * expected_share(t0, A, A, T1))
    if extra:
        plan = concat(plan, draw_plan(rng, extra, A, T1, geo))
        link_people(rng, plan, crimes)
        draw_casework(
            np.random.default_rng([seed, 3]), plan, crimes, *takers, geo.area[plan.crimes.lsoa]
        )
        Planter(plan, crimes, A - DAY, T1).crime(
            A + (T1 - A) // 2, group=BREACH, code="BRNMO", risk="medium"
        )
        fix_local_times(plan, crimes, A, T1)
        assign_refs(rng, plan, crimes, gap)
        orders = make_orders(rng, plan, crimes, orders, 0, A, T1)
        breaches = link_breaches(rng, plan, orders, crimes, years, [], breaches)
    return plan, orders, breaches, staff, actions


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
    force: str = DEFAULT_FORCE,
    later_out=None,
) -> dict:
    """Write a full extract (and optionally a delta); return rows per table."""
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"format must be csv or parquet, not {fmt!r}")
    if crimes < 1:
        raise ValueError("need at least one crime")
    disagreements = problems()
    if disagreements:
        raise SystemExit(
            "the generator and pipelines/reference/ disagree:\n  " + "\n  ".join(disagreements)
        )
    A = epoch(datetime.fromisoformat(as_at))
    t0 = A - int(years * 365.25 * DAY)
    T1 = A + int(delta_days * DAY)
    later = delta_out is not None or later_out is not None
    geo = Geography(Path(geo_dir))
    plan, orders, breaches, staff, actions = draw_world(
        crimes, seed, t0, A, T1 if later else None, years, geo
    )

    con = duckdb.connect()
    for name, table in build_world(plan, orders, breaches, seed, geo, staff, actions).items():
        con.register(f"w_{name}", table)
    manifest = {"force": force, "system": "synthetic", "extracted_at": iso(A), "kind": "full"}
    result = {"full": write_full(con, Path(out), A, fmt, day_first, manifest)}
    if delta_out is not None:
        manifest = dict(manifest, extracted_at=iso(T1), kind="delta")
        result["delta"] = write_delta(con, Path(delta_out), A, T1, fmt, day_first, manifest)
    if later_out is not None:
        manifest = dict(manifest, extracted_at=iso(T1), kind="full")
        result["later"] = write_full(con, Path(later_out), T1, fmt, day_first, manifest)
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
    ap.add_argument(
        "--geo",
        default=str(DEFAULT_GEO),
        help="folder with lsoa.csv: each reference LSOA's neighbourhood and centroid",
    )
    ap.add_argument("--force", default=DEFAULT_FORCE, help="force name for the manifest")
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
