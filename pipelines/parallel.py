"""Two pieces of a load's work at once, on cursors of its connection, in the database they all
see.

Much of a load runs on one core: DuckDB reads most files on one thread, typing a small table
does not fill two, and Python's look at a file's bytes holds one core. A contract extract's
files (staging.py) and each staged table's checks (validate.py) are independent of one
another, so they are run WORKERS at a time, each on a cursor of the load's connection (a
connection of its own to the same database), the largest first, and each statement on its
job's thread alone.

What they make must be seen by the load's connection and by every cursor: a temporary table
is seen only by the connection that made it. So the staged, typed and rejected rows are made
in SHARED, an in-memory database attached to the load's connection for the time of the load
(`shared`). The connection and its cursors search it after the database itself
(search_path), so SQL names those tables unqualified, and a statement that creates one names
SHARED (`in_shared`). Scratch tables a single job makes and drops stay temporary, on its
cursor. `drop_shared` detaches it once the merge has written what it keeps.

Every job runs even when one fails; the first failure in the order the jobs were given is
then raised, so what a refusal says does not depend on which thread was quicker. A job may
say what it is doing (progress.step): each runs in a copy of the caller's context.
"""

from __future__ import annotations

import contextvars
import queue
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from . import progress

SHARED = "staging"
WORKERS = 2  # this machine's kind has two cores


def shared(con) -> None:
    """Attach SHARED to con, and search it after con's own database."""
    con.execute(f"attach if not exists ':memory:' as {SHARED}")
    own = con.execute("select current_database()").fetchone()[0].replace('"', '""')
    _search(con, f'"{own}".main,{SHARED}.main')


def _search(con, path: str) -> None:
    con.execute("set search_path = '" + path.replace("'", "''") + "'")


def in_shared(name: str) -> str:
    """A table's or view's name in SHARED, for the statement that creates it."""
    return f"{SHARED}.{name}"


def drop_shared(con) -> None:
    """Drop SHARED, with all it holds, and search con's own database alone again."""
    con.execute("reset search_path")
    con.execute(f"detach database if exists {SHARED}")


@dataclass(frozen=True)
class Job:
    """One independent piece of work: what it is (as progress says it when it starts), how
    large (the largest start first), and run(connection)."""

    said: str
    size: int
    run: Callable[[object], None]
    # Run on the caller's connection in the main thread (meanwhile): a workbook's opening is
    # bounded by a timer signal (excel.time_limit), which only the main thread can set.
    main_thread: bool = False


def two_at_a_time(con, jobs: list[Job]) -> None:
    """Run every job, WORKERS at a time on cursors of con (and those for the main thread on
    con itself, meanwhile); then raise the first failure in the jobs' order, if any.

    Meanwhile the database runs each statement on the thread that asked for it alone (DuckDB's
    `threads` counts that thread: 1 leaves it no helper). With the default, as many threads as
    cores, the two jobs' threads and DuckDB's helper share two cores; validating the 1 M-crime
    extract took 0.4 s more (6.9-7.8 s against 6.4-7.0 s over five alternating pairs)."""
    path = con.execute("select current_setting('search_path')").fetchone()[0]
    threads = con.execute("select current_setting('threads')").fetchone()[0]
    con.execute("set threads = 1")
    try:
        _run_all(con, jobs, path)
    finally:
        con.execute(f"set threads = {int(threads)}")


def _run_all(con, jobs: list[Job], path: str) -> None:
    cursors: queue.SimpleQueue = queue.SimpleQueue()
    for _ in range(WORKERS):
        cursor = con.cursor()
        _search(cursor, path)
        cursors.put(cursor)

    def on_a_cursor(job: Job) -> None:
        cursor = cursors.get()
        try:
            _run(job, cursor)
        finally:
            cursors.put(cursor)

    failures: dict[int, BaseException] = {}
    with ThreadPoolExecutor(WORKERS, thread_name_prefix="load") as pool:
        largest_first = sorted(enumerate(jobs), key=lambda job: -job[1].size)
        futures = {
            n: pool.submit(contextvars.copy_context().run, on_a_cursor, job)
            for n, job in largest_first
            if not job.main_thread
        }
        for n, job in enumerate(jobs):
            if job.main_thread:
                try:
                    _run(job, con)
                except Exception as failure:  # raised once every job is done
                    failures[n] = failure
        for n, future in futures.items():
            if future.exception() is not None:
                failures[n] = future.exception()
    while not cursors.empty():
        cursors.get().close()
    if failures:
        raise failures[min(failures)]


def _run(job: Job, connection) -> None:
    progress.step(job.said)
    job.run(connection)
