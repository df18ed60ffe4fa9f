"""Type the staged text values and find the rows to quarantine, all in SQL.

For each table, `typed_<table>` holds `_row` (the staged row's identity),
`_line` (the line of the source file it came from, which several rows share
when a profile derives them from one line) and every contract column in its
proper type. `rejects` collects one row per problem found (a row can have more
than one); a row with any problem is quarantined and the rest of the table
loads. The checks, in the order they are made:

0. per value of a text or enumeration column, for every staged table at once: a value that
   looks like a person (a phone number, a postcode, an e-mail address, a handle, a date
   where a code is expected: personal.py);
1. per value: unparseable, outside its enumeration, missing where required,
   outside its range (coordinates outside the UK, outcome code not 1-22), an
   event dated more than a day after the extract's as-at moment;
2. per key: a key seen on an earlier line of the same file (the first wins);
3. per crime: classifications of a crime without exactly one current principal;
4. per parent: a child row whose crime is neither in this extract nor loaded
   before, a breach whose order is neither.

Last, every reject's value and raw copy are made as they may be kept (keep_copies): no value
longer than any contract value, and nothing that looks like a person.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from .contract import CRIME_CHILD_TABLES, MAX_TEXT, REFERENCE_COLUMNS, Column, Table
from .personal import DATES, VALUE_PATTERNS, looks_personal_sql, matched_kind_sql, reason

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
TRUE_WORDS = ("true", "yes", "y", "1")
FALSE_WORDS = ("false", "no", "n", "0")
EVENT_GRACE = "interval 1 day"

# row_id is the staged row (raw_<table>._row); a reject of a record that never
# reached staging (wrong number of fields, a row a profile cannot route) has none
# of its own and uses minus its line.
REJECTS_DDL = """
create or replace temp table rejects (
    table_name VARCHAR, line BIGINT, column_name VARCHAR, value VARCHAR,
    reason VARCHAR, raw VARCHAR, row_id BIGINT)
"""


@dataclass(frozen=True)
class Dialect:
    """How an extract spells values beyond the contract, as its profile says.

    date_formats are tried before the contract's own; notes[(table, column)] is
    added to the reason a value of that column was rejected (which values the
    profile maps), so the force sees what to add to its profile.
    """

    date_formats: tuple[str, ...] = ()
    notes: Mapping[tuple[str, str], str] = field(default_factory=dict)

    @property
    def formats(self) -> tuple[str, ...]:
        return self.date_formats + tuple(f for f in TIMESTAMP_FORMATS if f not in self.date_formats)


CONTRACT = Dialect()


def sql_text(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _list(values) -> str:
    return "[" + ", ".join(sql_text(v) for v in values) + "]"


def parse_expression(column: Column, value: str, dialect: Dialect = CONTRACT) -> str:
    """SQL that turns the trimmed text `value` into the column's type, NULL if it cannot."""
    if column.kind == "timestamp":
        return f"try_strptime({value}, {_list(dialect.formats)})"
    if column.kind == "date":
        return f"cast(try_strptime({value}, {_list(dialect.formats)}) as date)"
    if column.kind == "bool":
        return (
            f"case when lower({value}) in {tuple(TRUE_WORDS)} then true "
            f"when lower({value}) in {tuple(FALSE_WORDS)} then false end"
        )
    if column.kind == "enum":
        word = f"regexp_replace(lower({value}), '[\\s-]+', '_', 'g')"
        return f"case when {word} in {tuple(column.values)} then {word} end"
    if column.kind == "int":
        return f"case when regexp_full_match({value}, '[0-9]{{1,9}}') then cast({value} as integer) end"
    if column.kind == "decimal":
        return f"try_cast({value} as double)"
    return value


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


def range_failure(column: Column) -> str:
    if column.name in ("latitude", "longitude"):
        return f"outside the UK: expected {column.name} between {column.low} and {column.high}"
    return f"out of range: expected {column.low:g} to {column.high:g}"


