"""Load one extract folder into the database, all or nothing.

    read (through a profile, if one is given) -> validate -> merge -> audit
    -> materialise -> swap

The merge rules (docs/extract.md, "Loading rules"):
- Crime-scoped replace: for each crime-scoped table in the extract, the rows of
  every crime in the extract replace that crime's rows already loaded. A crime
  is in the extract when it has a valid crimes row or a valid row in that
  table. A crime whose rows in a table were *all* quarantined keeps the rows
  it had (a broken export is not evidence that its victims disappeared); so
  does a crime with a person row its profile could not route to a table.
- Newest wins: a crime (order, breach) loaded from a later extract is not
  overwritten; its rows in this extract are counted as skipped. An extract as
  at the same moment replaces (so a reload is idempotent and a corrected
  re-export of the same moment applies).
- orders upsert by order_id and breaches by (order_id, crime_ref).
Every row read is counted once as loaded, rejected or skipped.
"""

from __future__ import annotations

import fnmatch
import json
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from .contract import TABLES, TABLES_BY_NAME, Table, normalise_header
from .errors import ExtractRefused
from .excel import OLD_EXCEL, find_sheet, sheet_names
from .profile import Profile, load_profile
from .reading import SourceFile
from .reference import DEFAULT_DIR, load_reference
from .staging import Found, LeftOut, stage_contract, stage_profile
from .store import discard, ensure_schema, publish, working_copy, writer_lock
from .validate import CONTRACT, TIMESTAMP_FORMATS, valid_rows, validate

VALID_KINDS = ("full", "delta")
SUFFIXES = (".csv", ".parquet", ".xlsx")

# Tests only: with PIPELINES_PAUSE_AT set to one of these stages the load writes the file
# named by PIPELINES_PAUSE_MARKER and waits there, so a test can kill -9 it at exactly that
# moment, or look at the dashboard mid-load and then let it go on by creating the file
# named by PIPELINES_PAUSE_RELEASE (a rebuild passes copied and checkpointed too, in
# swapped). Unset (always, in use), reached() does nothing.
STAGES = ("copied", "staged", "validated", "merged", "materialised", "committed", "checkpointed")


def reached(stage: str) -> None:
    """A point a test can stop the load at (see STAGES)."""
    if os.environ.get("PIPELINES_PAUSE_AT") == stage:
        Path(os.environ["PIPELINES_PAUSE_MARKER"]).write_text(stage, encoding="utf-8")
        release = os.environ.get("PIPELINES_PAUSE_RELEASE")
        while not (release and Path(release).exists()):
            time.sleep(0.05)


@dataclass
class Manifest:
    extracted_at: datetime
    source: str  # 'manifest' or 'load time'
    kind: str | None = None
    force: str | None = None
    system: str | None = None


@dataclass
class TableCounts:
    table: str
    file: str
    file_format: str
    encoding: str | None
    read: int
    loaded: int
    rejected: int
    skipped: int
    absent: list[str]
    ignored: list[str]
    personal: list[str]


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

    def total(self, attribute: str) -> int:
        return sum(getattr(t, attribute) for t in self.tables)


