"""Load one extract folder into the database, all or nothing.

    read (through a profile, if one is given) -> validate -> merge (merge.py) -> audit
    -> build -> swap

Each stage is timed and said as it goes (progress.py: discover, copy, reference, read,
validate, merge, build, commit, checkpoint, publish); LoadReport.stages keeps the times.

The build step makes the derived tables the pages read. It belongs to the query layer,
which this package never imports: the caller passes it as `build(con)`, a function that
(re)creates the derived tables on the load's connection, inside the same swap, and returns
the audit problems it finds ({audit view: rows breaking it}).
`python -m pipelines` (pipelines/__main__.py) is the one place that composes the two.

The merge (a transaction per table, two tables at a time: merge.py), the load's own records
and the build are transactions of their own of the working copy. All or nothing comes from the
swap, not from one transaction: a load that fails anywhere discards the working copy, and
readers see the database as it was until the copy is published whole. Committing the merge
before the build lets DuckDB write the base tables out and free their memory for the build:
at 1 M crimes the load took 0.5 s less, and peaked 0.1 GB lower, than with one transaction.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from . import progress
from .contract import TABLES_BY_NAME
from .errors import ExtractRefused
from .extract import Manifest, discover, read_manifest
from .merge import TableCounts, merge, write_audit
from .parallel import SHARED, drop_shared, in_shared, shared
from .personal import is_withheld
from .profile import Profile, as_profile
from .reading import SourceFile
from .reference import DEFAULT_DIR, load_reference
from .staging import Found, LeftOut, stage_contract, stage_profile
from .store import (
    discard,
    ensure_schema,
    named_faults,
    open_working,
    out_of_memory,
    publish,
    ran_out_of_memory,
    working_copy,
    writer_lock,
)
from .validate import valid_rows, validate
from .values import CONTRACT, sql_list

# build(con) -> {audit view: rows breaking it}: the derived tables, made in the load's swap.
Build = Callable[[duckdb.DuckDBPyConnection], dict[str, int]]

# Tests only: with PIPELINES_PAUSE_AT set to one of these stages the load writes the file
# named by PIPELINES_PAUSE_MARKER and waits there, so a test can kill -9 it at exactly that
# moment, or look at the dashboard mid-load and then let it go on by creating the file
# named by PIPELINES_PAUSE_RELEASE (a rebuild passes copied and checkpointed too, in
# swapped). Unset (always, in use), reached() does nothing.
STAGES = ("copied", "staged", "validated", "merged", "materialised", "committed", "checkpointed")


def reached(stage: str) -> None:
    """A point a test can stop the load at (see STAGES)."""
    if os.environ.get("PIPELINES_PAUSE_AT") == stage:
        marker = Path(os.environ["PIPELINES_PAUSE_MARKER"])
        written = marker.with_name(marker.name + ".part")
        written.write_text(stage, encoding="utf-8")
        written.replace(marker)  # whole: a test that sees the marker reads the stage
        release = os.environ.get("PIPELINES_PAUSE_RELEASE")
        while not (release and Path(release).exists()):
            time.sleep(0.05)


@dataclass
class LoadReport:
    load_id: int
    db_path: Path
    extract_path: Path
    manifest: Manifest
    tables: list[TableCounts] = field(default_factory=list)
    top_rejects: list[tuple[str, str, str, int]] = field(default_factory=list)
    files_ignored: list[str] = field(default_factory=list)
    audit_problems: dict[str, int] = field(default_factory=dict)
    profile: Profile | None = None
    left_out: list[LeftOut] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)  # what the profile read its own way
    stages: dict[str, float] = field(default_factory=dict)  # seconds each stage took, in order

    def total(self, attribute: str) -> int:
        return sum(getattr(t, attribute) for t in self.tables)


def load_extract(
    extract_dir: Path | str,
    db_path: Path | str,
    *,
    build: Build,
    strict: bool = False,
    reference_dir: Path | str = DEFAULT_DIR,
    now: datetime | None = None,
    wait_for_lock: bool = True,
    profile: Profile | str | Path | None = None,
) -> LoadReport:
    """Load extract_dir into db_path; raise ExtractRefused and change nothing on refusal.

    build: makes the derived tables in the load's swap (see the module's docstring).
    profile: a source-system profile (a Profile, a shipped profile's name or a
    path to a .toml file) that says how the folder's files map onto the contract.
    """
    extract_dir, db_path = Path(extract_dir), Path(db_path)
    started = now or datetime.now().replace(microsecond=0)
    with progress.run("load") as timed:
        with progress.stage("discover"):
            profile = as_profile(profile)
            files, ignored_files = discover(extract_dir, profile)
            manifest = read_manifest(extract_dir, started, profile)
        db_path.parent.mkdir(parents=True, exist_ok=True)
        with swapped(db_path, wait_for_lock) as con:
            report = _load(
                con,
                files,
                manifest,
                extract_dir,
                db_path,
                strict,
                Path(reference_dir),
                started,
                profile,
                build,
            )
            report.files_ignored = ignored_files
    report.stages = dict(timed.times)
    return report


@contextmanager
def swapped(db_path: Path, wait_for_lock: bool):
    """A connection to a working copy of the database, for the one writer: checkpointed and
    published whole in its place when the block ends, discarded on any error or kill (the
    database keeps its old state, and readers read it throughout). A corrupt database is
    refused as such (DatabaseCorrupt), a full disk as DiskFull."""
    with writer_lock(db_path, wait_for_lock), named_faults(db_path.parent):
        with progress.stage("copy"):
            work = working_copy(db_path)
        try:
            reached("copied")
            con = open_working(work, db_path)
            try:
                yield con
                with progress.stage("checkpoint"):
                    con.execute("checkpoint")
            finally:
                con.close()
            reached("checkpointed")
            with progress.stage("publish"):
                publish(work, db_path)
        except BaseException as error:
            discard(work)
            if ran_out_of_memory(error):
                raise out_of_memory(db_path) from None
            raise


def rebuild(
    db_path: Path | str,
    *,
    build: Build,
    reference_dir: Path | str = DEFAULT_DIR,
    wait_for_lock: bool = True,
) -> dict[str, int]:
    """Reload the reference data and rebuild every derived table and view, all or nothing,
    with no new extract: after the force edits its settings (a window, a target) or its
    reference files, or after an upgrade changes the measures' SQL. Returns the audit
    problems the build found."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise ExtractRefused(
            str(db_path), "there is no database to rebuild", expected="a database a load made"
        )
    with swapped(db_path, wait_for_lock) as con:
        ensure_schema(con)
        load_reference(con, Path(reference_dir))
        con.execute("begin")
        problems = build(con)
        con.execute("commit")
    return problems