def type_table(con: duckdb.DuckDBPyConnection, table: Table, dialect: Dialect = CONTRACT) -> None:
    """Create typed_<table> from raw_<table>."""
    selects = []
    for c in table.columns:
        value = f"nullif(trim(\"{c.name}\"), '')"
        selects.append(f'{parse_expression(c, value, dialect)} as "{c.name}"')
    con.execute(
        f"create or replace temp table typed_{table.name} as "
        f"select _row, _line, {', '.join(selects)} from raw_{table.name}"
    )


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


def _quoted(columns: Iterable[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def find_personal_values(con: duckdb.DuckDBPyConnection, tables: dict[str, Table]) -> None:
    """The value screen (pipelines/personal.py): every text and enumeration value of every
    staged table, codes and references included, searched once, in one statement, for what
    looks like a person. The temp table personal_values holds (table_name, _row,
    column_name, kind) of each; find_value_rejects quarantines their rows."""
    parts = []
    for table in tables.values():
        columns = _quoted(c.name for c in table.columns if c.kind in ("text", "enum"))
        parts.append(
            f"select '{table.name}' as table_name, _row, column_name, value "
            f"from (select _row, {columns} from raw_{table.name}) "
            f"unpivot (value for column_name in ({columns}))"
        )
    con.execute(
        "create or replace temp table personal_values as "
        f"select table_name, _row, column_name, {matched_kind_sql('value')} as kind "
        f"from ({' union all '.join(parts)}) "
        f"where length(value) <= {MAX_TEXT} and {looks_personal_sql('value')}"
    )


def _personal(table: str, column: str) -> str:
    """SQL condition on a raw row r: its value of column looks like a person."""
    return (
        f"r._row in (select _row from personal_values where table_name = '{table}' "
        f"and column_name = '{column}')"
    )


SCIENTIFIC = r"[0-9]+(\.[0-9]+)?[eE][+-]?[0-9]+"
EXCEL_SERIAL = r"[0-9]{5}(\.[0-9]+)?"
EXCEL_DAY_ZERO = "date '1899-12-30'"


def value_checks(table: Table, dialect: Dialect = CONTRACT) -> list[tuple[str, str, str]]:
    """(column, SQL condition over r=raw and t=typed, SQL reason) for each value check.

    A value too long for the contract gets that reason alone; a value whose shape says how
    Excel mangled it (a reference in scientific notation, a date as a serial number) gets
    a reason that says so, instead of the generic one.
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
        if c.kind == "enum":  # a value that looks like a person gets that reason alone
            short = f"{short} and not {_personal(table.name, c.name)}"
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
            serial = f"regexp_full_match({raw}, '{EXCEL_SERIAL}')"
            checks.append(
                (
                    c.name,
                    f"{short} and {serial} and {typed} is null",
                    f"'an Excel serial date number (' || {raw} || ' is ' || strftime("
                    f"{EXCEL_DAY_ZERO} + cast(floor(cast({raw} as double)) as integer), "
                    "'%Y-%m-%d') || '): export dates as text'",
                )
            )
            reason = sql_text(parse_failure(c, dialect, table.name))
            checks.append(
                (
                    c.name,
                    f"{short} and {raw} is not null and {typed} is null and not {serial}",
                    reason,
                )
            )
        elif c.kind != "text":
            reason = sql_text(parse_failure(c, dialect, table.name))
            checks.append((c.name, f"{short} and {raw} is not null and {typed} is null", reason))
        if c.not_null:
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


def find_value_rejects(
    con: duckdb.DuckDBPyConnection, table: Table, extracted_at, dialect: Dialect = CONTRACT
) -> None:
    """Add one reject per bad value in typed_<table> (the raw copies are made afterwards, in
    keep_copies)."""
    before, after = reason("{}").split("{}")
    con.execute(
        f"insert into rejects select '{table.name}', r._line, p.column_name, "
        f"'(looks like ' || p.kind || ': not kept)', {sql_text(before)} || p.kind || "
        f"{sql_text(after)}, null, r._row from personal_values p join raw_{table.name} r "
        f"using (_row) where p.table_name = '{table.name}'"
    )
    parts = [
        f"select '{table.name}', r._line, '{column}', {kept(column_ref('r', column))}, "
        f"{reason}, null, "
        f"r._row from raw_{table.name} r join typed_{table.name} t using (_row) where {condition}"
        for column, condition, reason in value_checks(table, dialect)
    ]
    sql = "insert into rejects " + " union all ".join(parts)
    con.execute(sql, {"extracted_at": extracted_at} if "$extracted_at" in sql else {})
    if table.name == "crimes":
        _reject_lone_coordinate(con, table)


def _reject_lone_coordinate(con, table: Table) -> None:
    """A latitude without a longitude (or the reverse) locates nothing."""
    con.execute("""
        insert into rejects
        select 'crimes', r._line, case when t.latitude is null then 'latitude' else 'longitude' end,
               null, 'a coordinate is given without its pair (latitude and longitude go together)',
               null, r._row
        from raw_crimes r join typed_crimes t using (_row)
        where (t.latitude is null) <> (t.longitude is null)
          and r._row not in (select row_id from rejects where table_name = 'crimes')""")


def _valid(table: str) -> str:
    """typed rows of a table that have no reject yet."""
    return (
        f"(select * from typed_{table} where _row not in "
        f"(select row_id from rejects where table_name = '{table}'))"
    )


def find_duplicate_keys(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    """Reject every repeat of a key already seen on an earlier line of the file."""
    key = ", ".join(f'"{k}"' for k in table.key)
    value = " || ' / ' || ".join(f"coalesce(cast(d.\"{k}\" as varchar), '')" for k in table.key)
    con.execute(f"""
        insert into rejects
        select '{table.name}', d._line, '{", ".join(table.key)}', {value},
               'duplicate key: the same ' || '{", ".join(table.key)}' || ' as line ' || d.first_line,
               null, d._row
        from (select *, row_number() over (partition by {key} order by _row) as n,
                     first_value(_line) over (partition by {key} order by _row) as first_line
              from {_valid(table.name)}) d
        join raw_{table.name} r using (_row)
        where d.n > 1""")


def find_principal_problems(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    """Quarantine all classifications of a crime without exactly one current principal.

    The reason names no crime reference: reasons are shown, grouped, to every role on the
    Data quality page; the reference is in the reject's raw copy, for analysts."""
    con.execute(f"""
        insert into rejects
        select 'classifications', v._line, 'is_principal', r.is_principal,
               'the crime has ' || p.current_principals
               || ' current principal classifications (exactly one expected); '
               || 'all its classifications are quarantined',
               null, v._row
        from {_valid("classifications")} v
        join (select crime_ref, count(*) filter (where is_principal and removed_at is null)
                     as current_principals
              from {_valid("classifications")} group by crime_ref) p using (crime_ref)
        join raw_classifications r using (_row)
        where p.current_principals <> 1""")


def find_orphans(con: duckdb.DuckDBPyConnection, tables: dict[str, Table]) -> None:
    """Reject child rows whose crime (or, for breaches, order) is unknown."""
    crimes_known = (
        f"(select crime_ref from {_valid('crimes')} union select crime_ref from main.crimes)"
    )
    for name in CRIME_CHILD_TABLES:
        if name not in tables:
            continue
        con.execute(f"""
            insert into rejects
            select '{name}', v._line, 'crime_ref', v.crime_ref,
                   'crime_ref is neither in this extract''s crimes nor loaded before'
                   || coalesce(' (its crimes row, line ' || bad.line || ', was rejected)', ''),
                   null, v._row
            from {_valid(name)} v
            join raw_{name} r using (_row)
            left join (select r2.crime_ref, min(j.line) as line from rejects j
                       join raw_crimes r2 on j.table_name = 'crimes' and j.row_id = r2._row
                       group by r2.crime_ref) bad on bad.crime_ref = v.crime_ref
            where v.crime_ref not in {crimes_known}""")
    if "breaches" in tables:
        orders_known = "(select order_id from main.orders"
        if "orders" in tables:
            orders_known += f" union select order_id from {_valid('orders')}"
        con.execute(f"""
            insert into rejects
            select 'breaches', v._line, 'order_id', v.order_id,
                   'order_id is neither in this extract''s orders nor loaded before',
                   null, v._row
            from {_valid("breaches")} v join raw_breaches r using (_row)
            where v.order_id not in {orders_known})""")


def validate(
    con: duckdb.DuckDBPyConnection,
    tables: dict[str, Table],
    extracted_at,
    dialect: Dialect = CONTRACT,
) -> None:
    """Type every staged table and collect its rejects, in dependency order."""
    con.execute(REJECTS_DDL)
    find_personal_values(con, tables)
    for table in tables.values():
        type_table(con, table, dialect)
        find_value_rejects(con, table, extracted_at, dialect)
        find_duplicate_keys(con, table)
    if "classifications" in tables:
        find_principal_problems(con, tables["classifications"])
    find_orphans(con, tables)
    keep_copies(con, tables)


def keep_copies(con: duckdb.DuckDBPyConnection, tables: dict[str, Table]) -> None:
    """Every reject's value and raw copy (the row's contract columns as JSON) as they may be
    kept: a value longer than any contract value replaced by its length, and one that looks
    like a person (pipelines/personal.py) by what it looks like. A timestamp or date column
    holds dates by right: there a value is withheld only when it holds no date and looks like
    a phone number, a postcode, an e-mail address or a handle. One pass over the rejects."""
    columns = [
        (t.name, c.name, i, c.kind not in ("timestamp", "date"))
        for t in tables.values()
        for i, c in enumerate(t.columns)
    ]
    listed = ", ".join(f"('{t}', '{c}', {i}, {d})" for t, c, i, d in columns)
    shape = f"(values {listed}) as c(table_name, column_name, position, dates)"
    con.execute(
        f"update rejects set value = m.kept from (select id, {_kept('value')} as kept from "
        f"(select j.rowid as id, j.value, coalesce(c.dates, false) as dates, "
        f"{_kinds('j.value')} from rejects j left join {shape} using (table_name, column_name) "
        "where j.value is not null)) m where rejects.rowid = m.id"
    )
    rows = " union all ".join(
        f"select '{t.name}' as table_name, _row, column_name, value from (select _row, "
        f"{_quoted(t.column_names)} from raw_{t.name} where _row in (select row_id from "
        f"rejects where table_name = '{t.name}')) unpivot include nulls (value for "
        f"column_name in ({_quoted(t.column_names)}))"
        for t in tables.values()
    )
    con.execute(
        "update rejects set raw = m.raw from (select table_name, _row, '{' || string_agg("
        "to_json(column_name)::varchar || ':' || coalesce(to_json(kept)::varchar, 'null'), "
        "',' order by position) || '}' as raw from (select table_name, _row, position, "
        f"column_name, {_kept('value')} as kept from (select l.*, c.position, c.dates, "
        f"{_kinds('l.value')} from ({rows}) l join {shape} using (table_name, column_name))) "
        "group by all) m where rejects.table_name = m.table_name and rejects.row_id = m._row"
    )


def _kinds(value: str) -> str:
    """SQL select items: what a value looks like (kind, or null) and whether it holds a date."""
    return (
        f"{matched_kind_sql(value, guarded=True)} as kind, "
        f"coalesce(regexp_matches({value}, {sql_text('(?i)' + VALUE_PATTERNS[DATES])}), false) "
        "as has_date"
    )


def _kept(value: str) -> str:
    """SQL over (value, dates, kind, has_date): the value as a copy may keep it."""
    return (
        f"case when length({value}) > {MAX_TEXT} "
        f"then '(' || length({value}) || ' characters, not kept)' "
        f"when kind is not null and (dates or not has_date) "
        f"then '(looks like ' || kind || ': not kept)' else {value} end"
    )


def valid_rows(table: str) -> str:
    """SQL for the rows of a table that survived every check."""
    return _valid(table)