def discover(folder: Path, profile: Profile | None = None) -> tuple[dict[str, Found], list[str]]:
    """The extract's files and the names of the others.

    Without a profile: the contract files by table (TABLE.csv, .parquet or .xlsx,
    or a sheet named after a table in any workbook). With one: the profile's
    files by their alias in the profile.
    """
    if not folder.is_dir():
        raise ExtractRefused(
            str(folder),
            "the extract folder does not exist",
            expected="a folder of TABLE.csv or TABLE.parquet files",
        )
    if profile is not None:
        return _discover_profile(folder, profile)
    found: dict[str, Found] = {}
    ignored = []

    def add(table: str, item: Found) -> None:
        if table in found:
            raise ExtractRefused(
                item.name,
                f"the table {table} is supplied twice ({found[table].name} and {item.name})",
                expected="one file per table",
            )
        found[table] = item

    workbooks = False
    for path in sorted(folder.iterdir()):
        stem, suffix = path.stem.lower(), path.suffix.lower()
        if not path.is_file() or path.name.startswith("~$"):  # ~$: Excel's lock file
            ignored.append(path.name)
        elif stem in TABLES_BY_NAME and suffix == ".xlsx":
            sheets = sheet_names(path)  # the sheet named after the table, else the first
            add(stem, Found(path, find_sheet(sheets, stem) if len(sheets) > 1 else None))
        elif stem in TABLES_BY_NAME and suffix in SUFFIXES:
            add(stem, Found(path))
        elif stem in TABLES_BY_NAME and suffix in OLD_EXCEL:
            raise ExtractRefused(
                path.name,
                "this Excel format cannot be read",
                expected=f"{stem}.xlsx (Excel Workbook) or {stem}.csv",
            )
        elif suffix == ".xlsx":
            workbooks = True
            sheets = sheet_names(path)
            tables = [s for s in sheets if normalise_header(s) in TABLES_BY_NAME]
            for sheet in tables:
                add(normalise_header(sheet), Found(path, sheet))
            ignored += (
                [f"{path.name}, sheet {s}" for s in sheets if s not in tables]
                if tables
                else [path.name]
            )
        elif path.name.lower() != "manifest.json":
            ignored.append(path.name)
    for table in TABLES:
        if table.required and table.name not in found:
            where = f"{table.name}.csv or {table.name}.parquet in {folder}"
            if workbooks:
                where = (
                    f"{table.name}.csv, {table.name}.parquet, {table.name}.xlsx or a sheet "
                    f"named {table.name} in a workbook in {folder}"
                )
            raise ExtractRefused(f"{table.name}.csv", "a required file is missing", expected=where)
    return found, ignored


def _matches(path: Path, pattern: str) -> bool:
    """Whether a file is the one a profile names: its full name, or its stem with any suffix."""
    name, pattern = path.name.lower(), pattern.lower()
    if Path(pattern).suffix in SUFFIXES:
        return fnmatch.fnmatchcase(name, pattern)
    return path.suffix.lower() in SUFFIXES and fnmatch.fnmatchcase(path.stem.lower(), pattern)


def _discover_profile(folder: Path, profile: Profile) -> tuple[dict[str, Found], list[str]]:
    files = [p for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith("~$")]
    found, used = {}, set()
    for alias, spec in profile.files.items():
        matches = [p for p in files if _matches(p, spec.name)]
        if len(matches) > 1:
            raise ExtractRefused(
                matches[1].name,
                f"the profile's file name {spec.name!r} matches {len(matches)} files ("
                + ", ".join(p.name for p in matches)
                + ")",
                key=f"files.{alias}.name",
                expected="one file",
            )
        if not matches:
            if spec.required:
                raise ExtractRefused(
                    spec.name,
                    "a required file is missing",
                    expected=f"a file named {spec.name}"
                    + ("" if Path(spec.name).suffix else ".csv, .xlsx or .parquet")
                    + f" in {folder} (profile {profile.name}, files.{alias})",
                )
            continue
        path, sheet = matches[0], None
        if path.suffix.lower() == ".xlsx" and spec.sheet:
            sheets = sheet_names(path)
            sheet = find_sheet(sheets, spec.sheet)
            if sheet is None:
                raise ExtractRefused(
                    path.name,
                    f"the sheet {spec.sheet} is missing (the workbook has "
                    + ", ".join(sheets)
                    + ")",
                    expected=f"a sheet named {spec.sheet} (profile {profile.name}, files.{alias})",
                )
        found[alias] = Found(path, sheet)
        used.add(path)
    ignored = [p.name for p in sorted(folder.iterdir()) if p not in used]
    return found, [n for n in ignored if n.lower() != "manifest.json"]


