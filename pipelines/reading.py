"""Read one extract file into a staging table of text values with line numbers.

Every file, CSV, Parquet or Excel (excel.py), becomes the same shape: a
temporary DuckDB table `raw_<table>` with `_row` (the row's identity), `_line`
(the physical line of the record in a CSV, the 1-based row number in a Parquet
file, the row number in a worksheet) and one VARCHAR column per contract column
(NULL where the file lacks that optional column). Typing and validation happen
afterwards in SQL (validate.py), the same for every format.

A file read through a profile (profile.py) is staged the same way into
`src_<n>`, with one column per source column the profile uses, and staging.py
reshapes it into the contract's raw tables.

CSV is parsed twice: DuckDB's reader (fast) produces the values, and a
parse-only pass with Python's csv module finds where each record starts and
which records have the wrong number of fields. When the two parsers disagree
on the number of good records (a malformed quote, say) the file is read again
by Python alone, which is slower but exact.
"""

from __future__ import annotations

import codecs
import csv
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from .contract import Table, is_personal, normalise_header
from .errors import ExtractRefused

CHUNK = 1 << 20
BATCH = 100_000
# Python's csv module refuses fields over 128 KiB by default; real narratives
# (and hostile extracts) exceed it.
csv.field_size_limit(1 << 30)


@dataclass
class StructuralReject:
    """A record that never reaches staging: it cannot be split into the header's columns,
    or a profile cannot tell which table it belongs to."""

    line: int
    reason: str
    raw: str
    column: str | None = None
    value: str | None = None


@dataclass
class SourceFile:
    """What was read from one extract file, for the load report."""

    table: Table
    path: Path
    format: str
    encoding: str | None = None
    present: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    personal: list[str] = field(default_factory=list)
    rows_read: int = 0
    structural: list[StructuralReject] = field(default_factory=list)
    sheet: str | None = None  # a workbook's sheet; None: its first
    # Crimes with a row quarantined before staging that may have been this table's (a
    # person a profile could not route): like a crime whose rows were all rejected, such a
    # crime keeps the rows it had in this table when the extract has none valid for it.
    held: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name + (f", sheet {self.sheet}" if self.sheet else "")


@dataclass
class Layout:
    """Where a file's values go: the staging table, its columns, and how headers map onto them.

    plan(source, header) returns, for each file column in order, the staging
    column it fills or None; it refuses what cannot be staged.
    """

    target: str
    columns: tuple[str, ...]
    plan: Callable[[SourceFile, list[str]], list[str | None]]


def contract_layout(table: Table) -> Layout:
    """A contract file: its columns, matched by name, fill raw_<table>."""
    return Layout(f"raw_{table.name}", table.column_names, plan_columns)


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the bytes decode as UTF-8, else cp1252.

    The contract allows exactly these three; a file that is neither is refused
    with the line of the first byte that Windows-1252 cannot decode.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as f:
        head = f.read(3)
        f.seek(0)
        try:
            while chunk := f.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "utf-8-sig" if head == codecs.BOM_UTF8 else "utf-8"
        except UnicodeDecodeError:
            pass
    data = path.read_bytes()
    try:
        data.decode("cp1252")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise ExtractRefused(
            path.name,
            f"byte 0x{data[e.start]:02x} is neither UTF-8 nor Windows-1252 text",
            line=line,
            expected="a CSV file encoded as UTF-8, UTF-8 with BOM or Windows-1252",
        ) from None
    return "cp1252"


def read_header(path: Path, encoding: str) -> list[str]:
    """The header row, refusing files that are empty or not comma-separated."""
    with path.open(encoding=encoding, newline="") as f:
        try:
            header = next(csv.reader(f), None)
        except csv.Error as e:
            raise ExtractRefused(path.name, f"the header row cannot be read: {e}", line=1) from None
    if not header or not any(h.strip() for h in header):
        raise ExtractRefused(
            path.name, "the file is empty", line=1, expected="a header row naming the columns"
        )
    if len(header) == 1 and any(d in header[0] for d in (";", "\t", "|")):
        raise ExtractRefused(
            path.name,
            "the header is not comma-separated",
            line=1,
            expected="columns separated by commas",
        )
    return header


