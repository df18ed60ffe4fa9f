"""Benchmark (make bench): generate N crimes, load them, time the measures.

A tool, not a layer: it may use the loader, the queries and the generator together.

    python -m tools.bench [--crimes 1000000] [--seed 7] [--workdir data/bench] [--reuse]

First the load (issue 13): `python -m pipelines load` of the extract into a new database,
timed by stage, beside a bare DuckDB read of the same CSV files (`create table as select *
from read_csv(...)`, every file, in one process), with the ratio and the peak memory (resident
set) of each, each run in a process of its own; the two in turn, three times (--pairs), and
the medians. Goal: the load within 3x the bare read and 2 GB at 1 M crimes.

Then, for each query the pages run and for each derived table's SQL, the median
of several runs beside a bare `count(*) group by month, area` over crimes in the
same database, with the ratio. Goal (issue 3): each under 300 ms at 1 M crimes and
within 10x of the bare scan. A benchmark, not a test: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

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


def child(command: list[str]) -> tuple[float, float, int]:
    """Run a command in a process of its own: (seconds, peak resident memory in MB, exit
    status). Its output is not shown, but for what it says went wrong."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            err.seek(0)
            sys.stderr.write(err.read().decode(errors="replace"))
    return seconds, usage.ru_maxrss / 1024, proc.returncode  # ru_maxrss: KB on Linux


BARE_READ = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
for i, path in enumerate(sys.argv[2:]):
    con.execute(f"create or replace table t{i} as select * from read_csv(?)", [path])
con.close()
"""


def load_beside_bare_read(extract: Path, db: Path, workdir: Path, pairs: int) -> None:
    """Time the load (by stage) and a bare DuckDB read of the same files, the one after the
    other, `pairs` times: on this kind of machine one run's speed differs from the next by up
    to a tenth, the bare read's as much as the load's. Print each pair, then the median of
    each time and of the pairs' ratios, and the highest peak memory of each."""
    files = sorted(extract.glob("*.csv"))
    size = sum(f.stat().st_size for f in files) / 1e6
    bare_db = workdir / "bare-read.duckdb"
    runs = []
    for _ in range(pairs):
        bare_db.unlink(missing_ok=True)
        bare_s, bare_mb, _ = child(
            [sys.executable, "-c", BARE_READ, str(bare_db), *map(str, files)]
        )
        bare_db.unlink(missing_ok=True)
        db.unlink(missing_ok=True)
        load_s, load_mb, status = child(
            [sys.executable, "-m", "pipelines", "load", str(extract), "--db", str(db)]
        )
        if status:
            raise SystemExit(f"the load failed (exit status {status})")
        stages = json.loads(Path(f"{db}.last-load.json").read_text(encoding="utf-8"))["stages"]
        runs.append((bare_s, bare_mb, load_s, load_mb, stages))
    store = api.Store(db)
    read, loaded, rejected = store.frame(
        "select rows_read, rows_loaded, rows_rejected from load_log order by load_id desc limit 1"
    ).iloc[0]
    print(
        f"\n{len(files)} CSV files, {size:,.0f} MB; {read:,} rows read, {loaded:,} loaded, "
        f"{rejected:,} rejected"
    )
    for n, (bare_s, _, load_s, _, stages) in enumerate(runs, start=1):
        print(
            f"pair {n}: bare read {bare_s:.1f} s, load {load_s:.1f} s, ratio "
            f"{load_s / bare_s:.2f}; load by stage: "
            + ", ".join(f"{k} {v:.1f} s" for k, v in stages.items())
        )
    median = statistics.median
    bare_s, load_s = median(r[0] for r in runs), median(r[2] for r in runs)
    bare_mb, load_mb = max(r[1] for r in runs), max(r[3] for r in runs)
    print(f"\n{f'median of {pairs} pair(s)':<34}{'s':>9}{'peak MB':>10}")
    print(f"{'bare DuckDB read_csv of the files':<34}{bare_s:>9.1f}{bare_mb:>10,.0f}")
    print(f"{'python -m pipelines load':<34}{load_s:>9.1f}{load_mb:>10,.0f}")
    ratio = median(r[2] / r[0] for r in runs)
    print(f"{'ratio load / bare read':<34}{ratio:>9.2f}{load_mb / bare_mb:>10.1f}")
    stage_medians = {k: median(r[4][k] for r in runs) for k in runs[0][4]}
    print("load by stage: " + ", ".join(f"{k} {v:.1f} s" for k, v in stage_medians.items()))


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
    args.add_argument(
        "--pairs", type=int, default=3, help="times the bare read and the load are run in turn"
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
        load_beside_bare_read(extract, db, opts.workdir, opts.pairs)

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
