"""Type the staged text values and find the rows to quarantine, all in SQL.

For each table, `typed_<table>` (a view of `checked_<table>`, which the typing pass makes)
holds `_row` (the staged row's identity), `_line` (the line of the source file it came from,
which several rows share when a profile derives them from one line) and every contract column
in its proper type. Both are made in the database the load's cursors share (parallel.py),
which runs each table's own checks (0 to 2 below) two tables at a time. `rejects` collects
one row per problem found (a row can have more than one); a row with any problem is
quarantined and the rest of the table loads. The checks, in the order they are made:

0. per value of a text or enumeration column: a value that looks like a person (a phone
   number, a postcode, an e-mail address, a handle, a date where a code is expected:
   personal.py; v2: in a free text, Table.free_text, a date is a due date in a sentence
   and is not looked for);
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

Set-based and sieved. The screen (0) is one scan of each screened column, which keeps the few
values that match; a value of an enumeration that is one of its words as written is not
searched. The value checks (1) of a table start in the pass that types it: beside the typed
columns, checked_<table>._sieved marks the rows a cheap superset of the checks catches
(values.sieve_conditions), and the reasons are worked out for those rows alone (none at all
when no row is marked). The keys (2) are counted by their hash, and looked at again only when
a hash repeats; the crimes known are hashed once for every child table's orphans (4).
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from . import progress
from .contract import CRIME_CHILD_TABLES, MAX_TEXT, PARENTS, Table
from .parallel import Job, in_shared, two_at_a_time
from .personal import DATES, VALUE_PATTERNS, looks_personal_sql, matched_kind_sql, reason
from .values import (
    CONTRACT,
    Dialect,
    is_written_word,
    kept,
    parse_expression,
    sieve_conditions,
    sql_text,
    value_checks,
)


def start_rejects(con: duckdb.DuckDBPyConnection) -> None:
    """The empty `rejects` and `personal_values` (see find_personal_values), in the database
    every cursor of the load sees (parallel.SHARED), where each table's checks add to them.
    A reject's row_id is the staged row (raw_<table>._row); a reject of a record that never
    reached staging (wrong number of fields, a row a profile cannot route) has none of its
    own and uses minus its line."""
    con.execute(
        f"create or replace table {in_shared('rejects')} (table_name VARCHAR, line BIGINT, "
        "column_name VARCHAR, value VARCHAR, reason VARCHAR, raw VARCHAR, row_id BIGINT)"
    )
    con.execute(
        f"create or replace table {in_shared('personal_values')} "
        "(table_name VARCHAR, _row BIGINT, column_name VARCHAR, kind VARCHAR)"
    )


def type_table(
    con: duckdb.DuckDBPyConnection, table: Table, extracted_at, dialect: Dialect = CONTRACT
) -> None:
    """Create typed_<table> from raw_<table>, in one pass that also marks the rows the sieve
    catches (values.sieve_conditions: any row with a problem, and a few more). The pass makes
    checked_<table>: typed_<table>'s columns and _sieved; typed_<table> is a view of it
    without _sieved."""
    name = table.name
    values = ", ".join(f'{_trimmed(c.name)} as "{_VALUE}{c.name}"' for c in table.columns)
    typed = ", ".join(
        f'{parse_expression(c, _quote(_VALUE + c.name), dialect)} as "{_TYPED}{c.name}"'
        for c in table.columns
    )
    sieve = " or ".join(
        sieve_conditions(
            table,
            raw=_quote,
            value=lambda c: _quote(_VALUE + c),
            typed=lambda c: _quote(_TYPED + c),
        )
    )
    columns = ", ".join(f'"{_TYPED}{c.name}" as "{c.name}"' for c in table.columns)
    con.execute(
        f"create or replace table {in_shared('checked_' + name)} as "
        f"select _row, _line, {columns}, coalesce({sieve}, false) as _sieved from ("
        f"select *, {typed} from (select *, {values} from raw_{name}))",
        {"extracted_at": extracted_at} if "$extracted_at" in sieve else {},
    )
    con.execute(
        f"create or replace view {in_shared('typed_' + name)} as "
        f"select * exclude (_sieved) from {in_shared('checked_' + name)}"
    )


# The names the typing pass gives a column's trimmed text and its typed value, beside its raw
# text (a colon is in no contract column's name).
_VALUE, _TYPED = "value:", "typed:"


def _quote(column: str) -> str:
    return f'"{column}"'


def _quoted(columns: Iterable[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def find_personal_values(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    """The value screen (pipelines/personal.py): every text value of a staged table, codes
    and references included, and every enumeration value that is not one of its vocabulary's
    (a vocabulary's word is no person), searched for what looks like a person, in one
    statement: a scan of each screened column that keeps the values the combined pattern
    matches. A free text (v2: actions.description) is a sentence, and a sentence may give a
    date ("by 31/03/2025"): there a date is no date of birth, and only the other kinds are
    looked for. personal_values (start_rejects) gets (table_name, _row, column_name, kind) of
    each; find_value_rejects quarantines their rows."""
    parts = []
    for c in table.columns:
        if c.kind not in ("text", "enum"):
            continue
        value, dates = _quote(c.name), c.name not in table.free_text
        screen = f"length({value}) <= {MAX_TEXT} and {looks_personal_sql(value, dates)}"
        if c.kind == "enum":
            # The vocabulary's words as written are no person; any other value is screened,
            # and one that matches is kept when it is no word of the vocabulary once read.
            written = is_written_word(value, c.values) or "false"
            screen = (
                f"case when {written} then false "
                f"when {screen} then {parse_expression(c, _trimmed(c.name))} is null "
                "else false end"
            )
        parts.append(
            f"select '{table.name}' as table_name, _row, '{c.name}' as column_name, "
            f"{matched_kind_sql(value, dates=dates)} as kind "
            f"from raw_{table.name} where {screen}"
        )
    if parts:
        con.execute("insert into personal_values " + " union all ".join(parts))


def _trimmed(column: str) -> str:
    """A value without the spaces around it (DuckDB's trim: Unicode's space separators, of
    which ' ' is the only ASCII one), and '' as NULL. trim makes a new copy of every value:
    on a column of 1.2 M timestamps 0.09 s, as long as reading them as timestamps. A value all
    ASCII (as many bytes as characters) with no ' ' at either end has nothing to take off, and
    is used as it is (0.02 s): the typing pass takes about 6 % less."""
    value = f'"{column}"'
    return (
        f"nullif(case when strlen({value}) = length({value}) and not starts_with({value}, ' ') "
        f"and not ends_with({value}, ' ') then {value} else trim({value}) end, '')"
    )


def find_value_rejects(
    con: duckdb.DuckDBPyConnection, table: Table, extracted_at, dialect: Dialect = CONTRACT
) -> None:
    """Add one reject per bad value in typed_<table> (the raw copies are made afterwards, in
    keep_copies). The typing pass marked the rows with any problem (the sieve, _sieved); the
    reasons are worked out over those rows alone."""
    before, after = reason("{}").split("{}")
    con.execute(
        f"insert into rejects select '{table.name}', r._line, p.column_name, "
        f"'(looks like ' || p.kind || ': not kept)', {sql_text(before)} || p.kind || "
        f"{sql_text(after)}, null, r._row from personal_values p join raw_{table.name} r "
        f"using (_row) where p.table_name = '{table.name}'"
    )
    con.execute(
        "create or replace temp table sieved_typed as select * exclude (_sieved) "
        f"from checked_{table.name} where _sieved"
    )
    if con.execute("select count(*) from sieved_typed").fetchone()[0]:
        con.execute(
            f"create or replace temp table sieved_raw as select * from raw_{table.name} "
            "where _row in (select _row from sieved_typed)"
        )
        parts = [
            f"select '{table.name}', r._line, '{column}', {kept(column_ref('r', column))}, "
            f"{why}, null, r._row from sieved_raw r join sieved_typed t using (_row) "
            f"where {condition}"
            for column, condition, why in value_checks(table, dialect)
        ]
        sql = "insert into rejects " + " union all ".join(parts)
        con.execute(sql, {"extracted_at": extracted_at} if "$extracted_at" in sql else {})
        if table.name == "crimes":
            _reject_lone_coordinate(con)
    for kind in ("_raw", "_typed"):
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
    """Reject every repeat of a key already seen on an earlier line of the file. A count per
    hash of the key finds the rows that may repeat one (a repeated key repeats its hash), and
    nothing more is done when there are none; else only those rows' keys are counted, and the
    repeated ones ordered."""
    key = ", ".join(f'"{k}"' for k in table.key)
    con.execute(
        "create or replace temp table repeated_hashes as select hash(" + key + ") as h "
        f"from {_valid(table.name)} group by all having count(*) > 1"
    )
    if not con.execute("select count(*) from repeated_hashes").fetchone()[0]:
        con.execute("drop table repeated_hashes")
        return
    rows = (
        f"(select * from {_valid(table.name)} where hash({key}) in (select h from repeated_hashes))"
    )
    value = " || ' / ' || ".join(f"coalesce(cast(d.\"{k}\" as varchar), '')" for k in table.key)
    con.execute(f"""
        insert into rejects
        select '{table.name}', d._line, '{", ".join(table.key)}', {value},
               'duplicate key: the same ' || '{", ".join(table.key)}' || ' as line ' || d.first_line,
               null, d._row
        from (select *, row_number() over (partition by {key} order by _row) as n,
                     first_value(_line) over (partition by {key} order by _row) as first_line
              from {rows} v
              semi join (select {key} from {rows} group by all
                         having count(*) > 1) repeated using ({key})) d
        where d.n > 1""")
    con.execute("drop table repeated_hashes")


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
    ones and those loaded before) are listed once, and every child table is checked against
    them in one statement."""
    con.execute(
        "create or replace temp table known_crimes as select crime_ref from "
        f"{_valid('crimes')} union select crime_ref from main.crimes"
    )
    con.execute(
        "create or replace temp table rejected_crimes as select r.crime_ref, min(j.line) as line "
        "from rejects j join raw_crimes r on j.table_name = 'crimes' and j.row_id = r._row "
        "group by r.crime_ref"
    )
    children = " union all ".join(
        f"select '{name}' as table_name, _line, crime_ref, _row from {_valid(name)}"
        for name in CRIME_CHILD_TABLES
        if name in tables
    )
    if children:  # every child table at once: the crimes known are hashed once
        con.execute(f"""
            insert into rejects
            select v.table_name, v._line, 'crime_ref', v.crime_ref,
                   'crime_ref is neither in this extract''s crimes nor loaded before'
                   || coalesce(' (its crimes row, line ' || bad.line || ', was rejected)', ''),
                   null, v._row
            from ({children}) v
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
    """Type every staged table and collect its rejects, in dependency order: each table's own
    checks (0 to 2), two tables at a time (parallel.py), then those across tables."""
    start_rejects(con)
    two_at_a_time(con, [_table_checks(con, t, extracted_at, dialect) for t in tables.values()])
    if "classifications" in tables:
        find_principal_problems(con, tables["classifications"])
    progress.step("orphans")
    find_orphans(con, tables)
    keep_copies(con, tables)


def _table_checks(con, table: Table, extracted_at, dialect: Dialect) -> Job:
    """The checks of one table that read no other (0 to 2, in order: a value quarantined for
    what it looks like is no first copy of a key), as a job for parallel.two_at_a_time."""

    def run(connection) -> None:
        find_personal_values(connection, table)
        type_table(connection, table, extracted_at, dialect)
        find_value_rejects(connection, table, extracted_at, dialect)
        find_duplicate_keys(connection, table)

    rows = con.execute(f"select count(*) from raw_{table.name}").fetchone()[0]
    return Job(table.name, rows * len(table.columns), run)


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
