"""Type the staged text values and find the rows to quarantine, all in SQL.

For each table, `typed_<table>` holds `_row` (the staged row's identity),
`_line` (the line of the source file it came from, which several rows share
when a profile derives them from one line) and every contract column in its
proper type. `rejects` collects one row per problem found (a row can have more
than one); a row with any problem is quarantined and the rest of the table
loads. The checks, in the order they are made:

0. per value of a text or enumeration column, for every staged table at once: a value that
   looks like a person (a phone number, a postcode, an e-mail address, a handle, a date
   where a code is expected: personal.py; v2: in a free text, Table.free_text, a date is
   a due date in a sentence and is not looked for);
1. per value (values.py): unparseable, outside its enumeration, missing where required,
   outside its range (coordinates outside the UK, outcome code not 1-22), an
   event dated more than a day after the extract's as-at moment;
2. per key: a key seen on an earlier line of the same file (the first wins);
3. per crime: classifications of a crime without exactly one current principal;
4. per parent: a child row whose crime is neither in this extract nor loaded
   before, a row whose parent (contract.PARENTS: a breach's order, v2 a training record's
   staff_ref) is neither.

Last, every reject's value and raw copy are made as they may be kept (keep_copies): no value
longer than any contract value, and nothing that looks like a person.

Set-based and sieved: the value checks of a table are one pass that finds the few rows with
any problem, then the reasons are worked out for those rows alone; a key is looked at twice
only when it is repeated.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from . import progress
from .contract import CRIME_CHILD_TABLES, MAX_TEXT, PARENTS, Table
from .personal import DATES, VALUE_PATTERNS, looks_personal_sql, matched_kind_sql, reason
from .values import CONTRACT, Dialect, kept, parse_expression, sql_text, value_checks

# row_id is the staged row (raw_<table>._row); a reject of a record that never
# reached staging (wrong number of fields, a row a profile cannot route) has none
# of its own and uses minus its line.
REJECTS_DDL = """
create or replace temp table rejects (
    table_name VARCHAR, line BIGINT, column_name VARCHAR, value VARCHAR,
    reason VARCHAR, raw VARCHAR, row_id BIGINT)
