"""A dry run of a load: what would load, what would be rejected and why, writing nothing.

`check_extract` reads the extract with the loader's own code (discovery, the
profile, staging, validation, the newest-wins rule) into an in-memory
database. The database file is only attached READ_ONLY, to know which crimes
and orders are already loaded (for the orphan and newest-wins rules); without
one, the check is against an empty database. The report goes to the screen
(`format_check`) and to a JSON file beside the database, which the Data quality
page reads with `common.reports.read_report`.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

import duckdb

from common.database import CORRUPT, MISSING, OK, database_state

from . import progress
from .contract import TABLES_BY_NAME
from .errors import ExtractRefused
from .extract import discover, read_manifest
from .load import check_staged, stage
from .merge import find_newer, held_by_later, rejected_rows
from .profile import as_profile
from .reference import DEFAULT_DIR, load_reference
from .store import (
    SCHEMA_VERSION,
    UPGRADES,
    VERSIONED,
    corrupt,
    ensure_schema,
    schema_mismatch,
)
from .validate import valid_rows
from .values import sql_text

REASONS = 20  # reject reasons kept in the report (the screen shows the first 10)
VALUES = 50  # values not understood, kept in the report
# Rejects of these kinds are a value the contract (or the profile) does not know.
CODED = ("enum", "bool", "int")


def check_extract(
    extract_dir: Path | str,
    db_path: Path | str,
    *,
    profile=None,
    strict: bool = False,
    reference_dir: Path | str = DEFAULT_DIR,
    now: datetime | None = None,
) -> dict:
    """What loading extract_dir into db_path would do, as a report (see common.reports.read_report)."""
    extract_dir, db_path = Path(extract_dir), Path(db_path)
    started = now or datetime.now().replace(microsecond=0)
    report = {
        "kind": "check",
        "checked_at": started.isoformat(),
        "extract_path": str(extract_dir),
        "db_path": str(db_path),
        "db_existed": db_path.exists(),
        "profile": None,
        "strict": strict,
        "status": "refused",
        "refusal": None,
        "as_at": None,
        "as_at_source": None,
        "tables": [],
        "totals": {},
        "reject_reasons": [],
        "unknown_values": [],
        "unknown_codes": [],
        "left_out": [],
        "files_ignored": [],
        "notes": [],
        "stages": {},
    }
    with progress.run("check") as timed:
        _check(report, extract_dir, db_path, profile, strict, Path(reference_dir), started)
    report["stages"] = dict(timed.times)
    return report


def _check(report: dict, extract_dir, db_path, profile, strict, reference_dir, started) -> None:
    """Fill the report: what a load would do, or the refusal it would give."""
    try:
        profile = as_profile(profile)
        if profile is not None:
            report["profile"] = {
                "name": profile.name,
                "file": profile.label,
                "description": profile.description,
            }
        files, report["files_ignored"] = discover(extract_dir, profile)
        manifest = read_manifest(extract_dir, started, profile)
        report["as_at"] = manifest.extracted_at.isoformat()
        report["as_at_source"] = manifest.source
        with duckdb.connect() as con:
            with progress.stage("reference"):
                ensure_schema(con)
                load_reference(con, reference_dir)
                _attach_loaded(con, db_path)
            with progress.stage("read"):
                sources, left_out = stage(con, files, Path(tempfile.gettempdir()), profile)
            with progress.stage("validate"):
                report["notes"] = check_staged(con, sources, manifest, profile, strict)
            with progress.stage("count"):
                _count(con, report, sources, manifest.extracted_at)
                _explain(con, report, profile)
        report["left_out"] = [vars(x) for x in left_out]
        report["status"] = "would load"
    except ExtractRefused as e:
        report["refusal"] = e.describe()


def _attach_loaded(con, db_path: Path) -> None:
    """Make the versioned tables (store.VERSIONED: crimes, orders, breaches and v2's staff,
    training, complaints and actions) the database file's, read-only, for the orphan, parent
    and newest-wins rules. A corrupt database, or one that cannot be opened, refuses the check
    as it would the load."""
    state = database_state(db_path)
    if state.state == MISSING:
        return
    if state.state == CORRUPT:
        raise corrupt(db_path, state.detail)
    if state.state != OK:
        raise ExtractRefused(
            str(db_path),
            f"the database file cannot be opened ({state.detail})",
            expected="a database file nothing else holds open for writing, that may be read",
        )
    con.execute(f"attach {sql_text(str(db_path))} as live (read_only)")
    have = {
        r[0]
        for r in con.execute(
            "select table_name from duckdb_tables() where database_name = 'live'"
        ).fetchall()
    }
    if "meta" in have:
        found = con.execute("select value from live.meta where name = 'schema_version'").fetchone()
        # A database of an older version (store.UPGRADES) is one the load upgrades in place
        # (store.ensure_schema); the v2 tables a version 1 lacks are empty here (made by
        # ensure_schema on this connection).
        if found and int(found[0]) not in (*UPGRADES, SCHEMA_VERSION):
            raise schema_mismatch(found[0])
    for name in VERSIONED:
        if name in have:
            con.execute(f"drop table main.{name}")
            con.execute(f"create view main.{name} as select * from live.{name}")


def _count(con, report: dict, sources, extracted_at) -> None:
    find_newer(con, extracted_at)
    for name, source in sources.items():
        sql = (
            f"select count(*), count(*) filter (where {held_by_later(source.table)}) "
            f"from {valid_rows(name)} i"
        )
        valid, skipped = con.execute(sql, {"x": extracted_at} if "$x" in sql else {}).fetchone()
        report["tables"].append(
            {
                "table": name,
                "file": source.name,
                "format": source.format,
                "encoding": source.encoding,
                "rows_read": source.rows_read,
                "rows_loaded": valid - skipped,
                "rows_rejected": rejected_rows(con, name),
                "rows_skipped": skipped,
                "columns_absent": [c for c in source.table.column_names if c not in source.present],
                "columns_ignored": source.ignored,
                "personal_columns_dropped": source.personal,
            }
        )
    report["totals"] = {
        k: sum(t[k] for t in report["tables"])
        for k in ("rows_read", "rows_loaded", "rows_rejected", "rows_skipped")
    }


def _explain(con, report: dict, profile) -> None:
    files = {t["table"]: t["file"] for t in report["tables"]}
    for table, column, reason, rows, line, value in con.execute(
        "select table_name, column_name, reason, count(distinct row_id), min(line), "
        "arg_min(value, line) from rejects group by all order by 4 desc, 1, 2, 3 limit ?",
        [REASONS],
    ).fetchall():
        report["reject_reasons"].append(
            {
                "table": table,
                "file": files[table],
                "column": column,
                "reason": reason,
                "rows": rows,
                "example_line": line,
                "example_value": value,
            }
        )
    maps = profile.tables if profile else {}
    for table, column, value, rows, line in con.execute(
        "select table_name, column_name, trim(value), count(distinct row_id), min(line) "
        "from rejects where value is not null and (reason like 'not %' or row_id < 0) "
        "group by all order by 4 desc, 1, 2, 3"
    ).fetchall():
        contract = TABLES_BY_NAME[table].column_names
        if column in contract and TABLES_BY_NAME[table].column(column).kind not in CODED:
            continue
        if len(report["unknown_values"]) < VALUES:
            report["unknown_values"].append(
                {
                    "table": table,
                    "column": column,
                    "source_column": maps[table].source_of(column) if table in maps else None,
                    "value": value,
                    "rows": rows,
                    "file": files[table],
                    "example_line": line,
                }
            )
    codes = []
    if "classifications" in files:
        codes += con.execute(
            "select 'offence_code', offence_code, count(distinct crime_ref) "
            f"from {valid_rows('classifications')} where offence_code not in "
            "(select offence_code from offence_codes) group by all order by 3 desc, 2"
        ).fetchall()
    if "crimes" in files:
        codes += con.execute(
            f"select 'area_code', area_code, count(*) from {valid_rows('crimes')} "
            "where area_code not in (select area_code from areas) group by all order by 3 desc, 2"
        ).fetchall()
        codes += con.execute(
            f"select 'outcome_code', cast(outcome_code as varchar), count(*) "
            f"from {valid_rows('crimes')} where outcome_code not in "
            "(select outcome_code from outcome_codes) group by all order by 3 desc, 2"
        ).fetchall()
    report["unknown_codes"] = [{"kind": k, "code": c, "crimes": n} for k, c, n in codes]


def format_check(report: dict) -> str:
    """The report as a force's data team reads it on screen."""
    profile = report["profile"]
    via = f" with profile {profile['name']} ({profile['file']})" if profile else ""
    lines = [
        f"Check of {report['extract_path']}{via} against {report['db_path']}"
        + ("" if report["db_existed"] else " (not created yet: checked against an empty one)")
        + ". Nothing was written.",
    ]
    if report["status"] == "refused":
        lines += [
            "",
            "The load would be REFUSED; the database would be unchanged:",
            report["refusal"],
        ]
        return "\n".join(lines)
    lines += _counts_lines(report) + _columns_lines(report) + note_lines(report.get("notes", []))
    lines += _rejects_lines(report) + _unknown_lines(report)
    timed = progress.stage_line(report.get("stages", {}))
    return "\n".join(lines + (["", timed] if timed else []))


