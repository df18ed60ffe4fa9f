"""Merge the validated rows of an extract into the base tables, and write its audit rows.

The merge rules (docs/extract.md, "Loading rules"):
- Crime-scoped replace: for each crime-scoped table in the extract, the rows of
  every crime in the extract replace that crime's rows already loaded. A crime
  is in the extract when it has a valid crimes row or a valid row in that
  table. A crime whose rows in a table were *all* quarantined keeps the rows
  it had (a broken export is not evidence that its victims disappeared); so
  does a crime with a person row its profile could not route to a table.
- Newest wins: a crime (order, breach) loaded from a later extract is not
  overwritten; its rows in this extract are counted as skipped. An extract as
  at the same moment replaces (so a reload is idempotent and a corrected
  re-export of the same moment applies).
- orders upsert by order_id and breaches by (order_id, crime_ref); v2: staff by staff_ref,
  training by (staff_ref, course, completed_at), complaints by complaint_ref, each newest
  wins by its key.
- v2: a table that replaces_all (actions, the force's action plan) is replaced whole by an
  extract that supplies it (_replace_all says when it is not).
Every row read is counted once as loaded, rejected or skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .contract import Table
from .parallel import Job, in_shared, two_at_a_time
from .reading import SourceFile
from .store import VERSIONED
from .validate import valid_rows


@dataclass
class TableCounts:
    table: str
    file: str
    file_format: str
    encoding: str | None
    read: int
    loaded: int
    rejected: int
    skipped: int
    absent: list[str]
    ignored: list[str]
    personal: list[str]


def _columns(table: Table) -> str:
    return ", ".join(f'"{c}"' for c in table.column_names)


def find_newer(con, extracted_at) -> None:
    """The table `newer`: crimes already loaded from a later extract (newest wins), in the
    database the load's cursors share (parallel.SHARED)."""
    con.execute(
        f"create or replace table {in_shared('newer')} as "
        "select crime_ref from main.crimes where extracted_at > $x",
        {"x": extracted_at},
    )


def held_by_later(table: Table) -> str:
    """SQL condition on a valid row `i`: a later extract already holds it, so it is skipped."""
    if table.crime_scoped or table.name == "crimes":
        return "i.crime_ref in (select crime_ref from newer)"
    if table.replaces_all:  # the register as a whole is newer
        return f"exists (select 1 from main.{table.name} m where m.extracted_at > $x)"
    match = " and ".join(f"m.{k} = i.{k}" for k in table.key)
    return f"exists (select 1 from main.{table.name} m where {match} and m.extracted_at > $x)"


def rejected_rows(con, table: str) -> int:
    """Rows of a table with at least one reject."""
    return con.execute(
        "select count(distinct row_id) from rejects where table_name = ?", [table]
    ).fetchone()[0]


def merge(con, sources: dict[str, SourceFile], extracted_at, load_id: int) -> list[TableCounts]:
    """Merge each staged table's valid rows into its base table; the counts per table, in the
    order of sources.

    What every table's merge reads is made first, in the database the load's cursors share:
    the crimes a later extract holds (newer), the crimes of person rows a profile held back,
    and the crimes of this extract (incoming_crimes). Then the tables are merged two at a time
    (parallel.py), each in a transaction of its own on its cursor: each writes one base table
    and reads no other. The load stays all or nothing through its swap (pipelines/load.py)."""
    params = {"x": extracted_at, "load_id": load_id}
    find_newer(con, extracted_at)
    held = [(name, ref) for name, s in sources.items() for ref in s.held]
    con.execute(
        f"create or replace table {in_shared('held_back')} (table_name VARCHAR, crime_ref VARCHAR)"
    )
    if held:
        con.executemany(f"insert into {in_shared('held_back')} values (?, ?)", held)
    if "crimes" in sources:
        con.execute(
            f"create or replace table {in_shared('incoming_crimes')} as select crime_ref "
            f"from {valid_rows('crimes')} where crime_ref not in (select crime_ref from newer)"
        )
    counts: dict[str, TableCounts] = {}
    jobs = [
        Job(name, s.rows_read * len(s.table.columns), _merge_job(name, s, params, counts))
        for name, s in sources.items()
    ]
    two_at_a_time(con, jobs)
    return [counts[name] for name in sources]


def _merge_job(name: str, source: SourceFile, params: dict, counts: dict):
    """One table's merge, as a job for parallel.two_at_a_time: its counts go in counts."""

    def run(con) -> None:
        con.execute("begin")
        counts[name] = _merge_table(con, name, source, params)
        con.execute("commit")

    return run


def _merge_table(con, name: str, source: SourceFile, params: dict) -> TableCounts:
    """One table's valid rows into its base table, by its rule (crime-scoped replace, upsert
    or the whole register); what it loaded, rejected and skipped."""
    table = source.table
    con.execute(f"create or replace temp view incoming as select * from {valid_rows(name)}")
    if table.crime_scoped or name == "crimes":
        _replace_by_crime(con, table, params)
    elif table.replaces_all:
        _replace_all(con, table, params)
    else:
        _upsert(con, table, params)
    loaded = con.execute(
        f"select count(*) from main.{name} where load_id = ?", [params["load_id"]]
    ).fetchone()[0]
    valid = con.execute("select count(*) from incoming").fetchone()[0]
    return TableCounts(
        name,
        source.name,
        source.format,
        source.encoding,
        source.rows_read,
        loaded,
        rejected_rows(con, name),
        valid - loaded,
        [c for c in table.column_names if c not in source.present],
        source.ignored,
        source.personal,
    )