"""


def type_table(con: duckdb.DuckDBPyConnection, table: Table, dialect: Dialect = CONTRACT) -> None:
    """Create typed_<table> from raw_<table>."""
    selects = []
    for c in table.columns:
        value = _trimmed(c.name)
        selects.append(f'{parse_expression(c, value, dialect)} as "{c.name}"')
    con.execute(
        f"create or replace temp table typed_{table.name} as "
        f"select _row, _line, {', '.join(selects)} from raw_{table.name}"
    )


def _quoted(columns: Iterable[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def find_personal_values(con: duckdb.DuckDBPyConnection, tables: dict[str, Table]) -> None:
    """The value screen (pipelines/personal.py): every text value of every staged table, codes
    and references included, and every enumeration value that is not one of its vocabulary's
    (a vocabulary's word is no person), searched once, in one statement, for what looks like a
    person. The temp table personal_values holds (table_name, _row, column_name, kind) of each;
    find_value_rejects quarantines their rows."""
    parts, free = [], []
    for table in tables.values():
        screened = [c for c in table.columns if c.kind in ("text", "enum")]
        free += [(table.name, c) for c in table.free_text]
        values = ", ".join(
            f'"{c.name}"'
            if c.kind == "text"
            else f"case when {parse_expression(c, _trimmed(c.name))} is null "
            f'then "{c.name}" end as "{c.name}"'
            for c in screened
        )
        parts.append(
            f"select '{table.name}' as table_name, _row, column_name, value "
            f"from (select _row, {values} from raw_{table.name}) "
            f"unpivot (value for column_name in ({_quoted(c.name for c in screened)}))"
        )
    # A free text (v2: actions.description) is a sentence, and a sentence may give a date ("by
    # 31/03/2025"): there a date is no date of birth, and only the other kinds are looked for.
    is_free = " or ".join(f"(table_name = '{t}' and column_name = '{c}')" for t, c in free)
    screen = looks_personal_sql("value")
    kind = matched_kind_sql("value")
    if free:
        screen = (
            f"case when {is_free} then {looks_personal_sql('value', dates=False)} else {screen} end"
        )
        kind = f"case when {is_free} then {matched_kind_sql('value', dates=False)} else {kind} end"
    con.execute(
        "create or replace temp table personal_values as "
        f"select table_name, _row, column_name, {kind} as kind "
        f"from ({' union all '.join(parts)}) "
        f"where length(value) <= {MAX_TEXT} and {screen}"
    )


def _trimmed(column: str) -> str:
    return f"nullif(trim(\"{column}\"), '')"


def find_value_rejects(
    con: duckdb.DuckDBPyConnection, table: Table, extracted_at, dialect: Dialect = CONTRACT
) -> None:
    """Add one reject per bad value in typed_<table> (the raw copies are made afterwards, in
    keep_copies). One pass over the table finds the rows with any problem (the sieve); the
    reasons are then worked out over those rows alone."""
    before, after = reason("{}").split("{}")
    con.execute(
        f"insert into rejects select '{table.name}', r._line, p.column_name, "
        f"'(looks like ' || p.kind || ': not kept)', {sql_text(before)} || p.kind || "
        f"{sql_text(after)}, null, r._row from personal_values p join raw_{table.name} r "
        f"using (_row) where p.table_name = '{table.name}'"
    )
    params = {"extracted_at": extracted_at}
    sieve = " or ".join(f"({c})" for _, c, _ in value_checks(table, dialect, personal=False))
    if table.name == "crimes":
        sieve += " or ((t.latitude is null) <> (t.longitude is null))"
    con.execute(
        f"create or replace temp table sieved as select _row from raw_{table.name} r "
        f"join typed_{table.name} t using (_row) where {sieve}",
        params if "$extracted_at" in sieve else {},
    )
    for kind in ("raw", "typed"):
        con.execute(
            f"create or replace temp table sieved_{kind} as select * from {kind}_{table.name} "
            "where _row in (select _row from sieved)"
        )
    parts = [
        f"select '{table.name}', r._line, '{column}', {kept(column_ref('r', column))}, "
        f"{why}, null, r._row from sieved_raw r join sieved_typed t using (_row) where {condition}"
        for column, condition, why in value_checks(table, dialect)
    ]
    sql = "insert into rejects " + " union all ".join(parts)
    con.execute(sql, params if "$extracted_at" in sql else {})
    if table.name == "crimes":
        _reject_lone_coordinate(con)
    for kind in ("", "_raw", "_typed"):
        con.execute(f"drop table if exists sieved{kind}")


def column_ref(alias: str, column: str) -> str:
    """alias."column" in SQL."""
    return f'{alias}."{column}"'


def _reject_lone_coordinate(con) -> None:
    """A latitude without a longitude (or the reverse) locates nothing."""
    con.execute("""
        insert into rejects
        select 'crimes', r._line, case when t.latitude is null then 'latitude' else 'longitude' end,
               null, 'a coordinate is given without its pair (latitude and longitude go together)',
               null, r._row
        from sieved_raw r join sieved_typed t using (_row)
        where (t.latitude is null) <> (t.longitude is null)
          and r._row not in (select row_id from rejects where table_name = 'crimes')""")


def _valid(table: str) -> str:
    """typed rows of a table that have no reject yet."""
    return (
        f"(select * from typed_{table} where _row not in "
        f"(select row_id from rejects where table_name = '{table}'))"
    )


def find_duplicate_keys(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    """Reject every repeat of a key already seen on an earlier line of the file. Only the keys
    given more than once are ordered (a count per key finds them)."""
    key = ", ".join(f'"{k}"' for k in table.key)
    value = " || ' / ' || ".join(f"coalesce(cast(d.\"{k}\" as varchar), '')" for k in table.key)
    con.execute(f"""
        insert into rejects
        select '{table.name}', d._line, '{", ".join(table.key)}', {value},
               'duplicate key: the same ' || '{", ".join(table.key)}' || ' as line ' || d.first_line,
               null, d._row
        from (select *, row_number() over (partition by {key} order by _row) as n,
                     first_value(_line) over (partition by {key} order by _row) as first_line
              from {_valid(table.name)} v
              semi join (select {key} from {_valid(table.name)} group by all
                         having count(*) > 1) repeated using ({key})) d
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
              from {_valid("classifications")} group by crime_ref
              having count(*) filter (where is_principal and removed_at is null) <> 1) p
             using (crime_ref)
        join raw_classifications r using (_row)""")


def find_orphans(con: duckdb.DuckDBPyConnection, tables: dict[str, Table]) -> None:
    """Reject child rows whose crime is unknown, and rows whose parent (contract.PARENTS: a
    breach's order, v2 a training record's member of staff) is neither among this extract's
    valid rows of the parent table nor loaded before. The crimes known (this extract's valid
    ones and those loaded before) are listed once."""
    con.execute(
        "create or replace temp table known_crimes as select crime_ref from "
        f"{_valid('crimes')} union select crime_ref from main.crimes"
    )
    con.execute(
        "create or replace temp table rejected_crimes as select r.crime_ref, min(j.line) as line "
        "from rejects j join raw_crimes r on j.table_name = 'crimes' and j.row_id = r._row "
        "group by r.crime_ref"
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
            anti join known_crimes k using (crime_ref)
            left join rejected_crimes bad using (crime_ref)""")
    for name, (column, parent) in PARENTS.items():
        if name not in tables:
            continue
        known = f"(select {column} from main.{parent}"
        if parent in tables:
            known += f" union select {column} from {_valid(parent)}"
        con.execute(f"""
            insert into rejects
            select '{name}', v._line, '{column}', v.{column},
                   '{column} is neither in this extract''s {parent} nor loaded before',
                   null, v._row
            from {_valid(name)} v
            anti join {known}) k using ({column})""")
    for done in ("known_crimes", "rejected_crimes"):
        con.execute(f"drop table if exists {done}")


