"""The daily meeting's decisions: the only data people type into the product (spec meetings.md).

Why SQLite, in a file beside the database (`<db>.decisions.sqlite`, or STALKING_DECISIONS_DB):
decisions must survive every load, rebuild, swap, upgrade and crash, and take concurrent
writes from several browser sessions and the command line. The DuckDB file is replaced whole
by every load and is opened read-only by the app; SQLite, in write-ahead-log mode with a busy
timeout, takes many writers across threads and processes, and commits each decision whole or
not at all (a kill -9 mid-write leaves the last committed state). It comes with Python.

Back it up with the database: `sqlite3 DB.decisions.sqlite ".backup decisions-copy.sqlite"`
gives a consistent copy while the app runs (a plain file copy may catch a write half-way);
`python -m pipelines decisions export --db DB` writes the whole log as CSV.

Decisions are only ever added: a correction is a new decision, and the latest (by
recorded_at, then decision_id) is the one in force. This module knows nothing of who may
record (queries.decisions checks that) nor of cases (the loader's import checks them).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from datetime import UTC, date, datetime
from pathlib import Path

from .files import match_access
from .personal import personal_kind

ACTIONS = (
    "no_further_action",
    "risk_review",
    "spo_application",
    "arrest",
    "safeguarding",
    "refer_support",
    "refer_panel",
    "reallocate",
    "screen_for_stalking",
    "other",
)
NOTE_MAX = 280
OWNER_MAX = 80
SCHEMA = """
create table if not exists decisions (
    decision_id TEXT PRIMARY KEY,
    crime_ref TEXT NOT NULL,
    meeting_on TEXT NOT NULL,      -- ISO date
    action TEXT NOT NULL,
    owner TEXT NOT NULL,           -- a role, team or collar number, not a name
    review_on TEXT,                -- ISO date
    note TEXT,                     -- at most 280 characters, nothing that looks like a person
    recorded_by TEXT NOT NULL,     -- the signed-in identity, or 'local'
    recorded_at TEXT NOT NULL      -- UTC, ISO 8601 to the microsecond
);
create index if not exists decisions_by_case on decisions (crime_ref, recorded_at);
"""
_lock = threading.Lock()


class DecisionRefused(ValueError):
    """A decision that cannot be recorded: field names the field, problem says why."""

    def __init__(self, field: str, problem: str):
        super().__init__(f"{field}: {problem}")
        self.field, self.problem = field, problem


@dataclass(frozen=True)
class Decision:
    crime_ref: str
    meeting_on: date
    action: str
    owner: str
    review_on: date | None
    note: str | None
    recorded_by: str
    recorded_at: datetime  # UTC
    decision_id: str = ""

    def checked(self) -> Decision:
        """This decision, refused (DecisionRefused) if a field breaks a rule."""
        for field, problem in problems(self):
            raise DecisionRefused(field, problem)
        return self

    def identified(self) -> Decision:
        """This decision with its id (an import's: its content's digest, so a line imported
        twice is one decision; a decision recorded on screen: a new random id)."""
        if self.decision_id:
            return self
        return Decision(**{**asdict(self), "decision_id": uuid.uuid4().hex})


def content_id(crime_ref, meeting_on, action, owner, review_on, note) -> str:
    """The id of a decision imported without one: a digest of what identifies it (spec)."""
    text = "\x1f".join(
        str(v or "") for v in (crime_ref, meeting_on, action, owner, review_on, note)
    )
    return "imported-" + hashlib.sha256(text.encode()).hexdigest()[:24]


def problems(d: Decision) -> list[tuple[str, str]]:
    """What is wrong with a decision: (field, why), in the form's order."""
    found = []
    if not d.crime_ref or not d.crime_ref.strip():
        found.append(("crime_ref", "the case is missing"))
    if d.action not in ACTIONS:
        found.append(
            ("action", f"{d.action!r} is not an action (expected one of {', '.join(ACTIONS)})")
        )
    found += _text_problems("owner", d.owner, OWNER_MAX, required=True)
    if d.review_on is not None and d.review_on < d.meeting_on:
        found.append(("review_on", "the review date is before the meeting"))
    found += _text_problems("note", d.note, NOTE_MAX, required=False)
    return found


