"""Create the SQL objects of queries/sql/ inside a database, in dependency order.

Each file holds one object and is named after it; api_* files are the parameterised queries
the API runs (queries.api), not objects. Three objects are generated from the headers rather
than written by hand, so adding a measure is its msr_ file alone:
- measure_summary: every msr_* view as one table (one row per measure, month and area);
- measure_catalogue: each measure's label, unit, target setting, direction, required tables,
  theme and order, for the queries that score measures in SQL;
- audit_base_keys: the rows of every base table that repeat its key, the grain its stg_ view
  declares (should be none), checked at each load: the base tables keep no PRIMARY KEY index
  (pipelines/store.py says why), so this is what holds the keys;
- audit_unique_keys: the same for every table the build makes, checked at each load;
- audit_view_grains: the same for every other view with a grain. These views compute on
  demand from the tables audited above, so their grain is a property of their SQL: the tests
  check it on the hand-made fixtures and the sample, and `audits(con, views=True)` on any
  database. At each load it would cost more than the rest of the build (11 s of 23 s at 1 M
  crimes), computing every page's view in full for nobody.

Files are run so that every object comes after the objects it reads (found by name in its
text). `build_and_audit` is the loader's build step (pipelines/__main__.py composes the two):
it runs inside the load's all-or-nothing swap, so the derived tables (int_*, dmm_*, ...) are
rebuilt once per load and the pages aggregate one table instead of joining eleven. The base
tables' audit reads nothing the build makes, so it runs meanwhile, on a cursor of its own,
where the build's statements leave a core idle now and then: at 1 M crimes the audit alone
takes 0.9 s, and the build with it beside about 0.2 s less than with it after (over eight
alternating pairs).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from concurrent.futures import ThreadPoolExecutor
from graphlib import TopologicalSorter

import duckdb

from .catalogue import catalogue
from .headers import Header, headers, sql_files

GENERATED = (
    "measure_summary",
    "measure_catalogue",
    "audit_base_keys",
    "audit_unique_keys",
    "audit_view_grains",
)
# The audits a load does not run (see the module docstring): audits(con, views=True) does.
ON_DEMAND = ("audit_view_grains",)
# The audit a load runs beside the build (build_and_audit, base_keys_select): it reads only
# the base tables.
BESIDE_THE_BUILD = "audit_base_keys"


def sql_objects() -> dict[str, str]:
    """Every object's name and SQL text: the files (api_* queries left out) and the
    generated objects."""
    objects = {name: text for name, text in sql_files().items() if not name.startswith("api_")}
    objects["measure_summary"] = measure_summary_sql()
    objects["measure_catalogue"] = measure_catalogue_sql()
    kinds = {name: _creates_relation(name, text) for name, text in objects.items()}
    grains = {name: h for name, h in headers().items() if kinds.get(name)}
    objects["audit_base_keys"] = unique_keys_sql(
        "audit_base_keys",
        "rows of a base table that repeat its key, the grain its stg_ view declares (should "
        "be none). It reads the base tables themselves (each stg_ view keeps its table's "
        "column names), so a load runs it beside the build (queries.build)",
        base_keys_select(),
    )
    objects["audit_unique_keys"] = unique_keys_sql(
        "audit_unique_keys",
        "rows of a table the build makes that repeat the grain its header declares (should be "
        "none)",
        repeats_select({n: h for n, h in grains.items() if kinds[n] == "table"}),
    )
    objects["audit_view_grains"] = unique_keys_sql(
        "audit_view_grains",
        "rows of a view (other than stg_) that repeat the grain its header declares (should be "
        "none); not run at each load (queries.build)",
        repeats_select(
            {n: h for n, h in grains.items() if kinds[n] == "view" and not n.startswith("stg_")}
        ),
    )
    return objects


def _creates_relation(name: str, text: str) -> str | None:
    """'table' or 'view' when an object's SQL makes one (not a macro): its rows can be
    audited."""
    found = re.search(rf"create or replace (table|view) {re.escape(name)}\b", text)
    return found.group(1) if found else None


def api_sql(name: str) -> str:
    """The text of an api_* query file (its parameters are bound by the caller)."""
    return sql_files()[f"api_{name}"]


def measure_summary_sql() -> str:
    """measure_summary: every msr_* view's units, counted by measure, month and area."""
    selects = "\nunion all\n".join(
        f"select * from msr_{m.id}" for m in sorted(catalogue(), key=lambda m: m.id)
    )
    return (
        "-- measure_summary: every measure in the catalogue as one row set (docs/measures.md):\n"
        "-- each msr_* view lists a measure's units (its cases, victims or breaches: the\n"
        "-- denominator's population, or what a count counts) with met (in the numerator); here\n"
        "-- they are counted by month and area, for the months and areas where the population\n"
        "-- is not empty. denominator is NULL for a count. Summed over months and areas it gives\n"
        "-- the figure for any period; the same units open the cases behind a figure\n"
        "-- (api_measure_cases). A measure whose source table was never supplied has no rows.\n"
        "-- Generated from the msr_* headers (queries.build); materialised at each load.\n"
        "-- grain: measure_id, month, area_code\n"
        "create or replace table measure_summary as\n"
        "select\n"
        "    cast(u.measure_id as varchar) as measure_id,\n"
        "    cast(u.month as date) as month,\n"
        "    cast(u.area_code as varchar) as area_code,\n"
        "    cast(count(*) filter (where u.met) as bigint) as numerator,\n"
        "    cast(case when c.is_ratio then count(*) end as bigint) as denominator\n"
        f"from (\n{selects}\n) as u\n"
        "inner join measure_catalogue as c on u.measure_id = c.measure_id\n"
        "group by u.measure_id, u.month, u.area_code, c.is_ratio;\n"
    )