def _replace_by_crime(con, table: Table, params) -> None:
    """Replace each crime's rows with the extract's, leaving newer crimes alone.

    Every crime of a valid row is in the replace set unless a later extract holds it (the
    set's other exceptions are crimes with no valid row), so the rows inserted are simply
    those of crimes not newer; the set itself is needed only to delete old rows, and is not
    made when the table holds none (a first load)."""
    name = table.name
    insert = "incoming where crime_ref not in (select crime_ref from newer)"
    if not con.execute(f"select exists (select 1 from main.{name})").fetchone()[0]:
        _insert(con, table, insert, params)
        return
    if name == "crimes":
        replace = "select crime_ref from incoming_crimes"
    else:
        replace = (
            "(select crime_ref from incoming_crimes union select crime_ref from incoming) "
            "except select crime_ref from newer "
            f"except (select r.crime_ref from rejects j join raw_{name} r "
            f"on j.table_name = '{name}' and j.row_id = r._row "
            f"union select crime_ref from held_back where table_name = '{name}' "
            "except select crime_ref from incoming)"
        )
    con.execute(f"create or replace temp table replace_set as {replace}")
    con.execute(f"delete from main.{name} where crime_ref in (select crime_ref from replace_set)")
    _insert(con, table, insert, params)


def _upsert(con, table: Table, params) -> None:
    """Insert or replace rows by key unless the loaded row came from a later extract."""
    name = table.name
    key = ", ".join(table.key)
    con.execute(
        f"create or replace temp table upserting as select i.* from incoming i "
        f"where not {held_by_later(table)}",
        {"x": params["x"]},
    )
    con.execute(f"delete from main.{name} where ({key}) in (select ({key}) from upserting)")
    _insert(con, table, "upserting", params)


def _replace_all(con, table: Table, params) -> None:
    """v2 (Table.replaces_all, the action plan): the extract's valid rows become the whole
    register; a row loaded before whose key is not in the file goes. Three exceptions keep
    what was loaded: a register loaded from a later extract is left whole (newest wins; every
    row is counted skipped); a row of the file that was quarantined keeps its key's old row
    (like a crime whose rows were all quarantined); and a file with no valid row at all (every
    row quarantined, or a header alone) replaces nothing: a broken or empty export is not
    evidence that the force dropped its whole plan."""
    name = table.name
    key = ", ".join(table.key)
    newer = con.execute(
        f"select count(*) from main.{name} where extracted_at > $x", {"x": params["x"]}
    ).fetchone()[0]
    valid = con.execute("select count(*) from incoming").fetchone()[0]
    if newer or not valid:
        return
    con.execute(
        f"delete from main.{name} where ({key}) not in (select ({key}) from typed_{name} "
        f"where _row in (select row_id from rejects where table_name = '{name}') "
        f"and ({key}) is not null)"
    )
    con.execute(f"delete from main.{name} where ({key}) in (select ({key}) from incoming)")
    _insert(con, table, "incoming", params)


def _insert(con, table: Table, rows: str, params) -> None:
    """Insert `rows` (a relation, with any condition) into the base table by column name
    (a database upgraded from schema 1 has the v2 columns last), with each row's lineage: the
    load and the line, and the as-at moment for a table that keeps it (store.VERSIONED)."""
    lineage = "$load_id as load_id, _line as source_line"
    if table.name in VERSIONED:
        lineage = "$x as extracted_at, " + lineage
    used = {k: v for k, v in params.items() if f"${k}" in lineage}
    con.execute(
        f"insert into main.{table.name} by name select {_columns(table)}, {lineage} from {rows}",
        used,
    )


def write_audit(
    con, report, sources: dict[str, SourceFile], strict: bool, started: datetime
) -> None:
    """The load's rows in load_rejects, load_tables and load_log (report: a LoadReport)."""
    load_id, m = report.load_id, report.manifest
    con.execute(
        "insert into load_rejects select ?, j.table_name, f.file, j.line, j.column_name, "
        "j.value, j.reason, j.raw from rejects j join (select unnest(?) as table_name, "
        "unnest(?) as file) f using (table_name)",
        [load_id, list(sources), [s.name for s in sources.values()]],
    )
    for t in report.tables:
        con.execute(
            "insert into load_tables values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                load_id,
                t.table,
                t.file,
                t.file_format,
                t.encoding,
                t.read,
                t.loaded,
                t.rejected,
                t.skipped,
                t.absent,
                t.ignored,
                t.personal,
            ],
        )
    con.execute(
        "insert into load_log values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'committed', ?, ?, ?, ?)",
        [
            load_id,
            started,
            datetime.now().replace(microsecond=0),
            str(report.extract_path),
            m.extracted_at,
            m.source,
            m.kind,
            m.force,
            m.system,
            strict,
            report.total("read"),
            report.total("loaded"),
            report.total("rejected"),
            report.total("skipped"),
        ],
    )
