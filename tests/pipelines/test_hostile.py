"""Hostile extracts: what real exports throw at the loader, each with its expected outcome.

Every case ends in one of two ways, never a traceback, a silent drop or a half load:
- refused: ExtractRefused, whose message names the file (and line and column where there is
  one) and what was expected; the database is byte-for-byte as it was;
- loaded: the load commits; every row read is loaded, rejected or skipped (the counts add
  up), and each rejected row is in load_rejects with its line, column and reason.

The corpus is the CASES table below: the files of each case (as bytes), and its outcome worked
out by hand. Each case loads on top of a database that already holds crime OLD, so a refusal
can be seen to leave it untouched. A property-based test (hypothesis) then fuzzes row values
and checks that loaded + rejected = read.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.__main__ import load_extract
from pipelines.errors import ExtractRefused
from tests.helpers import CLASS_HEADER, CRIMES_HEADER, query

AS_AT = "2025-04-01T06:00:00"
CLASS_C1 = f"{CLASS_HEADER}\nC1,8Q,true,2025-03-01 10:00,\n".encode()


@dataclass
class Case:
    files: dict[str, bytes]
    refused: tuple[str, ...] = ()  # phrases of the refusal message, file name first
    loaded: dict[str, int] = field(default_factory=dict)  # table -> rows loaded
    rejects: list[tuple] = field(default_factory=list)  # (table, line, column, reason phrase)
    check: str | None = None  # SQL returning one value ...
    expect: object = None  # ... that must equal this


def crimes(*rows: str, header: str = CRIMES_HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def utf16(data: bytes, order: str = "le", bom: bool = True) -> bytes:
    """UTF-8 bytes as UTF-16 in the given byte order, with its byte-order mark or without."""
    marks = {"le": codecs.BOM_UTF16_LE, "be": codecs.BOM_UTF16_BE}
    return (marks[order] if bom else b"") + data.decode().encode(f"utf-16-{order}")


def tabbed(data: bytes) -> bytes:
    """A comma-separated text whose values hold no comma, separated by tabs instead."""
    return data.replace(b",", b"\t")


# Line 3 of a UTF-16 file with a stray byte after its "C2": every character after it is shifted.
_UTF16 = utf16(crimes("C1,2025-03-01 10:00,A,open", "C2,2025-03-01 10:00,B,open"))
_AFTER_C2 = _UTF16.index("C2".encode("utf-16-le")) + 4

CASES: dict[str, Case] = {
    # --- encodings -----------------------------------------------------------------------
    "utf-8 with BOM": Case(
        {
            "crimes.csv": b"\xef\xbb\xbf" + crimes("C1,2025-03-01 10:00,Zoë,open"),
            "classifications.csv": CLASS_C1,
        },
        loaded={"crimes": 1},
        check="select area_code from crimes where crime_ref = 'C1'",
        expect="Zoë",
    ),
    "windows-1252": Case(
        {
            "crimes.csv": crimes("C1,2025-03-01 10:00,Café,open").decode().encode("cp1252"),
            "classifications.csv": CLASS_C1,
        },
        loaded={"crimes": 1},
        check="select area_code from crimes where crime_ref = 'C1'",
        expect="Café",
    ),
    "a stray invalid byte in a UTF-8 file": Case(
        # line 2 is good UTF-8 (Zoë); line 3 holds byte 0x81, invalid in UTF-8 and cp1252
        {
            "crimes.csv": CRIMES_HEADER.encode() + b"\nC1,2025-03-01 10:00,Zo\xc3\xab,open\n"
            b"C2,2025-03-01 10:00,A\x81,open\n",
            "classifications.csv": CLASS_C1,
        },
        loaded={"crimes": 1},
        rejects=[("crimes", 3, None, "not valid UTF-8")],
        check="select area_code from crimes where crime_ref = 'C1'",
        expect="Zoë",
    ),
    # UTF-16 with a byte-order mark (Excel's "Unicode text"), comma- or tab-separated, and
    # tab-separated UTF-8 and Windows-1252: each loads as the same values
    "UTF-16 little-endian with a BOM, comma-separated": Case(
        {
            "crimes.csv": utf16(crimes("C1,2025-03-01 10:00,Zoë,open")),
            "classifications.csv": CLASS_C1,
        },
        loaded={"crimes": 1, "classifications": 1},
        check="select area_code || ' line ' || source_line from crimes where crime_ref = 'C1'",
        expect="Zoë line 2",
    ),
    "UTF-16 big-endian with a BOM, tab-separated": Case(
        {
            "crimes.csv": utf16(tabbed(crimes("C1,2025-03-01 10:00,Zoë,open")), "be"),
            "classifications.csv": utf16(tabbed(CLASS_C1), "be"),
        },
        loaded={"crimes": 1, "classifications": 1},
        check="select area_code from crimes where crime_ref = 'C1'",
        expect="Zoë",
    ),
    "tab-separated UTF-8": Case(
        {
            "crimes.csv": tabbed(
                crimes("C1,2025-03-01 10:00,Zoë,open", "C2,2025-03-01 10:00,B,open")
            ),
            "classifications.csv": tabbed(CLASS_C1),
        },
        loaded={"crimes": 2, "classifications": 1},
        check="select string_agg(area_code || ' line ' || source_line, ', ' order by source_line) "
        "from crimes where crime_ref <> 'OLD'",
        expect="Zoë line 2, B line 3",
    ),
    "tab-separated Windows-1252": Case(
        {
            "crimes.csv": tabbed(crimes("C1,2025-03-01 10:00,Café,open")).decode().encode("cp1252"),
            "classifications.csv": CLASS_C1,
        },
        loaded={"crimes": 1},
        check="select area_code from crimes where crime_ref = 'C1'",
        expect="Café",
    ),
    "UTF-16 without a byte-order mark is refused as looking like UTF-16": Case(
        {
            "crimes.csv": utf16(crimes("C1,2025-03-01 10:00,A,open"), bom=False),
            "classifications.csv": CLASS_C1,
        },
        refused=("crimes.csv: ", "looks like UTF-16 (little-endian)", "without a byte-order mark"),
    ),
    "a short UTF-16 big-endian file without a byte-order mark": Case(
        # 22 bytes: too short to be called binary, but NULs on every other byte beside text
        {"crimes.csv": utf16(b"crime_ref\nC1\n", "be", bom=False), "classifications.csv": CLASS_C1},
        refused=("crimes.csv: ", "looks like UTF-16 (big-endian)"),
    ),
    "UTF-16 with a stray odd byte": Case(
        {
            "crimes.csv": _UTF16[:_AFTER_C2] + b"\x00" + _UTF16[_AFTER_C2:],
            "classifications.csv": CLASS_C1,
        },
        refused=(
            "crimes.csv, line 3: ",
            "a stray byte in this line",
            "UTF-16 text as it was saved",
        ),
    ),
    "a header that mixes tabs and commas": Case(
        {
            "crimes.csv": b"crime_ref\treported_at,area_code\tstatus\nC1\t2025-03-01,A\topen\n",
            "classifications.csv": CLASS_C1,
        },
        # by tabs: crime_ref | reported_at,area_code | status (3 cells); by commas: 2
        refused=("crimes.csv, line 1: ", "mixes tabs and commas", "3 cells between tabs"),
    ),
    "a comma-separated record in a tab-separated file": Case(
        {
            "crimes.csv": tabbed(crimes("C1,2025-03-01 10:00,A,open"))
            + b"C2,2025-03-01 10:00,B,open\n",
            "classifications.csv": CLASS_C1,
        },
        loaded={"crimes": 1},
        rejects=[("crimes", 3, None, "it is separated by commas, the header by tabs")],
    ),
    # --- dates ---------------------------------------------------------------------------
    "month-first and impossible dates": Case(
        {
            "crimes.csv": crimes(
                "C1,2025-03-01 10:00,A,open",
                "C2,03/15/2025,A,open",
                "C3,31/02/2025,A,open",
                "C4,2025-13-01,A,open",
            ),
            "classifications.csv": CLASS_C1,
        },
        loaded={"crimes": 1},
        rejects=[
            ("crimes", 3, "reported_at", "not a date and time"),
            ("crimes", 4, "reported_at", "not a date and time"),
            ("crimes", 5, "reported_at", "not a date and time"),
        ],
    ),
    "a month-only date without a profile that reads it": Case(
        # police.uk's 2018-12: no day, so no date, and the reason names the profile key
        {
            "crimes.csv": crimes("C1,2025-03-01 10:00,A,open", "C2,2018-12,A,open"),
            "classifications.csv": CLASS_C1,
        },
        loaded={"crimes": 1},
        rejects=[("crimes", 3, "reported_at", 'when it says so (date_formats = ["%Y-%m"])')],
    ),
    "an ambiguous date is read day-first": Case(
        {"crimes.csv": crimes("C1,04/03/2025 10:00,A,open"), "classifications.csv": CLASS_C1},
        loaded={"crimes": 1},
        check="select strftime(reported_at, '%d %B') from crimes where crime_ref = 'C1'",
        expect="04 March",
    ),
    # --- Excel-mangled values ------------------------------------------------------------
    "crime refs turned into scientific notation": Case(
        {
            "crimes.csv": crimes("C1,2025-03-01 10:00,A,open", "1.23E+05,2025-03-01 10:00,A,open"),
            "classifications.csv": CLASS_C1,
        },
        loaded={"crimes": 1},
        rejects=[("crimes", 3, "crime_ref", "scientific notation")],
    ),
    "leading zeros lost in one file": Case(
        # crimes keeps 0012345; Excel turned the classifications' copy into 12345
        {
            "crimes.csv": crimes("0012345,2025-03-01 10:00,A,open"),
            "classifications.csv": f"{CLASS_HEADER}\n12345,8Q,true,2025-03-01 10:00,\n".encode(),
        },
        loaded={"crimes": 1, "classifications": 0},
        rejects=[("classifications", 2, "crime_ref", "neither in this extract")],
        check="select count(*) from dq_crimes_without_principal",
        expect=1,
    ),
    "dates as Excel serial numbers": Case(
        {
            "crimes.csv": crimes("C1,2025-03-01 10:00,A,open", "C2,45717,A,open"),
            "classifications.csv": CLASS_C1,
        },
        loaded={"crimes": 1},
        rejects=[("crimes", 3, "reported_at", "Excel serial")],
    ),
    # --- text fields ---------------------------------------------------------------------
    "a formula in a text field is kept as text": Case(
        {
            "crimes.csv": crimes('C1,2025-03-01 10:00,"=HYPERLINK(""http://x"",""y"")",open'),
            "classifications.csv": CLASS_C1,
        },
        loaded={"crimes": 1},
        check="select area_code from crimes where crime_ref = 'C1'",
        expect='=HYPERLINK("http://x","y")',
    ),
    "a formula in an enumeration is rejected": Case(
        {
            "crimes.csv": crimes("C1,2025-03-01 10:00,A,open", "C2,2025-03-01 10:00,A,=1+1"),
            "classifications.csv": CLASS_C1,
        },
        loaded={"crimes": 1},
        rejects=[("crimes", 3, "status", "not one of the allowed")],
    ),
    "embedded newlines in a quoted field": Case(
        {
            "crimes.csv": crimes(
                'C1,2025-03-01 10:00,"North\nEast",open', "C2,2025-03-01 10:00,B,open"
            ),
            "classifications.csv": f"{CLASS_HEADER}\nC1,8Q,true,2025-03-01 10:00,\n"
            "C2,8Q,true,2025-03-01 10:00,\n".encode(),
        },
        loaded={"crimes": 2},
        check="select area_code from crimes where crime_ref = 'C1'",
        expect="North\nEast",
    ),
    "a NUL byte": Case(
        {
            "crimes.csv": crimes("C1,2025-03-01 10:00,A,open", "C2,2025-03-01 10:00,A\x00B,open"),
            "classifications.csv": CLASS_C1,
        },
        loaded={"crimes": 1},
        rejects=[("crimes", 3, None, "NUL")],
    ),
    "a 1 MB field is quarantined and not kept": Case(
        {
            "crimes.csv": crimes(
                "C1,2025-03-01 10:00,A,open", "C2,2025-03-01 10:00," + "x" * 1_048_576 + ",open"
            ),
            "classifications.csv": CLASS_C1,
        },
        loaded={"crimes": 1},
        rejects=[("crimes", 3, "area_code", "characters")],
        check="select max(length(coalesce(value, '')) + length(coalesce(raw, ''))) "
        "from load_rejects",
        expect=lambda n: n < 2_000,
    ),
    # --- shape ---------------------------------------------------------------------------
    "header-only files load nothing": Case(
        {"crimes.csv": crimes(), "classifications.csv": f"{CLASS_HEADER}\n".encode()},
        loaded={"crimes": 0, "classifications": 0},
    ),
    "an empty file": Case(
        {"crimes.csv": b"", "classifications.csv": CLASS_C1},
        refused=("crimes.csv", "the file is empty"),
    ),
    "a duplicate header": Case(
        {
            "crimes.csv": crimes(
                "C1,2025-03-01 10:00,A,open,B", header=CRIMES_HEADER + ",area_code"
            ),
            "classifications.csv": CLASS_C1,
        },
        refused=("crimes.csv", "column area_code", "appears twice"),
    ),
    "no header row": Case(
        {"crimes.csv": b"C1,2025-03-01 10:00,A,open\n", "classifications.csv": CLASS_C1},
        refused=("crimes.csv", "a required column is missing", "crime_ref"),
    ),
    "a blank header cell": Case(
        {
            "crimes.csv": crimes("C1,2025-03-01 10:00,A,open,x", header=CRIMES_HEADER + ","),
            "classifications.csv": CLASS_C1,
        },
        loaded={"crimes": 1},
    ),
    "extra and personal-data columns": Case(
        {
            "crimes.csv": crimes(
                "C1,2025-03-01 10:00,A,open,Jane Doe,14 Elm Road,blue",
                header=CRIMES_HEADER + ",Victim Name,Home Address,beat_colour",
            ),
            "classifications.csv": CLASS_C1,
        },
        loaded={"crimes": 1},
        check="select personal_columns_dropped from load_tables "
        "where table_name = 'crimes' and load_id = 2",
        expect=["Victim Name", "Home Address"],
    ),
    "a truncated last line": Case(
        {
            "crimes.csv": crimes("C1,2025-03-01 10:00,A,open")[:-1] + b"\nC2,2025-03-0",
            "classifications.csv": CLASS_C1,
        },
        loaded={"crimes": 1},
        rejects=[("crimes", 3, None, "2 fields but the header has 4")],
    ),
    "a quote never closed swallows the rest of the file": Case(
        {
            "crimes.csv": crimes(
                "C1,2025-03-01 10:00,A,open",
                'C2,2025-03-01 10:00,"A,open',
                "C3,2025-03-01 10:00,A,open",
                "C4,2025-03-01 10:00,A,open",
            ),
            "classifications.csv": CLASS_C1,
        },
        loaded={"crimes": 1},
        rejects=[("crimes", 3, None, "never closed")],
    ),
    "a workbook saved as .csv": Case(
        {
            "crimes.csv": b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4,
            "classifications.csv": CLASS_C1,
        },
        refused=("crimes.csv", "not a text file"),
    ),
    "an image saved as .csv": Case(
        {
            "crimes.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64,
            "classifications.csv": CLASS_C1,
        },
        refused=("crimes.csv", "not a text file"),
    ),
    "semicolon-separated": Case(
        {
            "crimes.csv": b"crime_ref;reported_at;area_code;status\nC1;2025-03-01;A;open\n",
            "classifications.csv": CLASS_C1,
        },
        refused=("crimes.csv", "not comma-separated"),
    ),
    "two parsers that disagree record by record": Case(
        # DuckDB's reader takes line 2 (a trailing comma) and drops line 4 (text after a
        # closing quote); Python rejects line 2 and reads line 4 as CR/3x. The counts agree,
        # so values must not be paired with lines by position: each crime keeps its own line.
        {
            "crimes.csv": crimes(
                "CR/1,2025-03-01 10:00,A,open,",
                "CR/2,2025-03-01 10:00,A,open",
                '"CR/3"x,2025-03-01 10:00,A,open',
            ),
            "classifications.csv": f"{CLASS_HEADER}\nCR/2,8Q,true,2025-03-01 10:00,\n"
            "CR/3x,8Q,true,2025-03-01 10:00,\n".encode(),
        },
        loaded={"crimes": 2, "classifications": 2},
        rejects=[("crimes", 2, None, "5 fields but the header has 4")],
        check="select string_agg(crime_ref || ' line ' || source_line, ', ' order by source_line) "
        "from crimes where crime_ref <> 'OLD'",
        expect="CR/2 line 3, CR/3x line 4",
    ),
    # --- keys and relationships ----------------------------------------------------------
    "duplicate keys: the first wins": Case(
        {
            "crimes.csv": crimes("C1,2025-03-01 10:00,A,open", "C1,2025-03-02 10:00,B,open"),
            "classifications.csv": CLASS_C1,
        },
        loaded={"crimes": 1},
        rejects=[("crimes", 3, "crime_ref", "duplicate key")],
        check="select area_code from crimes where crime_ref = 'C1'",
        expect="A",
    ),
    "orphan child rows": Case(
        {
            "crimes.csv": crimes("C1,2025-03-01 10:00,A,open"),
            "classifications.csv": CLASS_C1 + b"C9,8Q,true,2025-03-01 10:00,\n",
            "victims.csv": b"crime_ref,victim_id\nC9,V1\n",
        },
        loaded={"crimes": 1, "classifications": 1, "victims": 0},
        rejects=[
            ("classifications", 3, "crime_ref", "neither in this extract"),
            ("victims", 2, "crime_ref", "neither in this extract"),
        ],
    ),
    "a crime with two current principal classifications": Case(
        {
            "crimes.csv": crimes("C1,2025-03-01 10:00,A,open"),
            "classifications.csv": CLASS_C1 + b"C1,8L,true,2025-03-01 11:00,\n",
        },
        loaded={"crimes": 1, "classifications": 0},
        rejects=[
            ("classifications", 2, "is_principal", "2 current principal"),
            ("classifications", 3, "is_principal", "2 current principal"),
        ],
    ),
}


def parquet(rows: dict[str, list]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = io.BytesIO()
    pq.write_table(pa.table(rows), sink)
    return sink.getvalue()


CASES["a Parquet file with wrong types"] = Case(
    # reported_at as whole seconds since 1970, is_principal as the text 'sometimes'
    {
        "crimes.parquet": parquet(
            {
                "crime_ref": ["C1", "C2"],
                "reported_at": ["2025-03-01 10:00", "2025-03-01 10:00"],
                "area_code": ["A", "A"],
                "status": ["open", "open"],
            }
        ),
        "classifications.parquet": parquet(
            {
                "crime_ref": ["C1", "C2"],
                "offence_code": ["8Q", "8Q"],
                "is_principal": ["true", "sometimes"],
                "classified_at": [1740823200, 1740823200],
                "removed_at": [None, None],
            }
        ),
    },
    loaded={"crimes": 2, "classifications": 0},
    rejects=[
        ("classifications", 1, "classified_at", "not a date and time"),
        ("classifications", 2, "classified_at", "not a date and time"),
        ("classifications", 2, "is_principal", "not a yes/no value"),
    ],
)
CASES["a file that is not Parquet"] = Case(
    {"crimes.parquet": b"crime_ref,reported_at\nC1,2025-03-01\n", "classifications.csv": CLASS_C1},
    refused=("crimes.parquet", "cannot be read as Parquet"),
)


@pytest.fixture(scope="module")
def old_db(tmp_path_factory):
    """A database holding crime OLD, built once; each case loads onto a copy."""
    folder = tmp_path_factory.mktemp("old")
    (folder / "crimes.csv").write_bytes(crimes("OLD,2025-01-01 10:00,A,open"))
    (folder / "classifications.csv").write_text(f"{CLASS_HEADER}\nOLD,8Q,true,2025-01-01 10:00,\n")
    (folder / "manifest.json").write_text(json.dumps({"extracted_at": "2025-02-01T06:00:00"}))
    db = folder / "old.duckdb"
    load_extract(folder, db)
    return db


@pytest.fixture
def db_with_old(tmp_path, old_db):
    """A copy of the database holding crime OLD, so a refused load can be seen to change
    nothing."""
    db = tmp_path / "db" / "stalking.duckdb"
    db.parent.mkdir()
    shutil.copyfile(old_db, db)
    return db


def write(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / "manifest.json").write_text(json.dumps({"extracted_at": AS_AT}))
    return folder


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_extract(tmp_path, db_with_old, name):
    case = CASES[name]
    extract = write(tmp_path / "x", case.files)
    before = db_with_old.read_bytes()
    if case.refused:
        with pytest.raises(ExtractRefused) as refused:
            load_extract(extract, db_with_old)
        message = refused.value.describe()
        assert message.startswith(case.refused[0]), message
        for phrase in case.refused[1:]:
            assert phrase in message, message
        assert db_with_old.read_bytes() == before
        return
    report = load_extract(extract, db_with_old)  # any other exception fails the test
    for t in report.tables:
        assert t.read == t.loaded + t.rejected + t.skipped, (t.table, t)
    counts = {t.table: t.loaded for t in report.tables}
    assert {k: counts.get(k) for k in case.loaded} == case.loaded
    found = query(
        db_with_old,
        "select table_name, line, column_name, reason from load_rejects "
        "where load_id = 2 order by table_name, line, column_name",
    )
    assert len(found) == len(case.rejects), found
    for (table, line, column, reason), expected in zip(found, case.rejects, strict=True):
        assert (table, line, column) == expected[:3], found
        assert expected[3] in reason, reason
    if case.check:
        value = query(db_with_old, case.check)[0][0]
        assert case.expect(value) if callable(case.expect) else value == case.expect, value
    assert query(db_with_old, "select count(*) from crimes where crime_ref = 'OLD'") == [(1,)]


# --- property: every row read is loaded or rejected, whatever its values ---------------------

VALUE = st.one_of(
    st.text(max_size=12),  # any unicode, commas, quotes, newlines, NULs
    st.sampled_from(
        [
            "",
            " ",
            "open",
            "OPEN ",
            "closed",
            "yes",
            "2025-03-01",
            "01/03/2025 10:00",
            "03/15/2025",
            "1.2E+05",
            "45717",
            "=1+1",
            '"',
            "\r\n",
            "high",
            "8Q",
        ]
    ),
)
COLUMNS = [
    "crime_ref",
    "reported_at",
    "area_code",
    "status",
    "risk_level",
    "online_element",
    "latitude",
]
ROW = st.fixed_dictionaries(
    {
        "crime_ref": st.one_of(st.text(max_size=6), st.sampled_from(["C1", "C2", "C3"])),
        "reported_at": VALUE,
        "area_code": VALUE,
        "status": VALUE,
        "risk_level": VALUE,
        "online_element": VALUE,
        "latitude": VALUE,
    }
)


def broken(row: dict, how: str) -> str:
    """A good row broken as exports break them: a trailing extra comma, a quoted field with
    text after its closing quote ("C3"x), a field missing, or stray quotes and line breaks."""
    simple = {k: "".join(ch for ch in v if ch.isalnum() or ch in " /-:") for k, v in row.items()}
    fields = [simple[c] for c in COLUMNS]
    if how == "extra":
        return ",".join(fields) + ","
    if how == "quoted":
        return ",".join([f'"{fields[0]}"x', *fields[1:]])
    return ",".join(fields[:-1])


BROKEN = st.one_of(
    st.builds(broken, ROW, st.sampled_from(["extra", "quoted", "short"])),
    st.text(alphabet=',"ab \r\n0', min_size=1, max_size=16),
)


def records_by_line(text: str) -> dict[int, list[str]]:
    """The non-blank records of a CSV text by the line each starts on (header excluded), as
    Python's csv module reads text quoted as Excel quotes it."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    found, previous = {}, reader.line_num
    for record in reader:
        line, previous = previous + 1, reader.line_num
        if record and not (len(record) == 1 and not record[0].strip()):
            found[line] = record
    return found


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(lines=st.lists(st.one_of(ROW, BROKEN), max_size=12))
def test_every_row_read_is_loaded_or_rejected_and_stored_on_its_own_line(tmp_path_factory, lines):
    """Fuzzed values and broken lines: read = loaded + rejected; every stored crime holds the
    values of the record on the line it says it came from (the fast reader and the exact one
    must never pair one record's values with another's line)."""
    folder = tmp_path_factory.mktemp("fuzz")
    buffer = io.StringIO()
    # quoted as Excel quotes: a field holding a comma, a quote, CR or LF is quoted
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for line in lines:
        if isinstance(line, dict):
            writer.writerow(line)
        else:
            buffer.write(line + "\r\n")
    text = buffer.getvalue()
    (folder / "crimes.csv").write_text(text, encoding="utf-8", newline="")
    (folder / "classifications.csv").write_text(f"{CLASS_HEADER}\n")
    (folder / "manifest.json").write_text(json.dumps({"extracted_at": AS_AT}))
    db = folder / "db.duckdb"
    try:
        report = load_extract(folder, db)
    except ExtractRefused:  # a clear refusal (mostly NUL bytes, say) is an allowed outcome
        assert not db.exists()
        return
    crimes_counts = {t.table: t for t in report.tables}["crimes"]
    records = records_by_line(text)
    assert crimes_counts.read == len(records)
    assert crimes_counts.read == crimes_counts.loaded + crimes_counts.rejected
    with duckdb.connect(str(db), read_only=True) as con:
        stored = con.execute("select crime_ref, area_code, source_line from crimes").fetchall()
        rejected_lines = con.execute(
            "select count(distinct line) from load_rejects where table_name = 'crimes'"
        ).fetchone()[0]
    assert len(stored) == crimes_counts.loaded and rejected_lines == crimes_counts.rejected
    for crime_ref, area_code, line in stored:
        record = records[line]
        assert crime_ref == record[0].strip()
        assert area_code == (record[2].strip() or None)
