"""The validate stage's shortcuts find what the checks they stand for find.

The typing pass marks the rows a cheap superset of the value checks catches (_sieved), and the
reasons are worked out for those rows alone: every row any value check holds for must be
marked. An enumeration's word as written is compared, not rewritten, and is no person: the
typed value and the screen must be those of the full reading.
"""

from __future__ import annotations

import re
from datetime import datetime

import duckdb
import pytest

from common.personal import DATES, VALUE_PATTERNS
from pipelines.contract import MAX_TEXT, TABLES_BY_NAME
from pipelines.parallel import shared
from pipelines.validate import find_personal_values, start_rejects, type_table
from pipelines.values import CONTRACT, Dialect, parse_expression, value_checks

NASTY = [
    None, "", "   ", "x" * 250, "07700 900123", "SW1A 1AA", "jo@example.org", "@jsmith",
    "12/03/1987", "1.2E+10", "45000", "45000.5", "2024-13", "2024-11", "2030-01-01 00:00",
    "2024-11-15 24:00", "03/04/2025 14:05", "2024-11-15T10:00:00.123", "2024-11-15", "yes",
    "N", "maybe", "70", "-20", "51.5", "-0.1", "0", "1", "22", "23", "family", " family ",
    "FAMILY", "Family Member", "ex-partner", "ex_partner", "open", "closed", "25_34", "abc",
    "42/000078/24", "E01023802",
]  # fmt: skip
EXTRACTED_AT = datetime(2026, 11, 16, 6)


def _good(c) -> str:
    """A value of a column that passes every check."""
    if c.low is not None:
        middle = (c.low + c.high) / 2
        return str(int(middle) if c.kind == "int" else middle)
    return {
        "timestamp": "2024-11-15 10:00:00",
        "date": "2024-11-15",
        "bool": "true",
        "int": "1",
        "decimal": "1.5",
        "enum": c.values[0] if c.kind == "enum" else "",
    }.get(c.kind, "A1")


def _staged(con, table) -> None:
    """raw_<table>: a row of good values, and a row for each awkward value in each column (the
    others good), so that each check is the one thing wrong with some rows; and the database
    the load's checks write to (parallel.shared)."""
    shared(con)
    columns = ", ".join(f'"{c.name}" VARCHAR' for c in table.columns)
    con.execute(f"create temp table raw_{table.name} (_row BIGINT, _line BIGINT, {columns})")
    good = [_good(c) for c in table.columns]
    data = [good]
    for i in range(len(table.columns)):
        data += [good[:i] + [value] + good[i + 1 :] for value in NASTY]
    marks = ", ".join("?" for _ in range(len(table.columns) + 2))
    con.executemany(
        f"insert into raw_{table.name} values ({marks})",
        [[n + 2, n + 2, *row] for n, row in enumerate(data)],
    )


@pytest.mark.parametrize("name", sorted(TABLES_BY_NAME))
@pytest.mark.parametrize("dialect", [CONTRACT, Dialect(date_formats=("%Y-%m",))])
def test_every_row_a_value_check_holds_for_is_sieved(name, dialect):
    table = TABLES_BY_NAME[name]
    con = duckdb.connect()
    _staged(con, table)
    start_rejects(con)
    find_personal_values(con, table)
    type_table(con, table, EXTRACTED_AT, dialect)
    checks = " or ".join(f"({c})" for _, c, _ in value_checks(table, dialect, personal=False))
    if name == "crimes":
        checks += " or ((t.latitude is null) <> (t.longitude is null))"
    params = {"extracted_at": EXTRACTED_AT} if "$extracted_at" in checks else {}
    missed = con.execute(
        f"select count(*) from raw_{name} r join checked_{name} t using (_row) "
        f"where ({checks}) and not t._sieved",
        params,
    ).fetchone()[0]
    caught = con.execute(f"select count(*) from checked_{name} where _sieved").fetchone()[0]
    assert missed == 0
    assert caught > 0
    assert not con.execute(f"select _sieved from checked_{name} where _row = 2").fetchone()[0]
    # typed_<table> is the typed columns without the mark
    assert [d[0] for d in con.execute(f"select * from typed_{name} limit 0").description] == [
        "_row",
        "_line",
        *table.column_names,
    ]


def test_an_enumeration_word_as_written_reads_as_the_full_reading_does():
    con = duckdb.connect()
    for table in TABLES_BY_NAME.values():
        for c in table.columns:
            if c.kind != "enum":
                continue
            words = [*c.values, *(w.upper() for w in c.values), *(f" {w} " for w in c.values)]
            words += [w.replace("_", "-") for w in c.values] + NASTY[1:]
            value = "nullif(trim(w), '')"
            word = f"regexp_replace(lower({value}), '[\\s-]+', '_', 'g')"
            full = f"case when {word} in {tuple(c.values)} then {word} end"  # the reading
            differ = con.execute(
                f"select list(w) from (select w, {parse_expression(c, value)} as fast, "
                f"{full} as slow from unnest(?) as t(w)) where fast is distinct from slow",
                [words],
            ).fetchone()[0]
            assert not differ, (table.name, c.name, differ)


@pytest.mark.parametrize("name", sorted(TABLES_BY_NAME))
def test_the_screen_finds_each_value_that_looks_like_a_person(name):
    """Every text value, and every enumeration value that does not read as a word of its
    vocabulary, is searched (a free text's for all but a date), and named by its first kind."""
    table = TABLES_BY_NAME[name]
    con = duckdb.connect()
    _staged(con, table)
    start_rejects(con)
    find_personal_values(con, table)
    type_table(con, table, EXTRACTED_AT)
    found = set(con.execute("select _row, column_name, kind from personal_values").fetchall())
    raw = con.execute(f"select * from raw_{name} order by _row").fetchall()
    typed = con.execute(f"select * from typed_{name} order by _row").fetchall()
    expected = set()
    for row, read in zip(raw, typed, strict=True):
        for i, c in enumerate(table.columns, start=2):
            value = row[i]
            if c.kind not in ("text", "enum") or value is None or len(value) > MAX_TEXT:
                continue
            if c.kind == "enum" and read[i] is not None:
                continue
            kinds = [
                k
                for k, p in VALUE_PATTERNS.items()
                if (c.name not in table.free_text or k != DATES)
                and re.search(p, value, re.IGNORECASE)
            ]
            if kinds:
                expected.add((row[0], c.name, kinds[0]))
    assert found == expected
    assert found or not any(c.kind in ("text", "enum") for c in table.columns)