def _load(
    con,
    files: dict[str, Found],
    manifest: Manifest,
    extract_dir: Path,
    db_path: Path,
    strict: bool,
    reference_dir: Path,
    started: datetime,
    profile: Profile | None,
    build: Build,
) -> LoadReport:
    with progress.stage("reference"):
        ensure_schema(con)
        load_reference(con, reference_dir)
    with progress.stage("read"):
        sources, left_out = stage(con, files, db_path.parent, profile)
    reached("staged")
    with progress.stage("validate"):
        notes = check_staged(con, sources, manifest, profile, strict)
        keep_rejected_lines(con, sources)
    reached("validated")
    load_id = con.execute("select coalesce(max(load_id), 0) + 1 from load_log").fetchone()[0]
    report = LoadReport(load_id, db_path, extract_dir, manifest, profile=profile, left_out=left_out)
    report.notes = notes
    with progress.stage("merge"):
        report.tables = merge(con, sources, manifest.extracted_at, load_id)
        con.execute("begin")
        write_audit(con, report, sources, strict, started)
        drop_staging(con)
        con.execute("commit")  # see the module's docstring: the swap makes it all or nothing
    reached("merged")
    con.execute("begin")
    with progress.stage("build"):
        report.audit_problems = build(con)  # derived tables rebuilt in the same swap
    reached("materialised")
    with progress.stage("commit"):
        con.execute("commit")
    reached("committed")
    report.top_rejects = con.execute(
        "select table_name, column_name, reason, count(*) from load_rejects where load_id = ? "
        "group by all order by 4 desc, 1, 2 limit 10",
        [load_id],
    ).fetchall()
    return report


def keep_rejected_lines(con, sources: dict[str, SourceFile]) -> None:
    """Keep of each staged table only the rows with a reject, once validation is done: the
    merge reads the others typed (typed_<table>), and reads raw_<table> only for the crimes of
    rejected rows. At 1 M crimes the staged text is about 1 GB, which the merge and the build
    would otherwise have to push out of memory to disk."""
    for name in sources:
        con.execute(
            f"create table {in_shared('rejected_' + name)} as select * from raw_{name} "
            f"where _row in (select row_id from rejects where table_name = '{name}')"
        )
        _drop_staged(con, f"raw_{name}")
        _drop_staged(con, f"_csv_raw_{name}")
        con.execute(f"alter table {in_shared('rejected_' + name)} rename to raw_{name}")


def _drop_staged(con, name: str) -> None:
    """Drop a table or a view of the shared staging database (parallel.SHARED), if any."""
    kind = con.execute(
        "select 'table' from duckdb_tables() where database_name = ? and table_name = ? "
        "union all select 'view' from duckdb_views() where database_name = ? and view_name = ?",
        [SHARED, name, SHARED, name],
    ).fetchone()
    if kind:
        con.execute(f"drop {kind[0]} {in_shared(name)}")


