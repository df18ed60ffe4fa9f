"""Read one extract file into a staging table of text values with line numbers.

Every file, CSV, Parquet or Excel (excel.py), becomes the same shape: a
DuckDB table `raw_<table>` (temporary, or in the database every cursor of the load's
connection shares when files are read two at a time: Layout.database) with `_row`
(the row's identity), `_line` (the physical line of the record in a CSV, the 1-based
row number in a Parquet file, the row number in a worksheet) and one VARCHAR column
per contract column (NULL where the file lacks that optional column). Typing and validation happen
afterwards in SQL (validate.py), the same for every format.

A file read through a profile (profile.py) is staged the same way into
`src_<n>`, with one column per source column the profile uses, and staging.py
reshapes it into the contract's raw tables.

CSV: DuckDB's reader (fast) produces the values, and records.py finds from the file's bytes
the line each record starts on, vouching for the file only when every record is one that
Python's csv module would read the same way. The two are paired only when DuckDB rejected
nothing and read exactly as many records as records.py counted. A file with a hazard (a NUL
byte, stray bytes, an odd quote), one records.py cannot vouch for (a record with the wrong
number of fields, a carriage return alone) or one DuckDB reads differently, takes the exact
path: Python's csv module reads every record, and says what is wrong with each bad one.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from .contract import MAX_TEXT, Table, normalise_header
from .errors import ExtractRefused
from .personal import looks_personal, personal_kind, withhold
from .records import Lines, record_lines
from .sniff import CHUNK, SEPARATED, SEPARATORS, Sniffed, read_header, sniff

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
    raw: str | None  # JSON of the contract columns; None when the fields do not line up
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
    exact: bool = False  # a CSV file read by the exact path (Python's csv module)

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
    dated: frozenset[str] = frozenset()  # columns holding dates by right (see personal.py)
    # None: the staging table is a temporary one of the connection that reads the file; else
    # the attached database it is made in, which every cursor of the connection sees (a file
    # read on a cursor of its own, beside another: staging.stage_contract).
    database: str | None = None

    def named(self, name: str) -> str:
        """A staging object's name, in the layout's database."""
        return f"{self.database}.{name}" if self.database else name

    @property
    def table(self) -> str:
        """The staging table's name, as SQL refers to it."""
        return self.named(self.target)

    @property
    def records(self) -> str:
        """The table DuckDB's reader fills with a CSV file's records (see _stage_csv_fast)."""
        return self.named(f"_csv_{self.target}")

    def create(self, kind: str) -> str:
        """'create or replace <kind> <name>' for a staging table or view of the layout."""
        temporary = "" if self.database else "temp "
        return f"create or replace {temporary}{kind}"


def contract_layout(table: Table, database: str | None = None) -> Layout:
    """A contract file: its columns, matched by name, fill raw_<table> (in database, if
    given: see Layout.database)."""
    dated = frozenset(c.name for c in table.columns if c.kind in ("timestamp", "date"))
    return Layout(f"raw_{table.name}", table.column_names, plan_columns, dated, database)


def match_header(
    source: SourceFile, header: list[str], wanted: Container[str], *, name_as_written=False
) -> tuple[dict[str, int], list[str | None]]:
    """Match a file's header to the (normalised) column names wanted.

    Returns the position of each wanted column found and, for each file column in order,
    the name it fills or None; the others are noted on the source as ignored, or as personal
    data dropped. A wanted column given twice refuses the file, naming it as the contract
    does, or as the file writes it (name_as_written: a profile's columns).
    """
    seen, mapping = {}, []
    for position, raw_name in enumerate(header, start=1):
        name = normalise_header(raw_name)
        if name not in wanted:
            _note_unread(source, raw_name, position)
            mapping.append(None)
            continue
        if name in seen:
            raise ExtractRefused(
                source.name,
                f"the column appears twice (columns {seen[name]} and {position})",
                line=1,
                column=raw_name.strip() if name_as_written else name,
                expected="each column once",
            )
        seen[name] = position
        mapping.append(name)
    return seen, mapping


def _note_unread(source: SourceFile, raw_name: str, position: int) -> None:
    """Note a column that is not read: as personal data dropped, or as ignored. A header
    cell that is itself personal data (an e-mail address) is noted without its text."""
    label = raw_name.strip() or f"(unnamed column {position})"
    kind = personal_kind(label, dates=False)
    if kind:
        source.personal.append(f"(column {position}: its name looks like {kind}: not kept)")
    else:
        (source.personal if looks_personal(raw_name) else source.ignored).append(label)


def plan_columns(source: SourceFile, header: list[str]) -> list[str | None]:
    """Map file columns onto the contract; refuse duplicates and missing required ones.

    Returns, for each file column in order, the contract column it fills or
    None when it is ignored or dropped as personal data.
    """
    table = source.table
    seen, mapping = match_header(source, header, table.column_names)
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


def raw_json(values: dict[str, str | None], dated: Container[str] = ()) -> str:
    """The reject's copy of a row: contract columns only, never personal data, and no value
    longer than any contract value (it may be a narrative): such a value is replaced by its
    length, and one that looks like a person by what it looks like (dated: the columns that
    hold dates by right; personal.py)."""
    return json.dumps({c: _kept(v, c not in dated) for c, v in values.items()}, ensure_ascii=False)