def plan_columns(source: SourceFile, header: list[str]) -> list[str | None]:
    """Map file columns onto the contract; refuse duplicates and missing required ones.

    Returns, for each file column in order, the contract column it fills or
    None when it is ignored or dropped as personal data.
    """
    table, seen, mapping = source.table, {}, []
    for position, raw_name in enumerate(header, start=1):
        name = normalise_header(raw_name)
        if name in table.column_names:
            if name in seen:
                raise ExtractRefused(
                    source.name,
                    f"the column appears twice (columns {seen[name]} and {position})",
                    line=1,
                    column=name,
                    expected="each column once",
                )
            seen[name] = position
            mapping.append(name)
        else:
            (source.personal if is_personal(raw_name, table) else source.ignored).append(
                raw_name.strip() or f"(unnamed column {position})"
            )
            mapping.append(None)
    for column in table.columns:
        if column.not_null and column.name not in seen:
            raise ExtractRefused(
                source.name,
                "a required column is missing",
                line=1,
                column=column.name,
                expected=f"a header named {column.name}",
            )
    source.present = [c for c in table.column_names if c in seen]
    return mapping


def raw_json(values: dict[str, str | None]) -> str:
    """The reject's copy of a row: contract columns only, never personal data."""
    return json.dumps(values, ensure_ascii=False)


def create_staging(con: duckdb.DuckDBPyConnection, layout: Layout) -> str:
    """The empty staging table of a layout: _row, _line and its text columns."""
    cols = ", ".join(f'"{c}" VARCHAR' for c in layout.columns)
    con.execute(f"create or replace temp table {layout.target} (_row BIGINT, _line BIGINT, {cols})")
    return layout.target


def scan_records(
    path: Path,
    encoding: str,
    width: int,
    mapping: list[str | None],
    source: SourceFile,
    keep_values: bool,
):
    """Walk the CSV records with Python, yielding (line, fields) for good ones.

    Records with the wrong number of fields become structural rejects; blank
    lines are skipped. With keep_values False the fields are not yielded.
    """
    with path.open(encoding=encoding, newline="") as f:
        reader = csv.reader(f)
        next(reader)
        previous = reader.line_num
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                raise ExtractRefused(
                    source.name,
                    f"the file cannot be parsed as CSV: {e}",
                    line=previous + 1,
                    expected="comma-separated values quoted as Excel quotes them",
                ) from None
            line, previous = previous + 1, reader.line_num
            if not record or (len(record) == 1 and not record[0].strip()):
                continue
            if len(record) != width:
                kept = {c: v for c, v in zip(mapping, record, strict=False) if c}
                source.structural.append(
                    StructuralReject(
                        line,
                        f"the record has {len(record)} fields but the header has {width}",
                        raw_json(kept),
                    )
                )
                continue
            yield line, (record if keep_values else None)


def insert_batch(con, layout: Layout, mapping, lines, records) -> None:
    """Append records (lists of text in file-column order) with their lines to the staging table."""
    line_numbers = pa.array(lines, pa.int64())
    columns = {"_row": line_numbers, "_line": line_numbers}
    for c in layout.columns:
        if c in mapping:
            i = mapping.index(c)
            columns[c] = pa.array([r[i] for r in records], pa.string())
        else:
            columns[c] = pa.nulls(len(lines), pa.string())
    con.register("batch", pa.table(columns))
    con.execute(f"insert into {layout.target} select * from batch")
    con.unregister("batch")


def _utf8_copy(path: Path, encoding: str, workdir: Path) -> Path:
    """A UTF-8 copy without BOM for DuckDB's reader, which reads only UTF-8."""
    if encoding == "utf-8":
        return path
    fd, name = tempfile.mkstemp(suffix=".csv", dir=workdir)
    with (
        path.open(encoding=encoding, newline="") as src,
        os.fdopen(fd, "w", encoding="utf-8", newline="") as dst,
    ):
        while chunk := src.read(CHUNK):
            dst.write(chunk)
    return Path(name)