def _text(value: str | None) -> str:
    return "null" if value is None else "'" + value.replace("'", "''") + "'"


def measure_catalogue_sql() -> str:
    """measure_catalogue: the catalogue (queries.catalogue, from the msr_* headers) as a table."""
    rows = ",\n".join(
        f"    ({_text(m.id)}, {_text(m.label)}, {_text(m.recommendation)}, {_text(m.unit)}, "
        f"{str(m.is_ratio).lower()}, {_text(m.direction)}, {_text(m.target_setting)}, "
        f"[{', '.join(_text(t) for t in m.requires)}], {_text(m.theme)}, {position})"
        for position, m in enumerate(catalogue(), start=1)
    )
    return (
        "-- measure_catalogue: each measure's definition the SQL needs: label, recommendation, unit,\n"
        "-- whether it is a ratio, direction, target setting, the tables it requires, theme and\n"
        "-- position. Generated from the msr_* headers (queries.build).\n"
        "-- grain: measure_id\n"
        "create or replace table measure_catalogue as\n"
        "select * from (\n    values\n"
        f"{rows}\n"
        ") as m (measure_id, label, recommendation, unit, is_ratio, direction, target_setting,\n"
        "    requires, theme, position);\n"
    )


def base_keys_select() -> str:
    """audit_base_keys's SELECT: each stg_ view's grain, read from its base table. A load runs
    it beside the build (build_and_audit), before the build has made the view."""
    files = sql_files()
    return repeats_select(
        {
            name.removeprefix("stg_"): header
            for name, header in headers().items()
            if name.startswith("stg_") and _creates_relation(name, files.get(name, ""))
        }
    )


def unique_keys_sql(audit: str, says: str, select: str) -> str:
    """An audit view (audit_base_keys, audit_unique_keys, audit_view_grains) of a
    repeats_select."""
    return (
        f"-- {audit}: {says}. Generated from the `-- grain:` headers.\n"
        "-- grain: object_name, key_value\n"
        f"create or replace view {audit} as\n{select};\n"
    )


