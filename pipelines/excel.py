"""Read an Excel workbook (.xlsx) into the same staging shape as a CSV file.

openpyxl reads the sheet in read-only mode, one row at a time, and the rows go
to DuckDB in batches, so a large workbook is never held whole in memory. The
header is the sheet's first row; a record's line is its row number in Excel.
Cells become the text a CSV export would hold: dates and times as ISO 8601, a
whole number as digits (a crime reference typed as the number 12345 is
"12345"), true/false for booleans.
"""

from __future__ import annotations

import signal
import threading
import zipfile
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path

from .contract import normalise_header
from .errors import ExtractRefused
from .reading import (
    Layout,
    SourceFile,
    StructuralReject,
    create_staging,
    insert_records,
    raw_json,
)

BATCH = 20_000  # rows held in Python at a time
OLD_EXCEL = (".xls", ".xlsb")


# Bounds a workbook must keep before openpyxl opens it (read-only openpyxl still reads the
# shared strings whole, into memory, when it opens a workbook). The zip's directory says how
# big each part inflates, and zipfile never inflates a part past what it says, so these are
# checked without inflating anything.
MAX_RATIO = 200  # a part may inflate at most 200 times (real sheets: 5 to 40)
RATIO_FROM = 1 << 20  # ... judged for parts of 1 MB or more (a tiny part can compress well)
MAX_SHARED_STRINGS = 256 << 20  # bytes: 1 M rows of three distinct references take ~120 MB
MAX_UNZIPPED = 4 << 30  # bytes in all: Excel's 1,048,576 rows of the widest table, twice over
MAX_PARTS = 10_000  # a workbook of a few sheets has tens of parts
OPEN_SECONDS = 120  # to open (parse the shared strings, styles and workbook parts)


class _OpenTimeout(BaseException):
    """openpyxl took longer than OPEN_SECONDS to open a workbook (a BaseException, so that no
    `except Exception` inside openpyxl takes it for a parsing error)."""


@contextmanager
def workbook(path: Path):
    """The workbook, open read-only; refused when the file is not an .xlsx workbook, when
    its zip says it would inflate beyond the bounds above, or when it takes too long to open."""
    import openpyxl  # here: a load of CSV files starts without it

    inspect_zip(path)
    try:
        with time_limit(OPEN_SECONDS):
            book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except _OpenTimeout:
        raise ExtractRefused(
            path.name,
            f"the workbook took more than {OPEN_SECONDS} s to open",
            expected="a workbook whose shared strings and styles are of an ordinary size",
        ) from None
    except Exception as e:  # noqa: BLE001 - any failure to open means "not a workbook"
        raise _not_a_workbook(path, e) from None
    try:
        yield book
    finally:
        book.close()


def _not_a_workbook(path: Path, e: Exception) -> ExtractRefused:
    return ExtractRefused(
        path.name,
        "the file cannot be read as an Excel workbook: "
        + (str(e).strip().splitlines() or [type(e).__name__])[0],
        expected="an .xlsx workbook saved by Excel or a crime system's export",
    )


def inspect_zip(path: Path) -> None:
    """Refuse, before anything is inflated, a workbook whose parts would inflate more than
    MAX_RATIO times or beyond MAX_SHARED_STRINGS / MAX_UNZIPPED (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as zipped:
            parts = zipped.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise _not_a_workbook(path, e) from None
    if len(parts) > MAX_PARTS:
        raise _bomb(path, f"it holds {len(parts)} parts")
    total = sum(p.file_size for p in parts)
    if total > MAX_UNZIPPED:
        raise _bomb(
            path,
            f"it would take {total} bytes unzipped, more than the loader reads "
            f"({MAX_UNZIPPED} bytes)",
        )
    for p in parts:
        ratio = p.file_size / max(p.compress_size, 1)
        if p.file_size >= RATIO_FROM and ratio > MAX_RATIO:
            raise _bomb(
                path,
                f"its part {p.filename} would inflate {ratio:.0f} times, to {p.file_size} bytes",
            )
        if p.filename.lower().endswith("sharedstrings.xml") and p.file_size > MAX_SHARED_STRINGS:
            raise _bomb(path, f"its shared strings would take {p.file_size} bytes unzipped")


def _bomb(path: Path, why: str) -> ExtractRefused:
    return ExtractRefused(
        path.name,
        f"the workbook is refused unopened: {why}",
        expected=f"a workbook whose parts inflate at most {MAX_RATIO} times, with at most "
        f"{MAX_SHARED_STRINGS >> 20} MB of shared strings and {MAX_UNZIPPED >> 30} GB in all",
    )


@contextmanager
def time_limit(seconds: float):
    """Raise _OpenTimeout in the block after `seconds` (a timer signal: only in the main
    thread, where the command line runs; elsewhere the size bounds alone hold)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise _OpenTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def sheet_names(path: Path) -> list[str]:
    """The names of a workbook's worksheets, in order."""
    with workbook(path) as book:
        return [ws.title for ws in book.worksheets]


def find_sheet(names: list[str], wanted: str) -> str | None:
    """The sheet called `wanted`, matched as headers are (case, spaces and punctuation aside)."""
    key = normalise_header(wanted)
    return next((n for n in names if normalise_header(n) == key), None)


def cell_text(value) -> str | None:
    """A cell's value as the text a CSV export would hold."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return repr(value)
    return str(value)


def _header(row) -> list[str]:
    header = [cell_text(v) or "" for v in row]
    while header and not header[-1].strip():
        header.pop()
    return header


def stage_xlsx(con, source: SourceFile, layout: Layout) -> None:
    """Fill the layout's staging table from one sheet of a workbook."""
    with workbook(source.path) as book:
        sheets = {ws.title: ws for ws in book.worksheets}
        if not sheets:
            raise ExtractRefused(source.name, "the workbook has no worksheet")
        sheet = sheets[source.sheet] if source.sheet else next(iter(sheets.values()))
        sheet.reset_dimensions()  # a wrong <dimension> in the file must not cut rows off
        rows = sheet.iter_rows(values_only=True)
        header = _header(next(rows, ()))
        if not header:
            raise ExtractRefused(
                source.name,
                "the sheet is empty",
                line=1,
                expected="a header row naming the columns",
            )
        source.encoding = None
        mapping = layout.plan(source, header)
        create_staging(con, layout)
        before = len(source.structural)
        records = _records(rows, len(header), mapping, source, layout.dated)
        staged = insert_records(con, layout, mapping, records, BATCH)
    source.rows_read = staged + len(source.structural) - before  # + this sheet's rejects


def _records(rows, width: int, mapping, source: SourceFile, dated=()):
    """(row number, values) of a sheet's rows below the header, padded to the header's
    width; blank rows skipped, a row with values beyond the header a structural reject."""
    for number, row in enumerate(rows, start=2):
        values = [cell_text(v) for v in row]
        if not any(v is not None and v.strip() for v in values):
            continue
        if any(v is not None and v.strip() for v in values[width:]):
            kept = {c: v for c, v in zip(mapping, values, strict=False) if c}
            source.structural.append(
                StructuralReject(
                    number,
                    f"the row has values beyond the header's {width} columns",
                    raw_json(kept, dated),
                )
            )
            continue
        yield number, values[:width] + [None] * (width - len(values))
