"""Command line: python -m pipelines load EXTRACT_DIR --db PATH [--strict].

Exit status: 0 the load committed (row rejects included), 1 the load was
refused and the database is unchanged, 2 the command was mistyped, 3 an
internal error (the database is unchanged; the details go to a log file
beside the database, never a traceback on screen).
"""

from __future__ import annotations

import argparse
import sys
import traceback
from datetime import datetime
from pathlib import Path

from .errors import ExtractRefused, LoadBusy
from .load import LoadReport, load_extract
from .reference import DEFAULT_DIR

DEFAULT_DB = Path("data/stalking.duckdb")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m pipelines",
        description="Load a force's crime-record extract into the stalking dashboard's database.",
        epilog="The extract contract is in docs/extract.md.",
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    load = commands.add_parser(
        "load",
        help="validate an extract folder and load it, all or nothing",
        description="Validate EXTRACT_DIR (TABLE.csv or TABLE.parquet files and an optional "
        "manifest.json) and merge it into the database. Rows with problems are "
        "quarantined in load_rejects and the rest loads; file-level problems "
        "refuse the whole load. Either way the database holds the state before "
        "the load or after it, never a mix.",
    )
    load.add_argument(
        "extract_dir", metavar="EXTRACT_DIR", type=Path, help="folder holding the extract files"
    )
    load.add_argument(
        "--db",
        type=Path,
        default=DEFAULT_DB,
        help=f"database file to load into (default {DEFAULT_DB}); created if absent",
    )
    load.add_argument(
        "--strict", action="store_true", help="refuse the whole load if any row would be rejected"
    )
    load.add_argument(
        "--reference",
        type=Path,
        default=DEFAULT_DIR,
        help="folder of reference files: offence_codes.csv, areas.csv, "
        "settings.csv, lsoas.csv (default: the shipped ones)",
    )
    load.add_argument(
        "--no-wait",
        action="store_true",
        help="fail at once instead of waiting when another load is under way",
    )
    return top


def format_report(r: LoadReport) -> str:
    """The short report printed after a committed load."""
    m = r.manifest
    as_at = f"{m.extracted_at:%Y-%m-%d %H:%M}" + (
        " (from manifest.json)"
        if m.source == "manifest"
        else " (no manifest.json: the load time is used as the as-at time)"
    )
    lines = [
        f"Loaded {r.extract_path} into {r.db_path} as load {r.load_id}.",
        f"As at: {as_at}" + (f"; kind {m.kind}" if m.kind else ""),
        "",
        f"{'table':<20}{'file':<26}{'read':>10}{'loaded':>10}{'rejected':>10}{'skipped':>10}",
    ]
    for t in r.tables:
        lines.append(
            f"{t.table:<20}{t.file:<26}{t.read:>10}{t.loaded:>10}{t.rejected:>10}{t.skipped:>10}"
        )
    lines.append(
        f"{'total':<46}{r.total('read'):>10}{r.total('loaded'):>10}"
        f"{r.total('rejected'):>10}{r.total('skipped'):>10}"
    )
    if r.total("skipped"):
        lines.append("skipped: rows of crimes already loaded from a later extract (newest wins)")
    for t in r.tables:
        if t.personal:
            lines.append(
                f"personal-data columns dropped, never stored ({t.file}): " + ", ".join(t.personal)
            )
    for t in r.tables:
        if t.ignored:
            lines.append(f"columns ignored ({t.file}): " + ", ".join(t.ignored))
    if r.files_ignored:
        lines.append("files ignored: " + ", ".join(r.files_ignored))
    for audit, n in r.audit_problems.items():
        lines.append(
            f"WARNING: invariant {audit} is broken by {n} row(s); please report it "
            "with the extract's load_id"
        )
    if r.top_rejects:
        lines += ["", "Most frequent reasons for rejects (all are in the table load_rejects):"]
        lines += [
            f"  {n:>7}  {table}.{column or '(row)'}: {reason}"
            for table, column, reason, n in r.top_rejects
        ]
    return "\n".join(lines)


def _log_internal_error(db: Path) -> Path:
    log = db.with_name(db.name + ".errors.log")
    try:
        with log.open("a", encoding="utf-8") as f:
            f.write(f"--- {datetime.now():%Y-%m-%d %H:%M:%S}\n{traceback.format_exc()}\n")
    except OSError:
        pass
    return log


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        report = load_extract(
            args.extract_dir,
            args.db,
            strict=args.strict,
            reference_dir=args.reference,
            wait_for_lock=not args.no_wait,
        )
    except ExtractRefused as e:
        print(f"Load refused; the database is unchanged.\n{e.describe()}", file=sys.stderr)
        return 1
    except LoadBusy as e:
        print(f"Load refused; the database is unchanged.\n{e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Load interrupted; the database is unchanged.", file=sys.stderr)
        return 1
    except Exception as e:  # noqa: BLE001 - no traceback reaches a user
        log = _log_internal_error(args.db)
        print(
            f"Internal error, the load was abandoned and the database is unchanged: "
            f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}\n"
            f"Details: {log}",
            file=sys.stderr,
        )
        return 3
    print(format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