def read_manifest(folder: Path, now: datetime, profile: Profile | None = None) -> Manifest:
    """The manifest's as-at moment and kind, or the load time when there is none.

    Loaded through a profile, the source system is the profile's name unless
    the manifest names one.
    """
    manifest = _read_manifest(folder, now)
    if profile is not None and not manifest.system:
        manifest.system = f"profile {profile.name}"
    return manifest


def _read_manifest(folder: Path, now: datetime) -> Manifest:
    path = folder / "manifest.json"
    if not path.exists():
        return Manifest(now, "load time")
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as e:
        raise ExtractRefused(
            "manifest.json",
            f"the manifest is not valid JSON: {e}",
            expected='{"extracted_at": "2026-11-21T06:00:00", ...}',
        ) from None
    if not isinstance(data, dict):
        raise ExtractRefused(
            "manifest.json",
            "the manifest is not a JSON object",
            expected='{"extracted_at": "2026-11-21T06:00:00", ...}',
        )
    kind = data.get("kind")
    if kind is not None and str(kind).strip().lower() not in VALID_KINDS:
        raise ExtractRefused(
            "manifest.json", f"kind is {kind!r}", column="kind", expected="full or delta"
        )
    raw = data.get("extracted_at")
    if raw is None:
        return Manifest(now, "load time", kind, data.get("force"), data.get("system"))
    extracted_at = _parse_timestamp(str(raw))
    if extracted_at is None:
        raise ExtractRefused(
            "manifest.json",
            f"extracted_at {raw!r} is not a date and time",
            column="extracted_at",
            expected="ISO 8601, e.g. 2026-11-21T06:00:00",
        )
    return Manifest(
        extracted_at,
        "manifest",
        kind and str(kind).strip().lower(),
        data.get("force"),
        data.get("system"),
    )


def _parse_timestamp(text: str) -> datetime | None:
    with duckdb.connect() as con:
        return con.execute(
            "select try_strptime(trim(?), ?)", [text, list(TIMESTAMP_FORMATS)]
        ).fetchone()[0]


def load_extract(
    extract_dir: Path | str,
    db_path: Path | str,
    *,
    strict: bool = False,
    reference_dir: Path | str = DEFAULT_DIR,
    now: datetime | None = None,
    wait_for_lock: bool = True,
    profile: Profile | str | Path | None = None,
) -> LoadReport:
    """Load extract_dir into db_path; raise ExtractRefused and change nothing on refusal.

    profile: a source-system profile (a Profile, a shipped profile's name or a
    path to a .toml file) that says how the folder's files map onto the contract.
    """
    extract_dir, db_path = Path(extract_dir), Path(db_path)
    started = now or datetime.now().replace(microsecond=0)
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
        )
        report.files_ignored = ignored_files
    return report


@contextmanager
def swapped(db_path: Path, wait_for_lock: bool):
    """A connection to a working copy of the database, for the one writer: checkpointed and
    published whole in its place when the block ends, discarded on any error or kill (the
    database keeps its old state, and readers read it throughout)."""
    with writer_lock(db_path, wait_for_lock):
        work = working_copy(db_path)
        try:
            reached("copied")
            con = duckdb.connect(str(work))
            try:
                yield con
                con.execute("checkpoint")
            finally:
                con.close()
            reached("checkpointed")
            publish(work, db_path)
        except BaseException:
            discard(work)
            raise