def stage_csv(
    con: duckdb.DuckDBPyConnection, source: SourceFile, workdir: Path, layout: Layout | None = None
) -> None:
    """Fill raw_<table> (or the layout's staging table) from a CSV file."""
    path, layout = source.path, layout or contract_layout(source.table)
    source.encoding = encoding = detect_encoding(path)
    header = read_header(path, encoding)
    mapping = layout.plan(source, header)
    raw_name = create_staging(con, layout)
    lines = [line for line, _ in scan_records(path, encoding, len(header), mapping, source, False)]

    utf8 = _utf8_copy(path, encoding, workdir)
    try:
        names = [f"c{i}" for i in range(len(header))]
        columns = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
        con.execute(
            "create or replace temp table _csv as select * from read_csv(?, delim=',', "
            "quote='\"', escape='\"', header=true, auto_detect=false, ignore_errors=true, "
            f"max_line_size=16777216, columns={columns})",
            [str(utf8)],
        )
    finally:
        if utf8 != path:
            utf8.unlink()
    (parsed,) = con.execute("select count(*) from _csv").fetchall()[0]
    if parsed == len(lines):
        line_numbers = pa.table(
            {
                "_ord": pa.array(range(len(lines)), pa.int64()),
                "_line": pa.array(lines, pa.int64()),
            }
        )
        con.register("line_numbers", line_numbers)
        selects = ", ".join(
            f'c{mapping.index(c)} as "{c}"' if c in mapping else f'null::varchar as "{c}"'
            for c in layout.columns
        )
        con.execute(
            f"insert into {raw_name} select l._line, l._line, {selects} from "
            "(select rowid as _ord, * from _csv) d join line_numbers l using (_ord)"
        )
        con.unregister("line_numbers")
    else:
        _stage_csv_exactly(con, source, layout, mapping, len(header))
    con.execute("drop table _csv")
    source.rows_read = len(lines) + len(source.structural)


def _stage_csv_exactly(con, source: SourceFile, layout: Layout, mapping, width: int) -> None:
    """The slow, exact path: Python's csv module reads every value."""
    source.structural.clear()
    lines, records = [], []
    for line, record in scan_records(source.path, source.encoding, width, mapping, source, True):
        lines.append(line)
        records.append(record)
        if len(lines) >= BATCH:
            insert_batch(con, layout, mapping, lines, records)
            lines, records = [], []
    if lines:
        insert_batch(con, layout, mapping, lines, records)


def stage_parquet(
    con: duckdb.DuckDBPyConnection, source: SourceFile, layout: Layout | None = None
) -> None:
    """Fill raw_<table> (or the layout's staging table) from a Parquet file, as text."""
    path, layout = source.path, layout or contract_layout(source.table)
    try:
        described = con.execute("describe select * from read_parquet(?)", [str(path)]).fetchall()
    except duckdb.Error as e:
        raise ExtractRefused(
            source.name,
            f"the file cannot be read as Parquet: {_first_line(e)}",
            expected="a Parquet file",
        ) from None
    header = [row[0] for row in described]
    types = {row[0]: row[1] for row in described}
    mapping = layout.plan(source, header)
    raw_name = create_staging(con, layout)
    selects = []
    for c in layout.columns:
        if c not in mapping:
            selects.append(f'null::varchar as "{c}"')
            continue
        original = header[mapping.index(c)].replace('"', '""')
        value = f'"{original}"'
        if types[original].startswith("TIMESTAMP WITH TIME ZONE"):
            value = f"timezone('Europe/London', {value})"  # UK local time, as the contract asks
        selects.append(f'cast({value} as varchar) as "{c}"')
    con.execute(
        f"insert into {raw_name} select file_row_number + 1, file_row_number + 1, "
        f"{', '.join(selects)} "
        "from read_parquet(?, file_row_number=true)",
        [str(path)],
    )
    source.rows_read = con.execute(f"select count(*) from {raw_name}").fetchone()[0]


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0]