def drop_staging(con) -> None:
    """Drop the load's temporary tables and views (the staged, typed and incoming rows, the
    rejects) and the database its files were staged in, once the merge has written what it
    keeps: the build that follows has their memory."""
    for name, kind in con.execute(
        "select table_name, 'table' from duckdb_tables() where temporary union all "
        "select view_name, 'view' from duckdb_views() where temporary and not internal"
    ).fetchall():
        con.execute(f'drop {kind} if exists temp."{name}"')
    drop_shared(con)


def remove_stale_staging(workdir: Path) -> None:
    """Remove staging folders whose process is gone (a load or check killed mid-way)."""
    for folder in Path(workdir).glob(".staging-*-*"):
        pid = folder.name.split("-")[1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def stage(
    con, files: dict[str, Found], workdir: Path, profile: Profile | None
) -> tuple[dict[str, SourceFile], list[LeftOut]]:
    """Read the extract's files into raw_<table> tables (through the profile, if any), in
    the database the load's cursors share (parallel.py), which con searches from now on.

    The staging folder holds UTF-8 copies of files, personal columns and all, while they
    are read: it is removed when staging ends, and any left by a process that was killed
    is removed here first."""
    remove_stale_staging(workdir)
    shared(con)
    with (
        named_faults(workdir),
        tempfile.TemporaryDirectory(dir=workdir, prefix=f".staging-{os.getpid()}-") as tmp,
    ):
        if profile is None:
            return stage_contract(con, files, Path(tmp)), []
        return stage_profile(con, profile, files, Path(tmp))


def check_staged(
    con, sources: dict[str, SourceFile], manifest: Manifest, profile: Profile | None, strict: bool
) -> list[dict]:
    """Validate the staged tables into `rejects`; with strict, refuse if there is any. Returns
    the notes on what the profile read its own way (profile_notes)."""
    tables = {name: TABLES_BY_NAME[name] for name in sources}
    validate(con, tables, manifest.extracted_at, profile.dialect() if profile else CONTRACT)
    _add_structural_rejects(con, sources)
    if strict:
        _refuse_if_rejects(con, sources)
    return profile_notes(con, sources, profile)


def profile_notes(con, sources: dict[str, SourceFile], profile: Profile | None) -> list[dict]:
    """What a load report says the profile did beyond the contract, for the rows that pass
    every check: month-only dates read as the first of the month ({table, file, column,
    rows, note}, one per column that had any), and the areas found from the LSOA."""
    if profile is None:
        return []
    notes = []
    formats = profile.dialect().month_formats
    months = ", ".join(formats)
    for name, source in sources.items():
        dated = [c.name for c in source.table.columns if c.kind in ("timestamp", "date")]
        for column in dated if months else []:
            rows = con.execute(
                f"select count(*) from raw_{name} r join {valid_rows(name)} v using (_row) "
                f'where try_strptime(trim(r."{column}"), {sql_list(formats)}) is not null'
            ).fetchone()[0]
            if rows:
                note = f"month without a day read as the first of the month (date_formats {months})"
                notes.append(_note(name, source, column, rows, note))
    if profile.area_from_lsoa and "crimes" in sources:
        rows = con.execute(f"select count(*) from {valid_rows('crimes')}").fetchone()[0]
        note = "found from lsoa_code through the reference LSOA table (area_from_lsoa)"
        notes.append(_note("crimes", sources["crimes"], "area_code", rows, note))
    return notes


def _note(table: str, source: SourceFile, column: str, rows: int, note: str) -> dict:
    return {"table": table, "file": source.name, "column": column, "rows": rows, "note": note}


def _add_structural_rejects(con, sources: dict[str, SourceFile]) -> None:
    rows = [
        (name, r.line, r.column, r.value, r.reason, r.raw, -r.line)
        for name, s in sources.items()
        for r in s.structural
    ]
    if rows:
        con.executemany("insert into rejects values (?, ?, ?, ?, ?, ?, ?)", rows)


def _refuse_if_rejects(con, sources: dict[str, SourceFile]) -> None:
    first = con.execute(
        "select table_name, line, column_name, value, reason from rejects "
        "order by table_name, line limit 1"
    ).fetchone()
    if first:
        total = con.execute("select count(*) from rejects").fetchone()[0]
        table, line, column, value, reason = first
        shown = "" if value is None or is_withheld(value) else f" {value!r}"
        raise ExtractRefused(
            sources[table].name,
            f"value{shown} rejected: {reason} ({total} problem(s) in all; --strict refuses any)",
            line=line,
            column=column,
        )