def validate(
    con: duckdb.DuckDBPyConnection,
    tables: dict[str, Table],
    extracted_at,
    dialect: Dialect = CONTRACT,
) -> None:
    """Type every staged table and collect its rejects, in dependency order."""
    con.execute(REJECTS_DDL)
    progress.step("personal data screen")
    find_personal_values(con, tables)
    for table in tables.values():
        progress.step(table.name)
        type_table(con, table, dialect)
        find_value_rejects(con, table, extracted_at, dialect)
        find_duplicate_keys(con, table)
    if "classifications" in tables:
        find_principal_problems(con, tables["classifications"])
    progress.step("orphans")
    find_orphans(con, tables)
    keep_copies(con, tables)


def keep_copies(con: duckdb.DuckDBPyConnection, tables: dict[str, Table]) -> None:
    """Every reject's value and raw copy (the row's contract columns as JSON) as they may be
    kept: a value longer than any contract value replaced by its length, and one that looks
    like a person (pipelines/personal.py) by what it looks like. A timestamp or date column
    holds dates by right: there a value is withheld only when it holds no date and looks like
    a phone number, a postcode, an e-mail address or a handle. One pass over the rejects."""
    columns = [
        (t.name, c.name, i, c.kind not in ("timestamp", "date"), c.name in t.free_text)
        for t in tables.values()
        for i, c in enumerate(t.columns)
    ]
    listed = ", ".join(f"('{t}', '{c}', {i}, {d}, {f})" for t, c, i, d, f in columns)
    shape = f"(values {listed}) as c(table_name, column_name, position, dates, free)"
    con.execute(
        f"update rejects set value = m.kept from (select id, {_kept('value')} as kept from "
        f"(select j.rowid as id, j.value, coalesce(c.dates, false) as dates, "
        f"coalesce(c.free, false) as free, {_kinds('j.value')} from rejects j "
        f"left join {shape} using (table_name, column_name) "
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
        f"column_name, {_kept('value')} as kept from (select l.*, c.position, c.dates, c.free, "
        f"{_kinds('l.value')} from ({rows}) l join {shape} using (table_name, column_name))) "
        "group by all) m where rejects.table_name = m.table_name and rejects.row_id = m._row"
    )


def _kinds(value: str) -> str:
    """SQL select items: what a value looks like (kind, or null), what it looks like dates
    aside (plain_kind: a free text's) and whether it holds a date."""
    return (
        f"{matched_kind_sql(value, guarded=True)} as kind, "
        f"{matched_kind_sql(value, guarded=True, dates=False)} as plain_kind, "
        f"coalesce(regexp_matches({value}, {sql_text('(?i)' + VALUE_PATTERNS[DATES])}), false) "
        "as has_date"
    )


def _kept(value: str) -> str:
    """SQL over (value, dates, free, kind, plain_kind, has_date): the value as a copy may keep
    it. A free text keeps the dates it gives and withholds the rest of what looks personal."""
    return (
        f"case when length({value}) > {MAX_TEXT} "
        f"then '(' || length({value}) || ' characters, not kept)' "
        f"when free then case when plain_kind is not null "
        f"then '(looks like ' || plain_kind || ': not kept)' else {value} end "
        f"when kind is not null and (dates or not has_date) "
        f"then '(looks like ' || kind || ': not kept)' else {value} end"
    )


def valid_rows(table: str) -> str:
    """SQL for the rows of a table that survived every check."""
    return _valid(table)
