"""The report files kept beside the database: their paths, the writer and the readers.

`python -m pipelines check` writes its report to `<db>.last-check.json`, and every
`python -m pipelines load` records its attempt, committed, refused or failed, in
`<db>.last-load.json` (a refused load changes nothing in the database, so this file is its
only trace). The Data quality page reads both through `read_report` and `read_last_load`.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from pathlib import Path

from .files import match_access


def default_report_path(db_path: Path | str) -> Path:
    """Where check writes its JSON report unless told: beside the database."""
    return Path(f"{db_path}.last-check.json")


def last_load_path(db_path: Path | str) -> Path:
    """Where `load` records its latest attempt, committed or refused."""
    return Path(f"{db_path}.last-load.json")


def write_report(report: dict, path: Path | str, like: Path | str | None = None) -> Path:
    """Write the JSON report whole (a reader never sees half a file, and a failed write, a
    full disk, leaves nothing behind). It takes the mode and group of `like`, the database it
    reports on (0640 when there is none yet): it can hold example values (crime references),
    so whoever may not read the database may not read it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            match_access(tmp, like, f.fileno())
            json.dump(report, f, ensure_ascii=False, indent=1)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load_attempt(extract_path: Path | str, profile: str | None, strict: bool) -> dict:
    """What the record of a load attempt says of the command, stamped now; the caller adds
    status ("committed", "refused" or "failed"), load_id and message (see read_last_load)."""
    return {
        "kind": "load",
        "at": datetime.now().isoformat(timespec="seconds"),
        "extract_path": str(extract_path),
        "profile": profile,
        "strict": strict,
    }


def record_load_attempt(db_path: Path | str, attempt: dict) -> None:
    """Write a load attempt beside the database for the Data quality page; never fail a load."""
    try:
        write_report(attempt, last_load_path(db_path), like=db_path)
    except OSError:
        pass


def read_last_load(path: Path | str) -> dict | None:
    """The latest load attempt, or None: {kind: "load", at, extract_path, profile, strict,
    status: "committed", "refused" or "failed" (an internal error), load_id (committed) or
    null, message (the refusal, naming file, line, column and what was expected) or null}.
    A refused load changes nothing in the database, so this file is the only trace of it."""
    return _read_json(path, "load")


def read_report(path: Path | str) -> dict | None:
    """The last check's report, or None when there is none (or it cannot be read).

    The JSON object (times are ISO 8601 text, UK local time):

    - kind: "check"; checked_at; extract_path; db_path; db_existed (bool)
    - profile: {name, file, description} or null (a contract extract)
    - strict (bool); status: "would load" or "refused"; refusal: the message a
      load would give (file, line, column, what was expected) or null
    - as_at: the extract's as-at moment; as_at_source: "manifest" or "load time"
    - tables: one object per table, in contract order, named as load_tables
      names its columns: table, file, format, encoding, rows_read, rows_loaded,
      rows_rejected, rows_skipped (would be loaded, rejected, skipped as
      older), columns_absent, columns_ignored, personal_columns_dropped
    - totals: rows_read, rows_loaded, rows_rejected, rows_skipped
    - reject_reasons: the 20 most frequent {table, file, column, reason, rows,
      example_line, example_value} (column null: the whole row)
    - unknown_values: values outside a vocabulary {table, column, source_column
      (as the profile names it, or null), value, rows, file, example_line}
    - unknown_codes: codes the reference data does not know {kind
      ("offence_code", "area_code" or "outcome_code"), code, crimes}; they load
    - left_out: rows a profile sends to no table {file, column, value, rows}
    - files_ignored: files in the folder the load would not read
    """
    return _read_json(path, "check")


def _read_json(path: Path | str, kind: str) -> dict | None:
    """A report file's object when it can be read and is of this kind, else None."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("kind") == kind else None