def _kept(value: str | None, dates: bool) -> str | None:
    if value is not None and len(value) > MAX_TEXT:
        return f"({len(value)} characters, not kept)"
    return withhold(value, dates)


def create_staging(con: duckdb.DuckDBPyConnection, layout: Layout) -> str:
    """The empty staging table of a layout: _row, _line and its text columns."""
    cols = ", ".join(f'"{c}" VARCHAR' for c in layout.columns)
    con.execute(f"drop view if exists {layout.table}")  # a view a fast read made (see there)
    con.execute(f"{layout.create('table')} {layout.table} (_row BIGINT, _line BIGINT, {cols})")
    return layout.table


def scan_records(
    path: Path,
    sniffed: Sniffed,
    width: int,
    mapping: list[str | None],
    source: SourceFile,
    dated: Container[str] = (),
):
    """Walk the CSV records with Python, yielding (line, fields) for good ones.

    Records that cannot be trusted become structural rejects: the wrong number of fields,
    a NUL byte, bytes that are not UTF-8 in a UTF-8 file, and a last record that runs to the
    end of the file because a quote in it is never closed (it swallowed the lines after it).
    Blank lines are skipped.
    """
    with path.open(encoding=sniffed.encoding, errors=sniffed.errors, newline="") as f:
        reader = csv.reader(f, delimiter=sniffed.delimiter)
        next(reader)
        previous = reader.line_num
        pending = None  # the latest record, held until we know whether it is the last
        while True:
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as e:
                raise ExtractRefused(
                    source.name,
                    f"the file cannot be parsed as CSV: {e}",
                    line=previous + 1,
                    expected=f"{SEPARATED[sniffed.delimiter]}-separated values quoted as Excel "
                    "quotes them",
                ) from None
            line, previous = previous + 1, reader.line_num
            if not record or (len(record) == 1 and not record[0].strip()):
                continue
            if pending is not None:
                yield from _judge(pending, width, mapping, source, sniffed, dated)
            pending = (line, reader.line_num, record, None)
        if pending is not None:
            line, last_line, record, _ = pending
            unclosed = None
            if sniffed.odd_quotes and last_line > line:
                unclosed = (
                    f"a quote opened in this record is never closed, so it swallowed the rest "
                    f"of the file (lines {line + 1} to {last_line})"
                )
            yield from _judge(
                (line, last_line, record, unclosed),
                width,
                mapping,
                source,
                sniffed,
                dated,
            )


def _judge(held, width: int, mapping, source: SourceFile, sniffed: Sniffed, dated):
    """Yield a record that can be trusted; make the others structural rejects.

    A reject keeps a copy of the record's contract columns only while its fields line up
    with the header: when the count is wrong, or a quote swallowed later lines, a field's
    position says nothing about its column (a dropped personal column could land in a kept
    one), so nothing is kept but the line and the reason.
    """
    line, _, record, unclosed = held
    problem, aligned = (unclosed, False) if unclosed else _record_problem(record, width, sniffed)
    if problem:
        kept = {c: v for c, v in zip(mapping, record, strict=True) if c} if aligned else None
        source.structural.append(
            StructuralReject(line, problem, raw_json(kept, dated) if kept is not None else None)
        )
    else:
        yield line, record


def _record_problem(record: list[str], width: int, sniffed: Sniffed) -> tuple[str | None, bool]:
    """(what is wrong with a record or None, whether its fields still line up)."""
    if len(record) != width:
        said = f"the record has {len(record)} fields but the header has {width}"
        other = "," if sniffed.delimiter == "\t" else "\t"
        if len(record) == 1 and record[0].count(other) == width - 1:
            said += (
                f": it is separated by {SEPARATORS[other]}, the header by "
                f"{SEPARATORS[sniffed.delimiter]}"
            )
        return said, False
    if sniffed.nul and any("\x00" in v for v in record):
        return "the record holds a NUL byte: binary data in a text file", True
    if sniffed.stray_bytes and any("\ufffd" in v for v in record):
        return (
            "the record holds bytes that are not valid UTF-8 text (the rest of the file is)",
            True,
        )
    return None, True


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
    con.execute(f"insert into {layout.table} select * from batch")
    con.unregister("batch")


def _utf8_copy(path: Path, encoding: str, workdir: Path) -> Path:
    """A UTF-8 copy for DuckDB's reader, which reads UTF-8 (a UTF-8 BOM it skips itself)."""
    if encoding in ("utf-8", "utf-8-sig"):
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
    con: duckdb.DuckDBPyConnection, source: SourceFile, workdir: Path, layout: Layout
) -> None:
    """Fill the layout's staging table from a CSV file: by DuckDB's reader when the file's
    bytes vouch for every record's line (records.py) and DuckDB reads those very records,
    else by the exact path, Python's csv module record by record."""
    sniffed = sniff(source.path)
    header, sniffed = read_header(source.path, sniffed)
    source.encoding = sniffed.encoding
    mapping = layout.plan(source, header)
    create_staging(con, layout)
    good = None
    if not sniffed.needs_exact_read:  # a NUL byte, stray bytes or an odd quote: Python reads
        good = _stage_csv_fast(con, source, layout, mapping, len(header), sniffed, workdir)
    if good is None:
        good = _stage_csv_exactly(con, source, layout, mapping, len(header), sniffed)
        source.exact = True
    source.rows_read = good + len(source.structural)