def _text_problems(field: str, value: str | None, limit: int, required: bool) -> list:
    if not value or not value.strip():
        return [(field, "it is empty")] if required else []
    if len(value) > limit:
        return [(field, f"it is {len(value)} characters long (at most {limit})")]
    kind = personal_kind(value)
    if kind:
        return [(field, f"it looks like it holds personal data ({kind}): leave it out")]
    return []


def decisions_path(db_path: Path | str) -> Path:
    """The decisions store beside a database (STALKING_DECISIONS_DB overrides)."""
    configured = os.environ.get("STALKING_DECISIONS_DB")
    return Path(configured) if configured else Path(f"{db_path}.decisions.sqlite")


def connect(path: Path | str, like: Path | str | None = None) -> sqlite3.Connection:
    """A connection to the store, made (with the database's mode and group, `like`) when
    absent; write-ahead log, a busy timeout for concurrent writers, full sync on commit."""
    path = Path(path)
    new = not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    con.execute("pragma journal_mode = wal")
    con.execute("pragma synchronous = full")
    con.executescript(SCHEMA)
    if new:
        match_access(path, like)
    return con


def record(path: Path | str, decision: Decision, like: Path | str | None = None) -> Decision:
    """Add one decision, whole or not at all; returns it with its id."""
    decision = decision.checked().identified()
    with _lock, _closing(connect(path, like)) as con:
        con.execute("begin immediate")
        con.execute("insert into decisions values (?, ?, ?, ?, ?, ?, ?, ?, ?)", _row(decision))
        con.execute("commit")
    return decision


def add_all(path: Path | str, decisions: Iterable[Decision], like=None) -> int:
    """Add decisions all or nothing, skipping ids already stored (an import run twice adds
    nothing); returns how many were new."""
    rows = [_row(d.checked().identified()) for d in decisions]
    with _lock, _closing(connect(path, like)) as con:
        con.execute("begin immediate")
        try:
            before = con.total_changes
            con.executemany(
                "insert or ignore into decisions values (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
            )
            added = con.total_changes - before
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    return added


def read(path: Path | str, crime_refs: Iterable[str] | None = None) -> list[Decision]:
    """Every decision (or those of some cases), oldest first; none when there is no store."""
    if not Path(path).exists():
        return []
    with _closing(connect(path)) as con:
        if crime_refs is None:
            rows = con.execute("select * from decisions order by recorded_at, decision_id")
        else:
            wanted = list(crime_refs)
            marks = ", ".join("?" * len(wanted)) or "null"
            rows = con.execute(
                f"select * from decisions where crime_ref in ({marks}) "
                "order by recorded_at, decision_id",
                wanted,
            )
        return [_decision(r) for r in rows.fetchall()]


def latest(decisions: Iterable[Decision]) -> dict[str, Decision]:
    """The decision in force for each case: its latest (recorded_at, then decision_id)."""
    out: dict[str, Decision] = {}
    for d in sorted(decisions, key=lambda d: (d.recorded_at, d.decision_id)):
        out[d.crime_ref] = d
    return out


COLUMNS = tuple(f.name for f in fields(Decision))


def _row(d: Decision) -> tuple:
    return (
        d.decision_id,
        d.crime_ref,
        d.meeting_on.isoformat(),
        d.action,
        d.owner,
        d.review_on.isoformat() if d.review_on else None,
        d.note or None,
        d.recorded_by,
        d.recorded_at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds"),
    )


def _decision(row) -> Decision:
    decision_id, crime_ref, meeting_on, action, owner, review_on, note, by, at = row
    return Decision(
        crime_ref=crime_ref,
        meeting_on=date.fromisoformat(meeting_on),
        action=action,
        owner=owner,
        review_on=date.fromisoformat(review_on) if review_on else None,
        note=note,
        recorded_by=by,
        recorded_at=datetime.fromisoformat(at).replace(tzinfo=UTC),
        decision_id=decision_id,
    )


class _closing:
    def __init__(self, con: sqlite3.Connection):
        self.con = con

    def __enter__(self) -> sqlite3.Connection:
        return self.con

    def __exit__(self, *exc) -> None:
        self.con.close()


def now() -> datetime:
    """The wall clock, in UTC, to the microsecond (a decision's recorded_at: two decisions on
    one case a second apart must still say which came last)."""
    return datetime.now(UTC)
