"""Each staged value: how it is typed, and what is wrong with it when it cannot be, in SQL.

validate.py runs these over whole tables. A timestamp in one of ISO 8601's shapes is cast
by DuckDB directly (as fast as a cast); any other spelling is tried against the profile's
date formats and the contract's, in that order. A profile's date format without a day
(`%Y-%m`, as police.uk publishes months) reads a month as its first day; a month without
a day where no profile says so is quarantined with a reason that says what would read it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from .contract import MAX_TEXT, REFERENCE_COLUMNS, Column, Table

# Accepted timestamp spellings: ISO 8601 and UK day-first. Never month-first.
TIMESTAMP_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%d/%m/%Y",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
)
# The ISO 8601 shapes of TIMESTAMP_FORMATS, which DuckDB's cast reads exactly as strptime
# does (an hour of 24 the cast would take is left to strptime, which refuses it).
ISO_SHAPE = (
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}([ T]([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?)?"
)
# A month without a day, as police.uk writes them (2018-12): read only when a profile says so.
MONTH_ONLY = r"[0-9]{4}-(0?[1-9]|1[0-2])"
TRUE_WORDS = ("true", "yes", "y", "1")
FALSE_WORDS = ("false", "no", "n", "0")
EVENT_GRACE = "interval 1 day"
SCIENTIFIC = r"[0-9]+(\.[0-9]+)?[eE][+-]?[0-9]+"
EXCEL_SERIAL = r"[0-9]{5}(\.[0-9]+)?"
EXCEL_DAY_ZERO = "date '1899-12-30'"


def is_month_only(fmt: str) -> bool:
    """A date format with a month and a year but no day: it reads the first of the month."""
    return "%d" not in fmt and "%j" not in fmt


@dataclass(frozen=True)
class Dialect:
    """How an extract spells values beyond the contract, as its profile says.

    date_formats are tried before the contract's own (one without a day reads the first of
    the month); notes[(table, column)] is added to the reason a value of that column was
    rejected (which values the profile maps), so the force sees what to add to its profile.
    area_from_lsoa: crimes.area_code is the area of the crime's LSOA in the reference LSOA
    table, and a crime whose LSOA it does not know is quarantined with that reason.
    """

    date_formats: tuple[str, ...] = ()
    notes: Mapping[tuple[str, str], str] = field(default_factory=dict)
    area_from_lsoa: bool = False
    name: str | None = None  # the profile's

    @property
    def formats(self) -> tuple[str, ...]:
        return self.date_formats + tuple(f for f in TIMESTAMP_FORMATS if f not in self.date_formats)

    @property
    def month_formats(self) -> tuple[str, ...]:
        return tuple(f for f in self.date_formats if is_month_only(f))


CONTRACT = Dialect()


def sql_text(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def sql_list(values) -> str:
    return "[" + ", ".join(sql_text(v) for v in values) + "]"


def timestamp_expression(value: str, dialect: Dialect = CONTRACT) -> str:
    """SQL for the trimmed text `value` as a timestamp: an ISO 8601 shape by a cast (after the
    profile's own formats, which come first), anything else by the formats in order."""
    fast = f"try_cast({value} as timestamp)"
    if dialect.date_formats:
        fast = f"coalesce(try_strptime({value}, {sql_list(dialect.date_formats)}), {fast})"
    return (
        f"case when regexp_full_match({value}, '{ISO_SHAPE}') then {fast} "
        f"else try_strptime({value}, {sql_list(dialect.formats)}) end"
    )


def parse_expression(column: Column, value: str, dialect: Dialect = CONTRACT) -> str:
    """SQL that turns the trimmed text `value` into the column's type, NULL if it cannot."""
    if column.kind == "timestamp":
        return timestamp_expression(value, dialect)
    if column.kind == "date":
        return f"cast({timestamp_expression(value, dialect)} as date)"
    if column.kind == "bool":
        return (
            f"case when lower({value}) in {tuple(TRUE_WORDS)} then true "
            f"when lower({value}) in {tuple(FALSE_WORDS)} then false end"
        )
    if column.kind == "enum":
        word = f"regexp_replace(lower({value}), '[\\s-]+', '_', 'g')"
        parsed = f"case when {word} in {tuple(column.values)} then {word} end"
        # A word of the vocabulary as written (most values) is itself: compared, not rewritten.
        written = is_written_word(value, column.values)
        return f"case when {written} then {value} else {parsed} end" if written else parsed
    if column.kind == "int":
        return f"case when regexp_full_match({value}, '[0-9]{{1,9}}') then cast({value} as integer) end"
    if column.kind == "decimal":
        return f"try_cast({value} as double)"
    return value


def is_written_word(value: str, words: Iterable[str]) -> str:
    """SQL: whether the text `value` is one of the words as written, of those that read as
    themselves (lower case letters, digits and underscores, which trimming, lowering and
    joining with underscores leave as they are); empty when no word does."""
    written = [w for w in words if re.fullmatch("[a-z0-9_]+", w)]
    return f"{value} in ({', '.join(sql_text(w) for w in written)})" if written else ""


def parse_failure(column: Column, dialect: Dialect = CONTRACT, table: str = "") -> str:
    """What a value that did not parse should have looked like."""
    examples = ", ".join(datetime(2025, 3, 4, 14, 5).strftime(f) for f in dialect.date_formats)
    also = f" or as the profile says ({examples})" if examples else ""
    text = {
        "timestamp": "not a date and time: expected ISO 8601 (2025-03-04 14:05) "
        f"or UK day-first (04/03/2025 14:05){also}",
        "date": f"not a date: expected ISO 8601 (2025-03-04) or UK day-first (04/03/2025){also}",
        "bool": "not a yes/no value: expected true/false, yes/no, y/n or 1/0",
        "enum": "not one of the allowed values: " + ", ".join(column.values),
        "int": "not a whole number",
        "decimal": "not a number",
    }[column.kind]
    note = dialect.notes.get((table, column.name))
    return f"{text} ({note})" if note else text


def month_failure(column: Column) -> str:
    """Why a month without a day was rejected, and what would read it."""
    what = "a date and time" if column.kind == "timestamp" else "a date"
    return (
        f"a month without a day, not {what}: a profile reads month-only values as the first "
        'of the month when it says so (date_formats = ["%Y-%m"])'
    )


def range_failure(column: Column) -> str:
    if column.name in ("latitude", "longitude"):
        return f"outside the UK: expected {column.name} between {column.low} and {column.high}"
    return f"out of range: expected {column.low:g} to {column.high:g}"


def kept(value: str) -> str:
    """SQL for a raw value as a reject may keep it: a value longer than any contract value
    is replaced by its length (it may be a narrative, which must never be stored). What looks
    like a person is withheld afterwards, in one pass over every reject (keep_copies)."""
    return (
        f"case when length({value}) > {MAX_TEXT} "
        f"then '(' || length({value}) || ' characters, not kept)' else {value} end"
    )


def column_ref(alias: str, column: str) -> str:
    """alias."column" in SQL."""
    return f'{alias}."{column}"'


def json_sql(columns: Iterable[str], alias: str = "r") -> str:
    """SQL for a row's columns as JSON, each value as kept() keeps it (a profile's rows that
    no table takes; staging.py withholds what looks like a person)."""
    fields = ", ".join(f'"{c}" := {kept(column_ref(alias, c))}' for c in columns)
    return f"to_json(struct_pack({fields}))::varchar"


def personal_condition(table: str, column: str) -> str:
    """SQL condition on a raw row r: its value of column looks like a person (found by the
    value screen into personal_values)."""
    return (
        f"r._row in (select _row from personal_values where table_name = '{table}' "
        f"and column_name = '{column}')"
    )


def value_checks(
    table: Table, dialect: Dialect = CONTRACT, personal: bool = True
) -> list[tuple[str, str, str]]:
    """(column, SQL condition over r=raw and t=typed, SQL reason) for each value check.

    A value too long for the contract gets that reason alone; a value whose shape says how
    Excel mangled it (a reference in scientific notation, a date as a serial number) or that
    is a month without a day gets a reason that says so, instead of the generic one. With
    personal False the conditions may catch more rows than they reject (a first sieve).
    """
    checks = []
    for c in table.columns:
        raw, typed = f"nullif(trim(r.\"{c.name}\"), '')", f't."{c.name}"'
        short = f"length(coalesce(r.\"{c.name}\", '')) <= {MAX_TEXT}"
        checks.append(
            (
                c.name,
                f"not ({short})",
                f"'longer than any value of the contract ({MAX_TEXT} characters): a narrative "
                "or a quote that swallowed the record? The value is not kept'",
            )
        )
        if c.kind == "enum" and personal:  # a value that looks like a person: that reason alone
            short = f"{short} and not {personal_condition(table.name, c.name)}"
        if c.name in REFERENCE_COLUMNS:
            checks.append(
                (
                    c.name,
                    f"{short} and regexp_full_match({raw}, '{SCIENTIFIC}')",
                    "'a reference Excel turned into a number in scientific notation: the "
                    "original is lost; export the column as text'",
                )
            )
        if c.kind in ("timestamp", "date"):
            checks += _date_checks(c, raw, typed, short, dialect, table.name)
        elif c.kind != "text":
            reason = sql_text(parse_failure(c, dialect, table.name))
            checks.append((c.name, f"{short} and {raw} is not null and {typed} is null", reason))
        checks += _required_range_event(c, raw, typed, dialect, table.name)
    return checks


def sieve_conditions(table: Table, raw, value, typed) -> list[str]:
    """SQL conditions that catch every row value_checks(personal=False) rejects, and a few
    more (the sieve): raw, value and typed give the SQL of a column's raw text, its trimmed
    text (NULL when empty) and its typed value. Each check's condition implies one of these
    (a value too long; a reference in scientific notation; a value that did not parse, which
    every date check and the enumeration, yes/no and number checks start from; a required
    value missing, which area_checks' two start from too; out of range; dated after the
    extract), and each of these is a comparison or one short search, cheap to make over
    every row. For crimes, a coordinate without its pair as well."""
    conditions = []
    for c in table.columns:
        conditions.append(f"length({raw(c.name)}) > {MAX_TEXT}")
        if c.name in REFERENCE_COLUMNS:
            conditions.append(f"regexp_full_match({value(c.name)}, '{SCIENTIFIC}')")
        if c.kind != "text":
            conditions.append(f"({value(c.name)} is not null and {typed(c.name)} is null)")
        if c.not_null:
            conditions.append(f"{value(c.name)} is null")
        if c.low is not None:
            conditions.append(f"{typed(c.name)} not between {c.low} and {c.high}")
        if c.kind in ("timestamp", "date") and c.event:
            conditions.append(f"{typed(c.name)} > $extracted_at + {EVENT_GRACE}")
    if table.name == "crimes":
        conditions.append(f"(({typed('latitude')} is null) <> ({typed('longitude')} is null))")
    return conditions


def _date_checks(c: Column, raw, typed, short, dialect: Dialect, table: str):
    serial = f"regexp_full_match({raw}, '{EXCEL_SERIAL}')"
    month = f"regexp_full_match({raw}, '{MONTH_ONLY}')"
    failed = f"{short} and {raw} is not null and {typed} is null"
    return [
        (
            c.name,
            f"{failed} and {serial}",
            f"'an Excel serial date number (' || {raw} || ' is ' || strftime("
            f"{EXCEL_DAY_ZERO} + cast(floor(cast({raw} as double)) as integer), "
            "'%Y-%m-%d') || '): export dates as text'",
        ),
        (c.name, f"{failed} and {month}", sql_text(month_failure(c))),
        (
            c.name,
            f"{failed} and not {serial} and not {month}",
            sql_text(parse_failure(c, dialect, table)),
        ),
    ]


def _required_range_event(c: Column, raw, typed, dialect: Dialect, table: str):
    checks = []
    if c.not_null and dialect.area_from_lsoa and (table, c.name) == ("crimes", "area_code"):
        checks += area_checks(dialect)
    elif c.not_null:
        checks.append((c.name, f"{raw} is null", "'a required value is missing'"))
    if c.low is not None:
        checks.append(
            (c.name, f"{typed} not between {c.low} and {c.high}", f"'{range_failure(c)}'")
        )
    if c.kind in ("timestamp", "date") and c.event:
        checks.append(
            (
                c.name,
                f"{typed} > $extracted_at + {EVENT_GRACE}",
                "'dated more than a day after the extract was taken (' || "
                "strftime($extracted_at, '%Y-%m-%d %H:%M') || ')'",
            )
        )
    return checks


def area_checks(dialect: Dialect) -> list[tuple[str, str, str]]:
    """A crime whose area comes from its LSOA (the profile's area_from_lsoa) and has none:
    it has no LSOA, or one the reference LSOA table does not know. The reject names the LSOA
    column (the area is derived, the LSOA is what the export holds)."""
    lsoa = "nullif(trim(r.lsoa_code), '')"
    via = f" (profile {dialect.name} finds the area from the LSOA)" if dialect.name else ""
    return [
        (
            "lsoa_code",
            f"nullif(trim(r.area_code), '') is null and {lsoa} is null",
            sql_text(f"no LSOA, so no area{via}"),
        ),
        (
            "lsoa_code",
            f"nullif(trim(r.area_code), '') is null and {lsoa} is not null",
            sql_text(
                "the LSOA is not in the reference LSOA table (lsoas.csv), so its area is "
                f"unknown{via}"
            ),
        ),
    ]