def _stage_csv_fast(
    con, source: SourceFile, layout: Layout, mapping, width: int, sniffed: Sniffed, workdir
) -> int | None:
    """DuckDB's reader, each record given the line records.py found for it; the records
    staged, or None when the exact path must read the file instead.

    When every record is one line (nearly always), the staging table is a view over
    DuckDB's records (its line is the record's position + 2), not a copy of them."""
    utf8 = _utf8_copy(source.path, sniffed.encoding, workdir)
    records = layout.records
    kept = False
    try:
        lines = record_lines(utf8, width, sniffed.delimiter)
        if lines is None:
            return None
        read = _read_with_duckdb(con, utf8, layout, sniffed.delimiter, width, mapping)
        if read is not None and read != lines.count and lines.plain:  # a blank line skipped
            lines = record_lines(utf8, width, sniffed.delimiter, plain=False)
        if lines is None or read != lines.count:
            return None
        kept = _stage_read_by_duckdb(con, layout, mapping, lines, records)
        return lines.count
    finally:
        if not kept:
            con.execute(f"drop table if exists {records}")
        if utf8 != source.path:
            utf8.unlink()


def _read_with_duckdb(
    con, path: Path, layout: Layout, delimiter: str, width: int, mapping
) -> int | None:
    """DuckDB's reader into the layout's records table (the columns it uses, c<position>);
    the records it read, or None when it rejected any (the exact path then reads the file,
    and says why)."""
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    used = ", ".join(f"c{i}" for i, c in enumerate(mapping) if c) or "c0"
    try:
        con.execute(
            f"{layout.create('table')} {layout.records} as select {used} from read_csv(?, "
            f"delim={sql_literal(delimiter)}, quote='\"', escape='\"', header=true, "
            "auto_detect=false, store_rejects=true, rejects_table='_csv_rejects', "
            f"rejects_scan='_csv_scans', max_line_size=16777216, columns={columns})",
            [str(path)],
        )
        rejected = con.execute("select count(*) from _csv_rejects").fetchall()[0][0]
    except duckdb.Error:
        return None
    finally:
        con.execute("drop table if exists _csv_rejects")
        con.execute("drop table if exists _csv_scans")
    if rejected:
        return None
    return con.execute(f"select count(*) from {layout.records}").fetchall()[0][0]


def sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _stage_read_by_duckdb(con, layout: Layout, mapping, lines: Lines, records: str) -> bool:
    """The staging table from DuckDB's records (in `records`, in file order), each given its
    line: the n-th record's line is n + 1 (the header is line 1) when every record is one
    line, and the staging table is then a view over `records` (True: keep them); else the
    n-th of lines.starts, copied with the records into the staging table (False)."""
    selects = ", ".join(
        f'c{mapping.index(c)} as "{c}"' if c in mapping else f'null::varchar as "{c}"'
        for c in layout.columns
    )
    if lines.starts is None:
        con.execute(f"drop table if exists {layout.table}")
        con.execute(
            f"{layout.create('view')} {layout.table} as "
            f"select rowid + 2 as _row, rowid + 2 as _line, {selects} from {records}"
        )
        return True
    numbers = pa.table(
        {"_ord": pa.array(range(lines.count), pa.int64()), "_line": pa.array(lines.starts)}
    )
    con.register("line_numbers", numbers)
    try:
        con.execute(
            f"insert into {layout.table} select l._line, l._line, {selects} from "
            f"(select rowid as _ord, * from {records}) d join line_numbers l using (_ord)"
        )
    finally:
        con.unregister("line_numbers")
    return False


def _stage_csv_exactly(
    con, source: SourceFile, layout: Layout, mapping, width: int, sniffed: Sniffed
) -> int:
    """The slow, exact path: Python's csv module reads every value. Returns the records
    staged (structural rejects are in source.structural, made afresh)."""
    source.structural.clear()
    records = scan_records(source.path, sniffed, width, mapping, source, layout.dated)
    return insert_records(con, layout, mapping, records)


def insert_records(
    con, layout: Layout, mapping, records: Iterable[tuple[int, list]], batch: int = BATCH
) -> int:
    """Stage (line, record) pairs, batch at a time; returns how many there were."""
    staged, lines, values = 0, [], []
    for line, record in records:
        staged += 1
        lines.append(line)
        values.append(record)
        if len(lines) >= batch:
            insert_batch(con, layout, mapping, lines, values)
            lines, values = [], []
    if lines:
        insert_batch(con, layout, mapping, lines, values)
    return staged


def stage_parquet(con: duckdb.DuckDBPyConnection, source: SourceFile, layout: Layout) -> None:
    """Fill the layout's staging table from a Parquet file, as text."""
    path = source.path
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
