"""Benchmark (make bench): generate N crimes, load them, time the measures.

A tool, not a layer: it may use the loader, the queries and the generator together.

    python -m tools.bench [--crimes 1000000] [--seed 7] [--workdir data/bench] [--reuse]

Prints, for each query the pages run and for each derived table's SQL, the median
of several runs beside a bare `count(*) group by month, area` over crimes in the
same database, with the ratio. Goal (issue 3): each under 300 ms at 1 M crimes and
within 10x of the bare scan. A benchmark, not a test: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from pipelines.__main__ import load_extract
from queries import api
from queries.build import sql_objects

RUNS = 7


def timed(fn, runs: int = RUNS) -> float:
    """Median wall time of fn() in milliseconds, after one warm-up run."""
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def select_of(name: str) -> str:
    """The SELECT that builds a materialised object (its CREATE ... AS stripped)."""
    text = re.sub(r"--[^\n]*\n", "", sql_objects()[name])
    return re.sub(r"^\s*create or replace table \w+ as", "", text, flags=re.S).rstrip().rstrip(";")


def main(argv=None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--crimes", type=int, default=1_000_000)
    args.add_argument("--seed", type=int, default=7)
    args.add_argument("--workdir", type=Path, default=Path("data/bench"))
    args.add_argument(
        "--reuse", action="store_true", help="reuse the extract and database from a previous run"
    )
    opts = args.parse_args(argv)
    extract, db = (
        opts.workdir / f"extract-{opts.crimes}",
        opts.workdir / f"bench-{opts.crimes}.duckdb",
    )
    opts.workdir.mkdir(parents=True, exist_ok=True)

    if not (opts.reuse and extract.exists()):
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "sample_data.generate",
                "--out",
                str(extract),
                "--crimes",
                str(opts.crimes),
                "--seed",
                str(opts.seed),
            ],
            check=True,
        )
        print(f"generate {opts.crimes:,} crimes: {time.perf_counter() - start:.1f} s")
    if not (opts.reuse and db.exists()):
        db.unlink(missing_ok=True)
        start = time.perf_counter()
        report = load_extract(extract, db)
        print(
            f"load: {time.perf_counter() - start:.1f} s, {report.total('read'):,} rows read, "
            f"{report.total('loaded'):,} loaded, {report.total('rejected'):,} rejected"
        )

    store = api.Store(db)
    months = api.months_available(store)
    end = months[-1]
    start_month = date(end.year - 1, end.month, 1)
    year = api.Period(start_month, end)
    one_area = list(api.areas(store)["area_code"][:1])
    every_month = api.measure_totals(store, api.Period(months[0], end)).set_index("measure_id")
    cases = int(every_month.loc["stalking_cases", "value"])
    print(f"\n{cases:,} stalking cases in int_cases; period {year.start} to {year.end}\n")

    bare = timed(
        lambda: store.frame(
            "select date_trunc('month', reported_at) as month, area_code, count(*) "
            "from crimes group by all"
        )
    )
    rows = [
        ("bare scan: count(*) by month, area over crimes", bare),
        (
            "page: measure_totals (12 months, all areas)",
            timed(lambda: api.measure_totals(store, year)),
        ),
        (
            "page: measure_trend (1 measure, 12 months)",
            timed(lambda: api.measure_trend(store, "spo_considered", year)),
        ),
        ("page: dmm_cases (all open flagged cases)", timed(lambda: api.dmm_cases(store))),
        (
            "page: dmm_cases (1 area, 2 flags)",
            timed(lambda: api.dmm_cases(store, one_area, ["high_risk", "recent_breach"])),
        ),
        ("page: dmm_flags (all open cases' flags)", timed(lambda: api.dmm_flags(store))),
        (
            "page: breakdown brk_relationship (12 months, 1 area)",
            timed(lambda: api.brk_relationship(store, year, one_area)),
        ),
        (
            "page: breakdown brk_day_hour (12 months, all areas)",
            timed(lambda: api.brk_day_hour(store, year)),
        ),
        (
            "build: measure_summary from int_cases (SQL of the table)",
            timed(lambda: store.frame(f"select count(*) from ({select_of('measure_summary')})"), 3),
        ),
        (
            "build: dmm_flags (SQL of the table)",
            timed(lambda: store.frame(f"select count(*) from ({select_of('dmm_flags')})"), 3),
        ),
        (
            "build: int_cases (SQL of the table)",
            timed(lambda: store.frame(f"select count(*) from ({select_of('int_cases')})"), 3),
        ),
    ]
    print(f"{'query':<62}{'ms':>9}{'x bare':>9}")
    for name, ms in rows:
        print(f"{name:<62}{ms:>9.1f}{ms / bare:>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