def rebuild(
    db_path: Path | str, *, reference_dir: Path | str = DEFAULT_DIR, wait_for_lock: bool = True
) -> None:
    """Reload the reference data and rebuild every derived table and view, all or nothing,
    with no new extract: after the force edits its settings (a window, a target) or its
    reference files, or after an upgrade changes the measures' SQL."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise ExtractRefused(
            str(db_path), "there is no database to rebuild", expected="a database a load made"
        )
    with swapped(db_path, wait_for_lock) as con:
        ensure_schema(con)
        load_reference(con, Path(reference_dir))
        from queries.build import materialise

        con.execute("begin")
        materialise(con)
        con.execute("commit")


def as_profile(profile: Profile | str | Path | None) -> Profile | None:
    """A Profile from a Profile, a shipped profile's name or a path to one."""
    return profile if profile is None or isinstance(profile, Profile) else load_profile(profile)


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
) -> LoadReport:
    ensure_schema(con)
    load_reference(con, reference_dir)
    sources, left_out = stage(con, files, db_path.parent, profile)
    reached("staged")
    check_staged(con, sources, manifest, profile, strict)
    reached("validated")
    load_id = con.execute("select coalesce(max(load_id), 0) + 1 from load_log").fetchone()[0]
    report = LoadReport(load_id, db_path, extract_dir, manifest, profile=profile, left_out=left_out)
    con.execute("begin")
    report.tables = _merge(con, sources, manifest.extracted_at, load_id)
    _audit(con, report, sources, strict, started)
    reached("merged")
    from queries.build import audits, materialise  # derived tables rebuilt in the same swap

    materialise(con)
    reached("materialised")
    con.execute("commit")
    reached("committed")
    report.audit_problems = audits(con)
    report.top_rejects = con.execute(
        "select table_name, column_name, reason, count(*) from load_rejects where load_id = ? "
        "group by all order by 4 desc, 1, 2 limit 10",
        [load_id],
    ).fetchall()
    return report


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
    """Read the extract's files into raw_<table> tables (through the profile, if any).

    The staging folder holds UTF-8 copies of files, personal columns and all, while they
    are read: it is removed when staging ends, and any left by a process that was killed
    is removed here first."""
    remove_stale_staging(workdir)
    with tempfile.TemporaryDirectory(dir=workdir, prefix=f".staging-{os.getpid()}-") as tmp:
        if profile is None:
            return stage_contract(con, files, Path(tmp)), []
        return stage_profile(con, profile, files, Path(tmp))


def check_staged(
    con, sources: dict[str, SourceFile], manifest: Manifest, profile: Profile | None, strict: bool
) -> None:
    """Validate the staged tables into `rejects`; with strict, refuse if there is any."""
    tables = {name: TABLES_BY_NAME[name] for name in sources}
    validate(con, tables, manifest.extracted_at, profile.dialect() if profile else CONTRACT)
    _add_structural_rejects(con, sources)
    if strict:
        _refuse_if_rejects(con, sources)


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
        shown = f" {value!r}" if value is not None else ""
        raise ExtractRefused(
            sources[table].name,
            f"value{shown} rejected: {reason} ({total} problem(s) in all; --strict refuses any)",
            line=line,
            column=column,
        )


def _columns(table: Table) -> str:
    return ", ".join(f'"{c}"' for c in table.column_names)


def find_newer(con, extracted_at) -> None:
    """The temp table `newer`: crimes already loaded from a later extract (newest wins)."""
    con.execute(
        "create or replace temp table newer as "
        "select crime_ref from main.crimes where extracted_at > $x",
        {"x": extracted_at},
    )


def held_by_later(table: Table) -> str:
    """SQL condition on a valid row `i`: a later extract already holds it, so it is skipped."""
    if table.crime_scoped or table.name == "crimes":
        return "i.crime_ref in (select crime_ref from newer)"
    match = " and ".join(f"m.{k} = i.{k}" for k in table.key)
    return f"exists (select 1 from main.{table.name} m where {match} and m.extracted_at > $x)"


def rejected_rows(con, table: str) -> int:
    """Rows of a table with at least one reject."""
    return con.execute(
        "select count(distinct row_id) from rejects where table_name = ?", [table]
    ).fetchone()[0]