def _counts_lines(report: dict) -> list[str]:
    """The as-at moment and the table of rows that would load, be rejected or skipped."""
    source = {
        "manifest": "from manifest.json",
        "load time": "no manifest.json: a load would use its own time as the as-at time",
    }[report["as_at_source"]]
    totals = report["totals"]
    lines = [
        f"As at: {report['as_at'][:16].replace('T', ' ')} ({source})",
        "",
        f"The extract would load: {totals['rows_loaded']} row(s) loaded, "
        f"{totals['rows_rejected']} rejected (quarantined in load_rejects), "
        f"{totals['rows_skipped']} skipped as older than what is loaded.",
        "",
        f"{'table':<18}{'file':<30}{'read':>8}{'load':>8}{'reject':>8}{'skip':>8}",
    ]
    for t in report["tables"]:
        lines.append(
            f"{t['table']:<18}{t['file']:<30}{t['rows_read']:>8}{t['rows_loaded']:>8}"
            f"{t['rows_rejected']:>8}{t['rows_skipped']:>8}"
        )
    return lines


def _columns_lines(report: dict) -> list[str]:
    """Columns dropped or not read, rows a profile leaves out, files not read."""
    lines = [
        f"personal-data columns that would be dropped, never stored ({t['file']}): "
        + ", ".join(t["personal_columns_dropped"])
        for t in report["tables"]
        if t["personal_columns_dropped"]
    ]
    lines += [
        f"columns not read ({t['file']}): " + ", ".join(t["columns_ignored"])
        for t in report["tables"]
        if t["columns_ignored"]
    ]
    lines += [
        f"rows left out by the profile ({x['file']}): {x['rows']} with {x['column']} {x['value']}"
        for x in report["left_out"]
    ]
    if report["files_ignored"]:
        lines.append("files not read: " + ", ".join(report["files_ignored"]))
    return lines