def repeats_select(objects: dict[str, Header]) -> str:
    """One select per table or view (objects: its name, and the header that declares its
    grain) of the rows repeating the grain, all in one."""
    parts = []
    for name, header in sorted(objects.items()):
        grain = header.grain
        if grain is None or name.startswith("audit_"):
            continue
        key = (
            "'one row'"
            if not grain
            else ("concat_ws(' / ', " + ", ".join(f"cast({c} as varchar)" for c in grain) + ")")
        )
        group = f" group by {', '.join(grain)}" if grain else ""
        parts.append(
            f"select '{name}' as object_name, {key} as key_value, count(*) as copies\n"
            f"from {name}{group}\nhaving count(*) > 1"
        )
    return "\nunion all\n".join(parts)


def build_order(objects: dict[str, str]) -> list[str]:
    """Object names ordered so that each comes after those it reads."""
    graph = {}
    for name, text in objects.items():
        body = re.sub(r"--[^\n]*", "", text)
        graph[name] = {
            other
            for other in objects
            if other != name and re.search(rf"\b{re.escape(other)}\b", body)
        }
    return list(TopologicalSorter(graph).static_order())


def fingerprint() -> str:
    """A digest of every SQL object's text: it changes when the code's measures change."""
    digest = hashlib.sha256()
    for name, text in sorted(sql_objects().items()):
        digest.update(name.encode() + b"\0" + text.encode() + b"\0")
    return digest.hexdigest()[:16]


def materialise(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create every query object in the connected database, and note which SQL built
    them (meta queries_fingerprint), so the app can tell when a rebuild is due. The first
    build also makes the database's disclosure key (fn_disclosure_key), kept across loads."""
    con.execute("insert or ignore into meta values ('disclosure_key', ?)", [secrets.token_hex(16)])
    _register_h3(con)
    objects = sql_objects()
    for name in build_order(objects):
        con.execute(objects[name])
    con.remove_function("h3_cell")
    con.execute("insert or replace into meta values ('queries_fingerprint', ?)", [fingerprint()])


def _register_h3(con: duckdb.DuckDBPyConnection) -> None:
    """h3_cell(latitude, longitude, resolution): the H3 hexagon of a point, for the build of
    int_case_cells only (the h3 library; DuckDB has no H3 without an extension to download).
    A function of one row at a time: at 1 M crimes 0.25 s, where one of Arrow arrays took 0.45 s
    (pyarrow imports pandas to make an array from a list)."""
    import h3

    con.create_function(  # NULL for a point without a coordinate (DuckDB's null handling)
        "h3_cell",
        h3.latlng_to_cell,
        ["DOUBLE", "DOUBLE", "INTEGER"],
        "VARCHAR",
        type="native",
        side_effects=False,
    )


def audits(
    con: duckdb.DuckDBPyConnection, views: bool = False, leave_out: tuple[str, ...] = ()
) -> dict[str, int]:
    """Rows returned by each audit_* view (an invariant broken), only where there are some;
    the views' own grains (ON_DEMAND) only when views is true, and none of leave_out."""
    counts = {}
    for name in sql_objects():
        if name.startswith("audit_") and (views or name not in ON_DEMAND) and name not in leave_out:
            n = _broken_rows(con, f"select * from {name}")
            if n:
                counts[name] = n
    return counts


def build_and_audit(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The load's build (materialise) and its audits ({audit view: rows breaking it}, only
    where there are some). The base tables' audit runs beside the build, on a cursor: a
    connection of its own, which sees what is committed and not the build's transaction. So
    the base tables must be committed before (a load's merge commits them; a rebuild changes
    none), and the build changes none of them. The cursor runs the view's SELECT
    (base_keys_select), as the view itself is made by the build."""
    cursor = con.cursor()
    try:
        with ThreadPoolExecutor(1, thread_name_prefix="audit") as pool:
            beside = pool.submit(_broken_rows, cursor, base_keys_select())
            materialise(con)
            counts = audits(con, leave_out=(BESIDE_THE_BUILD,))
            if n := beside.result():
                counts[BESIDE_THE_BUILD] = n
    finally:
        cursor.close()
    return counts


def _broken_rows(con: duckdb.DuckDBPyConnection, select: str) -> int:
    return con.execute(f"select count(*) from ({select})").fetchone()[0]