def _merge(con, sources: dict[str, SourceFile], extracted_at, load_id: int) -> list[TableCounts]:
    params = {"x": extracted_at, "load_id": load_id}
    find_newer(con, extracted_at)
    held = [(name, ref) for name, s in sources.items() for ref in s.held]
    con.execute("create or replace temp table held_back (table_name VARCHAR, crime_ref VARCHAR)")
    if held:
        con.executemany("insert into held_back values (?, ?)", held)
    counts = []
    for name, source in sources.items():
        table = source.table
        con.execute(f"create or replace temp table incoming as select * from {valid_rows(name)}")
        if name == "crimes":
            con.execute(
                "create or replace temp table incoming_crimes as select crime_ref "
                "from incoming where crime_ref not in (select crime_ref from newer)"
            )
        if table.crime_scoped or name == "crimes":
            _replace_by_crime(con, table, params)
        else:
            _upsert(con, table, params)
        loaded = con.execute(
            f"select count(*) from main.{name} where load_id = ?", [load_id]
        ).fetchone()[0]
        valid = con.execute("select count(*) from incoming").fetchone()[0]
        rejected = rejected_rows(con, name)
        counts.append(
            TableCounts(
                name,
                source.name,
                source.format,
                source.encoding,
                source.rows_read,
                loaded,
                rejected,
                valid - loaded,
                [c for c in table.column_names if c not in source.present],
                source.ignored,
                source.personal,
            )
        )
    return counts


def _replace_by_crime(con, table: Table, params) -> None:
    """Replace each crime's rows with the extract's, leaving newer crimes alone."""
    name, cols = table.name, _columns(table)
    lineage = "$x, $load_id, _line" if name == "crimes" else "$load_id, _line"
    if name == "crimes":
        replace = "select crime_ref from incoming_crimes"
    else:
        replace = (
            "(select crime_ref from incoming_crimes union select crime_ref from incoming) "
            "except select crime_ref from newer "
            f"except (select r.crime_ref from rejects j join raw_{name} r "
            f"on j.table_name = '{name}' and j.row_id = r._row "
            f"union select crime_ref from held_back where table_name = '{name}' "
            "except select crime_ref from incoming)"
        )
    con.execute(f"create or replace temp table replace_set as {replace}")
    con.execute(f"delete from main.{name} where crime_ref in (select crime_ref from replace_set)")
    used = {k: v for k, v in params.items() if f"${k}" in lineage}
    con.execute(
        f"insert into main.{name} select {cols}, {lineage} from incoming "
        "where crime_ref in (select crime_ref from replace_set)",
        used,
    )


def _upsert(con, table: Table, params) -> None:
    """Insert or replace rows by key unless the loaded row came from a later extract."""
    name, cols = table.name, _columns(table)
    key = ", ".join(table.key)
    con.execute(
        f"create or replace temp table upserting as select i.* from incoming i "
        f"where not {held_by_later(table)}",
        {"x": params["x"]},
    )
    con.execute(f"delete from main.{name} where ({key}) in (select ({key}) from upserting)")
    con.execute(
        f"insert into main.{name} select {cols}, $x, $load_id, _line from upserting", params
    )


def _audit(
    con, report: LoadReport, sources: dict[str, SourceFile], strict: bool, started: datetime
) -> None:
    load_id, m = report.load_id, report.manifest
    con.execute(
        "insert into load_rejects select ?, j.table_name, f.file, j.line, j.column_name, "
        "j.value, j.reason, j.raw from rejects j join (select unnest(?) as table_name, "
        "unnest(?) as file) f using (table_name)",
        [load_id, list(sources), [s.name for s in sources.values()]],
    )
    for t in report.tables:
        con.execute(
            "insert into load_tables values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                load_id,
                t.table,
                t.file,
                t.file_format,
                t.encoding,
                t.read,
                t.loaded,
                t.rejected,
                t.skipped,
                t.absent,
                t.ignored,
                t.personal,
            ],
        )
    con.execute(
        "insert into load_log values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'committed', ?, ?, ?, ?)",
        [
            load_id,
            started,
            datetime.now().replace(microsecond=0),
            str(report.extract_path),
            m.extracted_at,
            m.source,
            m.kind,
            m.force,
            m.system,
            strict,
            report.total("read"),
            report.total("loaded"),
            report.total("rejected"),
            report.total("skipped"),
        ],
    )
