"""The extract folder: which file holds which table, and the manifest's as-at moment.

A contract extract is a folder of TABLE.csv, TABLE.parquet or TABLE.xlsx files, or
workbooks with a sheet per table, and an optional manifest.json (docs/extract.md). An
export read through a profile is the files the profile names (profile.py).
"""

from __future__ import annotations

import fnmatch
import json
import os
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from .contract import TABLES, TABLES_BY_NAME, normalise_header
from .errors import ExtractRefused
from .excel import OLD_EXCEL, find_sheet, sheet_names
from .personal import withhold
from .profile import Profile
from .staging import Found
from .values import TIMESTAMP_FORMATS

VALID_KINDS = ("full", "delta")
SUFFIXES = (".csv", ".parquet", ".xlsx")
MANIFEST = "manifest.json"
MANIFEST_LIMIT = 64 * 1024  # bytes: a manifest is a few lines of JSON


@dataclass
class Manifest:
    extracted_at: datetime
    source: str  # 'manifest' or 'load time'
    kind: str | None = None
    force: str | None = None
    system: str | None = None


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
    ignored: list[str] = []
    workbooks = False
    for path in sorted(folder.iterdir()):
        for table, item in _tables_in(path, ignored):
            _add(found, table, item)
        workbooks = workbooks or _is_workbook_of_sheets(path)
    _require_tables(found, folder, workbooks)
    return found, ignored


def _is_workbook_of_sheets(path: Path) -> bool:
    """A workbook not named after a table: its sheets may be tables."""
    return (
        path.is_file()
        and not path.name.startswith("~$")
        and path.suffix.lower() == ".xlsx"
        and path.stem.lower() not in TABLES_BY_NAME
    )


def _tables_in(path: Path, ignored: list[str]) -> list[tuple[str, Found]]:
    """The tables one file of a contract extract supplies; a file it does not read is added
    to ignored (the manifest aside)."""
    stem, suffix = path.stem.lower(), path.suffix.lower()
    if not path.is_file() or path.name.startswith("~$"):  # ~$: Excel's lock file
        ignored.append(path.name)
        return []
    if stem in TABLES_BY_NAME and suffix == ".xlsx":
        sheets = sheet_names(path)  # the sheet named after the table, else the first
        return [(stem, Found(path, find_sheet(sheets, stem) if len(sheets) > 1 else None))]
    if stem in TABLES_BY_NAME and suffix in SUFFIXES:
        return [(stem, Found(path))]
    if stem in TABLES_BY_NAME and suffix in OLD_EXCEL:
        raise ExtractRefused(
            path.name,
            "this Excel format cannot be read",
            expected=f"{stem}.xlsx (Excel Workbook) or {stem}.csv",
        )
    if suffix == ".xlsx":
        sheets = sheet_names(path)
        tables = [s for s in sheets if normalise_header(s) in TABLES_BY_NAME]
        if not tables:
            ignored.append(path.name)
        ignored += [f"{path.name}, sheet {s}" for s in sheets if tables and s not in tables]
        return [(normalise_header(sheet), Found(path, sheet)) for sheet in tables]
    if path.name.lower() != MANIFEST:
        ignored.append(path.name)
    return []


def _add(found: dict[str, Found], table: str, item: Found) -> None:
    """Note the file of a table, refusing a table supplied twice."""
    if table in found:
        raise ExtractRefused(
            item.name,
            f"the table {table} is supplied twice ({found[table].name} and {item.name})",
            expected="one file per table",
        )
    found[table] = item


def _require_tables(found: dict[str, Found], folder: Path, workbooks: bool) -> None:
    """Refuse an extract without a required table, saying where it was looked for."""
    for table in TABLES:
        if table.required and table.name not in found:
            where = f"{table.name}.csv or {table.name}.parquet in {folder}"
            if workbooks:
                where = (
                    f"{table.name}.csv, {table.name}.parquet, {table.name}.xlsx or a sheet "
                    f"named {table.name} in a workbook in {folder}"
                )
            raise ExtractRefused(f"{table.name}.csv", "a required file is missing", expected=where)


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
    return found, [n for n in ignored if n.lower() != MANIFEST]


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
    text = _manifest_bytes(folder / MANIFEST)
    if text is None:
        return Manifest(now, "load time")
    try:
        data = json.loads(text.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as e:
        raise ExtractRefused(
            MANIFEST,
            f"the manifest is not valid JSON: {e}",
            expected='{"extracted_at": "2026-11-21T06:00:00", ...}',
        ) from None
    if not isinstance(data, dict):
        raise ExtractRefused(
            MANIFEST,
            "the manifest is not a JSON object",
            expected='{"extracted_at": "2026-11-21T06:00:00", ...}',
        )
    kind = data.get("kind")
    if kind is not None and str(kind).strip().lower() not in VALID_KINDS:
        raise ExtractRefused(
            MANIFEST, f"kind is {withhold(str(kind))!r}", column="kind", expected="full or delta"
        )
    raw = data.get("extracted_at")
    if raw is None:
        return Manifest(now, "load time", kind, data.get("force"), data.get("system"))
    extracted_at = _parse_timestamp(str(raw))
    if extracted_at is None:
        raise ExtractRefused(
            MANIFEST,
            f"extracted_at {withhold(str(raw), dates=False)!r} is not a date and time",
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


def _manifest_bytes(path: Path) -> bytes | None:
    """The manifest's bytes, or None when there is none. Only a small regular file is read
    (followed through a link): a named pipe, a device (/dev/zero), a folder or a file over
    MANIFEST_LIMIT is refused at once, naming it, never read until it ends. The file is
    opened without blocking and judged by what it is once open, not by its name."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as e:
        raise _unread(f"it cannot be opened ({e.strerror})") from None
    try:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode):
            raise _unread(f"it is {_kind_of_file(found.st_mode)}")
        data = b""
        while len(data) <= MANIFEST_LIMIT and (chunk := os.read(fd, MANIFEST_LIMIT + 1)):
            data += chunk  # read to its end, or just past the limit if it grows meanwhile
        if max(found.st_size, len(data)) > MANIFEST_LIMIT:
            size = max(found.st_size, len(data))
            raise _unread(f"it is {size} bytes, more than a manifest ever needs")
        return data
    finally:
        os.close(fd)


def _kind_of_file(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _unread(why: str) -> ExtractRefused:
    return ExtractRefused(
        MANIFEST,
        f"the manifest is not read: {why}",
        expected=f"a small JSON file (at most {MANIFEST_LIMIT // 1024} KB), "
        '{"extracted_at": "2026-11-21T06:00:00", ...}',
    )


def _parse_timestamp(text: str) -> datetime | None:
    with duckdb.connect() as con:
        return con.execute(
            "select try_strptime(trim(?), ?)", [text, list(TIMESTAMP_FORMATS)]
        ).fetchone()[0]
