"""Command line: load an extract, check one without loading it, rebuild, list the profiles.

    python -m pipelines load EXTRACT_DIR --db PATH [--strict] [--profile NAME] [--recover]
    python -m pipelines check EXTRACT_DIR [--db PATH] [--profile NAME] [--report PATH]
    python -m pipelines rebuild --db PATH [--reference DIR] [--recover]
    python -m pipelines profiles
    python -m pipelines context FILE --db PATH   (the Home Office's recorded crime by force)

This module is the one place that composes the loader (pipelines.load) with the query
layer's build (queries.build: the derived tables and their audits). Code that loads an
extract and wants the measures built, the tests included, calls `load_extract` and
`rebuild` from here.

Exit status: 0 the load committed (row rejects included; a reader of its output
that went away changes nothing) or the check found the extract would load, 1 the
load was (or would be) refused and the database is unchanged: a file-level problem,
a corrupt database, a full disk or a file the system refuses, each a message naming
the file; 2 the command was mistyped, 3 an internal error (the database is
unchanged; the details go to a log file beside the database, never a
traceback on screen). `--recover` restores the last good copy of a corrupt database
(its own swap, said on the screen) before the load or rebuild.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
import textwrap
import traceback
from datetime import datetime
from pathlib import Path

from common.files import match_access
from common.reports import (
    default_report_path,
    load_attempt,
    record_load_attempt,
    write_report,
)
from queries.build import build_and_audit

from . import context as national_context
from . import decisions as decision_log
from . import load as loader
from . import progress
from .check import check_extract, format_check, note_lines
from .errors import DiskFull, ExtractRefused, LoadBusy
from .load import LoadReport
from .profile import Profile, shipped_profiles
from .reference import DEFAULT_DIR
from .store import recover

DEFAULT_DB = Path("data/stalking.duckdb")


def build(con) -> dict[str, int]:
    """The query layer's derived tables, made on the load's connection inside its swap,
    and the audit views they break ({view: rows}): queries.build.build_and_audit."""
    return build_and_audit(con)


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
    """Load extract_dir into db_path and build the measures, all or nothing (see
    pipelines.load.load_extract)."""
    return loader.load_extract(
        extract_dir,
        db_path,
        build=build,
        strict=strict,
        reference_dir=reference_dir,
        now=now,
        wait_for_lock=wait_for_lock,
        profile=profile,
    )


def rebuild(
    db_path: Path | str, *, reference_dir: Path | str = DEFAULT_DIR, wait_for_lock: bool = True
) -> dict[str, int]:
    """Reload the reference data and rebuild the measures, all or nothing (see
    pipelines.load.rebuild)."""
    return loader.rebuild(
        db_path, build=build, reference_dir=reference_dir, wait_for_lock=wait_for_lock
    )


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m pipelines",
        description="Load a force's crime-record extract into the stalking dashboard's database.",
        epilog="The extract contract is in docs/extract.md; profiles for other layouts "
        "in docs/profiles.md.",
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    load = commands.add_parser(
        "load",
        help="validate an extract folder and load it, all or nothing",
        description="Validate EXTRACT_DIR (TABLE.csv, TABLE.parquet or TABLE.xlsx files, or "
        "a workbook with a sheet per table, and an optional manifest.json; or the "
        "files a --profile names) and merge it into the database. Rows with "
        "problems are quarantined in load_rejects and the rest loads; file-level "
        "problems refuse the whole load. Either way the database holds the state "
        "before the load or after it, never a mix.",
    )
    check = commands.add_parser(
        "check",
        help="report what a load would do, without touching the database",
        description="A dry run of load: read and validate EXTRACT_DIR exactly as a load "
        "would, and report per table the rows that would load, be rejected (and "
        "why, with an example line) or be skipped as older; columns not read, "
        "personal-data columns that would be dropped, values not understood and "
        "codes the reference data does not know. The database is only read. The "
        "report is also written as JSON for the Data quality page. Exit status 0: "
        "the extract would load; 1: it would be refused.",
    )
    for command in (load, check):
        command.add_argument(
            "extract_dir",
            metavar="EXTRACT_DIR",
            type=Path,
            help="folder holding the extract files",
        )
        command.add_argument(
            "--db",
            type=Path,
            default=DEFAULT_DB,
            help=f"database file (default {DEFAULT_DB}); "
            + ("created if absent" if command is load else "only read, and need not exist"),
        )
        command.add_argument(
            "--profile",
            metavar="NAME",
            help="read the folder as a source system's profile says (a shipped profile's "
            "name, see `python -m pipelines profiles`, or a path to a .toml file)",
        )
        command.add_argument(
            "--strict",
            action="store_true",
            help="refuse the whole load if any row would be rejected"
            + (" (check: report what load --strict would do)" if command is check else ""),
        )
        command.add_argument(
            "--reference",
            type=Path,
            default=DEFAULT_DIR,
            help="folder of reference files: offence_codes.csv, areas.csv, "
            "settings.csv, lsoas.csv (default: the shipped ones)",
        )
    recover_help = (
        "when the database file is corrupt, first restore its last good copy "
        "(DB.previous, kept by each load and rebuild; the corrupt file is kept as DB.corrupt)"
    )
    load.add_argument("--recover", action="store_true", help=recover_help + ", then load")
    load.add_argument(
        "--no-wait",
        action="store_true",
        help="fail at once instead of waiting when another load is under way",
    )
    check.add_argument(
        "--report",
        type=Path,
        metavar="PATH",
        help="where to write the JSON report (default: the database path + .last-check.json)",
    )
    commands.add_parser(
        "profiles",
        help="list the shipped source-system profiles",
        description="List the profiles in pipelines/profiles/ with what each reads.",
    )
    rebuild_cmd = commands.add_parser(
        "rebuild",
        help="rebuild the measures after settings, reference data or the code changed",
        description="Reload the reference files (settings: windows and targets; offence codes; "
        "areas) and rebuild every derived table and view, all or nothing, without a new "
        "extract. Run it after editing pipelines/reference/ or upgrading the dashboard.",
    )
    rebuild_cmd.add_argument(
        "--db", type=Path, default=DEFAULT_DB, help=f"database file (default {DEFAULT_DB})"
    )
    rebuild_cmd.add_argument("--recover", action="store_true", help=recover_help + ", then rebuild")
    rebuild_cmd.add_argument(
        "--reference",
        type=Path,
        default=DEFAULT_DIR,
        help="folder of reference files (default: the shipped ones)",
    )
    decision_log.add_parser(commands)
    national_context.add_parser(commands)
    return top


def format_report(r: LoadReport) -> str:
    """The short report printed after a committed load."""
    m = r.manifest
    as_at = f"{m.extracted_at:%Y-%m-%d %H:%M}" + (
        " (from manifest.json)"
        if m.source == "manifest"
        else " (no manifest.json: the load time is used as the as-at time)"
    )
    via = f" with profile {r.profile.name} ({r.profile.label})" if r.profile else ""
    lines = [
        f"Loaded {r.extract_path}{via} into {r.db_path} as load {r.load_id}.",
        f"As at: {as_at}" + (f"; kind {m.kind}" if m.kind else ""),
        "",
    ]
    timed = progress.stage_line(r.stages)
    lines += _table_lines(r) + _column_lines(r) + _warning_lines(r)
    return "\n".join(lines + (["", timed] if timed else []))


def _table_lines(r: LoadReport) -> list[str]:
    """Rows read, loaded, rejected and skipped, per table and in all."""
    lines = [f"{'table':<20}{'file':<26}{'read':>10}{'loaded':>10}{'rejected':>10}{'skipped':>10}"]
    lines += [
        f"{t.table:<20}{t.file:<26}{t.read:>10}{t.loaded:>10}{t.rejected:>10}{t.skipped:>10}"
        for t in r.tables
    ]
    lines.append(
        f"{'total':<46}{r.total('read'):>10}{r.total('loaded'):>10}"
        f"{r.total('rejected'):>10}{r.total('skipped'):>10}"
    )
    if r.total("skipped"):
        lines.append(
            "skipped: rows already loaded from a later extract (newest wins: a crime's, an "
            "order's, a key's, or the whole action plan)"
        )
    return lines


def _column_lines(r: LoadReport) -> list[str]:
    """Columns dropped or ignored, rows a profile leaves out, files ignored."""
    lines = [
        f"personal-data columns dropped, never stored ({t.file}): " + ", ".join(t.personal)
        for t in r.tables
        if t.personal
    ]
    lines += [f"columns ignored ({t.file}): " + ", ".join(t.ignored) for t in r.tables if t.ignored]
    lines += [
        f"rows left out by the profile ({x.file}): {x.rows} with {x.column} {x.value}"
        for x in r.left_out
    ]
    if r.files_ignored:
        lines.append("files ignored: " + ", ".join(r.files_ignored))
    return lines + note_lines(r.notes)


def _invariant_lines(problems: dict[str, int], naming: str = "") -> list[str]:
    """A warning for each invariant a build found broken ({audit view: rows})."""
    return [
        f"WARNING: invariant {audit} is broken by {n} row(s); please report it"
        + (f" {naming}" if naming else "")
        for audit, n in problems.items()
    ]


def _warning_lines(r: LoadReport) -> list[str]:
    """Broken invariants, and the most frequent reasons rows were rejected."""
    lines = _invariant_lines(r.audit_problems, "with the extract's load_id")
    if r.top_rejects:
        lines += ["", "Most frequent reasons for rejects (all are in the table load_rejects):"]
        lines += [
            f"  {n:>7}  {table}.{column or '(row)'}: {reason}"
            for table, column, reason, n in r.top_rejects
        ]
    return lines


def _log_internal_error(db: Path) -> Path:
    """Append the traceback to DB.errors.log, which keeps the database's access (a traceback
    can quote values)."""
    log = db.with_name(db.name + ".errors.log")
    try:
        fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as f:
            match_access(log, db, f.fileno())
            f.write(f"--- {datetime.now():%Y-%m-%d %H:%M:%S}\n{traceback.format_exc()}\n")
    except OSError:
        pass
    return log


def format_profiles() -> str:
    """The shipped profiles, each with its description."""
    lines = []
    for p in shipped_profiles():
        text = textwrap.wrap(" ".join(p.description.split()), 88) or ["(no description)"]
        lines += [f"{p.name}  ({p.label})", *[f"    {line}" for line in text], ""]
    lines.append("Use one with --profile NAME, or give the path to your own .toml file.")
    return "\n".join(lines)


def _attempt(args) -> dict:
    """The record of this load attempt, before its outcome is known."""
    return load_attempt(args.extract_dir, args.profile, args.strict)


def say(text: str) -> None:
    """Print to standard output. A reader that went away (`| head -0`, a closed terminal)
    changes nothing of what was done: the rest of the output is dropped, without a traceback."""
    try:
        print(text)
        sys.stdout.flush()
    except OSError:  # BrokenPipeError and the like: nobody reads on
        _drop_stdout()


def _drop_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's last flush is silent
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _warn(text: str) -> None:
    try:
        print(text, file=sys.stderr)
    except OSError:
        pass


def _load(args) -> int:
    if args.recover:
        say(recover(args.db, wait=not args.no_wait))
    with progress.shown(_progress_stream()):
        report = load_extract(
            args.extract_dir,
            args.db,
            strict=args.strict,
            reference_dir=args.reference,
            wait_for_lock=not args.no_wait,
            profile=args.profile,
        )
    # the load committed: recorded first, then printed (a closed output changes nothing)
    record_load_attempt(
        args.db,
        {
            **args.attempt,
            "status": "committed",
            "load_id": report.load_id,
            "message": None,
            "stages": report.stages,
            "notes": report.notes,
        },
    )
    say(format_report(report))
    return 0


def _progress_stream():
    """Where progress is said: a status line on standard error when it is a terminal; else
    plain lines on standard output, before the report (a log keeps both, and standard error
    keeps only what went wrong)."""
    try:
        return sys.stderr if sys.stderr.isatty() else sys.stdout
    except (AttributeError, ValueError):
        return sys.stdout


def _check(args) -> int:
    with progress.shown(_progress_stream()):
        report = check_extract(
            args.extract_dir,
            args.db,
            profile=args.profile,
            strict=args.strict,
            reference_dir=args.reference,
        )
    path = write_report(report, args.report or default_report_path(args.db), like=args.db)
    say(format_check(report) + f"\n\nReport written to {path}")
    return 0 if report["status"] == "would load" else 1


def _profiles(args) -> int:
    say(format_profiles())
    return 0


def _rebuild(args) -> int:
    if args.recover:
        say(recover(args.db))
    problems = rebuild(args.db, reference_dir=args.reference)
    say(f"Rebuilt the measures of {args.db} with the reference data in {args.reference}.")
    for line in _invariant_lines(problems):
        say(line)
    return 0


# command -> (what runs it, what is said when it stops)
COMMANDS = {
    "rebuild": (_rebuild, "Rebuild refused; the database is unchanged.", "the rebuild failed"),
    "load": (_load, "Load refused; the database is unchanged.", "the load was abandoned"),
    "check": (_check, "The check stopped; nothing was written.", "the check was abandoned"),
    "profiles": (_profiles, "A profile cannot be read.", "listing the profiles failed"),
    "context": (
        lambda args: national_context.run(args, say),
        "Context refused; the database is unchanged.",
        "the context load was abandoned",
    ),
    "decisions": (
        lambda args: decision_log.run(args, say),
        "Decisions refused; none was added.",
        "the decisions command failed",
    ),
}


def os_refusal(e: OSError, db: Path) -> ExtractRefused:
    """What the file system refused, as a message naming the file."""
    if e.errno == errno.ENOSPC:
        return DiskFull(Path(e.filename).parent if e.filename else Path(db).parent)
    return ExtractRefused(
        str(e.filename or db),
        f"the file system refused: {e.strerror or type(e).__name__}",
        expected="a file the loader's user may read, in a folder it may write to",
    )


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    run, refused, abandoned = COMMANDS[args.command]
    db = getattr(args, "db", DEFAULT_DB)
    args.attempt = _attempt(args) if args.command == "load" else None
    try:
        return run(args)
    except (ExtractRefused, LoadBusy, OSError) as e:  # str(e) is ExtractRefused.describe()
        message = str(os_refusal(e, db) if isinstance(e, OSError) else e)
        _record_failure(args, "refused", message)
        _warn(f"{refused}\n{message}")
        return 1
    except KeyboardInterrupt:
        _warn("Interrupted; the database is unchanged.")
        return 1
    except Exception as e:  # noqa: BLE001 - no traceback reaches a user
        log = _log_internal_error(db)
        _record_failure(args, "failed", f"internal error ({type(e).__name__}); details in {log}")
        _warn(
            f"Internal error, {abandoned} and the database is unchanged: "
            f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}\n"
            f"Details: {log}"
        )
        return 3


def _record_failure(args, status: str, message: str) -> None:
    """Record a load attempt that did not commit (nothing for the other commands)."""
    if args.attempt is not None:
        record_load_attempt(
            args.db, {**args.attempt, "status": status, "load_id": None, "message": message}
        )


if __name__ == "__main__":
    sys.exit(main())