def note_lines(notes: list[dict]) -> list[str]:
    """What the profile read its own way (load.profile_notes), a line per column."""
    if not notes:
        return []
    return ["", "Read as the profile says, beyond the contract:"] + [
        f"{n['rows']:>7}  {n['table']}.{n['column']} ({n['file']}): {n['note']}" for n in notes
    ]


def _rejects_lines(report: dict) -> list[str]:
    """The most frequent reasons rows would be rejected, each with an example."""
    if not report["reject_reasons"]:
        return []
    lines = ["", "Why rows would be rejected (most frequent first):"]
    for r in report["reject_reasons"][:10]:
        shown = "" if r["example_value"] is None else f": {r['example_value']!r}"
        lines.append(f"{r['rows']:>7}  {r['table']}.{r['column'] or '(row)'}: {r['reason']}")
        lines.append(f"{'':>9}e.g. {r['file']}, line {r['example_line']}{shown}")
    return lines


def _unknown_lines(report: dict) -> list[str]:
    """Values outside a vocabulary, and codes the reference data does not know."""
    lines = []
    if report["unknown_values"]:
        lines += ["", "Values not understood (fix them at source, or add them to the profile):"]
        for v in report["unknown_values"]:
            column = f"{v['table']}.{v['column']}" + (
                f" ({v['source_column']})" if v["source_column"] else ""
            )
            lines.append(
                f"{v['rows']:>7}  {column} {v['value']!r}, e.g. {v['file']}, line {v['example_line']}"
            )
    if report["unknown_codes"]:
        lines += [
            "",
            "Codes the reference data does not know (they load; add them to the reference files "
            "to group and rate them):",
        ]
        lines += [f"{c['crimes']:>7}  {c['kind']} {c['code']}" for c in report["unknown_codes"]]
    return lines
