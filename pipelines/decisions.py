"""The daily meeting's decision log in and out as CSV (spec meetings.md):

    python -m pipelines decisions import FILE.csv --db PATH
    python -m pipelines decisions export --db PATH [--out FILE.csv]

An import is all or nothing, with the extract's error rules: the first problem refuses the
whole file, naming its file, line, column and what was expected (a bad date, an action not in
the list, a crime the database does not hold, a note that is too long or looks like it holds
personal data, a column that is not a decision's). Importing the same file twice adds nothing:
a line with a decision_id is that decision; one without is identified by its crime_ref,
meeting_on, action, owner, review_on and note (common.decisions.content_id). The decisions
live in the store beside the database (common.decisions), which loads never touch.
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from common import decisions

from .errors import ExtractRefused

FIELDS = decisions.COLUMNS  # decision_id last: optional on import, as are review_on, note ...
REQUIRED = ("crime_ref", "meeting_on", "action", "owner")
IMPORTED_BY = "import"


def import_csv(path: Path, db: Path) -> tuple[int, int]:
    """Add the decisions of a CSV file to the store beside db; (lines read, decisions added)."""
    name = Path(path).name
    rows = _rows(Path(path), name)
    known = _crime_refs(db)
    parsed = [_decision(row, line, name, known) for line, row in rows]
    added = decisions.add_all(decisions.decisions_path(db), parsed, like=db)
    return len(parsed), added


def export_csv(db: Path, out) -> int:
    """Write every decision, oldest first, as CSV with the spec's fields; returns the count."""
    log = decisions.read(decisions.decisions_path(db))
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for d in log:
        writer.writerow(
            [
                d.crime_ref,
                d.meeting_on.isoformat(),
                d.action,
                d.owner,
                d.review_on.isoformat() if d.review_on else "",
                d.note or "",
                d.recorded_by,
                d.recorded_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                d.decision_id,
            ]
        )
    return len(log)


def _rows(path: Path, name: str) -> list[tuple[int, dict]]:
    """(line, row) of every record, the header checked."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ExtractRefused(name, "the file does not exist", expected="a CSV file") from None
    except UnicodeDecodeError as e:
        raise ExtractRefused(name, f"not UTF-8 text (byte {e.start})", expected="UTF-8") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    for column in header:
        if column not in FIELDS:
            raise ExtractRefused(
                name,
                f"{column!r} is not a decision's field",
                line=1,
                column=column,
                expected="only " + ", ".join(FIELDS),
            )
    for column in REQUIRED:
        if column not in header:
            raise ExtractRefused(name, "a required column is missing", line=1, column=column)
    reader.fieldnames = header
    return [(reader.line_num, {k: (v or "").strip() for k, v in row.items()}) for row in reader]


def _crime_refs(db: Path) -> set[str]:
    """Every crime reference the database holds."""
    if not Path(db).exists():
        raise ExtractRefused(str(db), "there is no database", expected="a database a load made")
    with duckdb.connect(str(db), read_only=True) as con:
        return {r[0] for r in con.execute("select crime_ref from crimes").fetchall()}


def _decision(row: dict, line: int, name: str, known: set[str]) -> decisions.Decision:
    """One line as a decision, or ExtractRefused naming the line and column."""

    def refuse(column: str, problem: str, expected: str | None = None):
        return ExtractRefused(name, problem, line=line, column=column, expected=expected)

    if row.get("crime_ref") not in known:
        raise refuse("crime_ref", "the database holds no such crime", "a crime a load brought")
    meeting_on = _date(row, "meeting_on", refuse, required=True)
    review_on = _date(row, "review_on", refuse, required=False)
    recorded_at = _timestamp(row.get("recorded_at"), refuse)
    fields = (row["crime_ref"], meeting_on, row.get("action"), row.get("owner"), review_on)
    decision = decisions.Decision(
        crime_ref=row["crime_ref"],
        meeting_on=meeting_on,
        action=row.get("action", ""),
        owner=row.get("owner", ""),
        review_on=review_on,
        note=row.get("note") or None,
        recorded_by=row.get("recorded_by") or IMPORTED_BY,
        recorded_at=recorded_at,
        decision_id=row.get("decision_id") or decisions.content_id(*fields, row.get("note")),
    )
    for column, problem in decisions.problems(decision):
        raise refuse(column, problem)
    return decision


def _date(row: dict, column: str, refuse, required: bool) -> date | None:
    value = row.get(column) or ""
    if not value:
        if required:
            raise refuse(column, "it is empty", "a date YYYY-MM-DD")
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise refuse(column, f"{value!r} is not a date", "a date YYYY-MM-DD") from None


def _timestamp(value: str | None, refuse) -> datetime:
    """recorded_at: ISO 8601, UTC unless it says otherwise; the import's moment when empty."""
    if not value:
        return decisions.now()
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise refuse("recorded_at", f"{value!r} is not a moment", "ISO 8601, UTC") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def add_parser(commands) -> None:
    """The `decisions` command and its import and export."""
    top = commands.add_parser(
        "decisions",
        help="import or export the daily meeting's decision log as CSV",
        description="The decisions the daily meeting records live beside the database "
        "(DB.decisions.sqlite) and survive every load. Import a meeting log (all or nothing; "
        "a file imported twice adds nothing) or export the whole log.",
    )
    actions = top.add_subparsers(dest="decisions_command", required=True, metavar="ACTION")
    into = actions.add_parser("import", help="add the decisions of a CSV file")
    into.add_argument("file", type=Path, metavar="FILE.csv")
    out = actions.add_parser("export", help="write every decision as CSV")
    out.add_argument("--out", type=Path, metavar="FILE.csv", help="default: standard output")
    for command in (into, out):
        command.add_argument(
            "--db", type=Path, default=Path("data/stalking.duckdb"), help="database file"
        )


def run(args, say=print) -> int:
    """Run `decisions import` or `decisions export`."""
    if args.decisions_command == "import":
        read, added = import_csv(args.file, args.db)
        say(f"{args.file}: {read:,} decisions read, {added:,} new (the rest were already there).")
        return 0
    if args.out is None:
        export_csv(args.db, sys.stdout)
        return 0
    with args.out.open("w", newline="", encoding="utf-8") as out:
        count = export_csv(args.db, out)
    say(f"{count:,} decisions written to {args.out}.")
    return 0
