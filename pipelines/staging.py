"""Stage an extract's files as contract-shaped raw_<table> tables, with or without a profile.

A contract extract: each TABLE file is read straight into raw_<table>, two files at a time
(parallel.py): DuckDB reads most files of an extract on one thread, and Python's look at a
file's bytes (sniff.py, records.py) holds one core while DuckDB reads another file on the
other. Either way raw_<table> is made in the database the load's cursors all see
(parallel.SHARED), where validation's checks of each table, two at a time too, read it.

Through a profile (profile.py), each file of the export is read once into
`src_<n>`, holding only the source columns the profile uses (personal-data
and other columns are never read), and each contract table is then made from
it in SQL: headers renamed, values translated by the profile's vocabularies,
rows derived (one per [[rows]] group of a line: a wide crimes file's offence
columns become classification rows) and routed (a persons file's role column
sends each row to victims or suspects). Every derived row keeps the line of
the file it came from, so rejects and refusals name the export's own file and
line. A value the vocabulary does not know is left as it was, so validation
quarantines it with its reason; a row the split column cannot route is
quarantined too. Nothing is dropped without a word.

A profile whose crimes say `area_from_lsoa` has its crimes' area_code found here, from the
reference LSOA table (lsoas.csv, loaded before staging): a crime whose LSOA the table does
not know is left without one, and validation quarantines it with that reason (values.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from . import progress
from .contract import TABLES, normalise_header
from .errors import ExtractRefused
from .excel import stage_xlsx
from .parallel import SHARED, Job, in_shared, two_at_a_time
from .personal import withhold
from .profile import KEY_JOIN, VALUE_KEY_SQL, Profile, TableMap, value_key
from .reading import (
    Layout,
    SourceFile,
    StructuralReject,
    contract_layout,
    match_header,
    raw_json,
    stage_csv,
    stage_parquet,
)
from .values import json_sql, sql_text


@dataclass(frozen=True)
class Found:
    """One file of the extract, or one sheet of a workbook."""

    path: Path
    sheet: str | None = None

    @property
    def format(self) -> str:
        return self.path.suffix.lower().lstrip(".")

    @property
    def name(self) -> str:
        return self.path.name + (f", sheet {self.sheet}" if self.sheet else "")


@dataclass
class LeftOut:
    """Rows of a file that a profile says belong to no table (a witness in a persons file)."""

    file: str
    column: str
    value: str
    rows: int


def stage_file(con, source: SourceFile, workdir: Path, layout: Layout) -> None:
    """Read one file (CSV, Parquet or a workbook's sheet) into the layout's staging table."""
    if source.format == "csv":
        stage_csv(con, source, workdir, layout)
    elif source.format == "parquet":
        stage_parquet(con, source, layout)
    else:
        stage_xlsx(con, source, layout)


def stage_contract(con, files: dict[str, Found], workdir: Path) -> dict[str, SourceFile]:
    """Stage a contract extract: each table's file into raw_<table>, two files at a time (a
    workbook in the main thread: parallel.Job.main_thread). When several files are refused,
    the refusal said is that of the first in the contract's order."""
    sources = {
        table.name: SourceFile(table, found.path, found.format, sheet=found.sheet)
        for table in TABLES
        if (found := files.get(table.name)) is not None
    }
    two_at_a_time(con, [_job(s, workdir) for s in sources.values()])
    return sources


def _job(source: SourceFile, workdir: Path) -> Job:
    def read(connection) -> None:
        stage_file(connection, source, workdir, contract_layout(source.table, SHARED))

    try:
        size = source.path.stat().st_size
    except OSError:
        size = 0
    said = f"{source.table.name} ({source.name})"
    return Job(said, size, read, main_thread=source.format == "xlsx")


def stage_profile(
    con, profile: Profile, files: dict[str, Found], workdir: Path
) -> tuple[dict[str, SourceFile], list[LeftOut]]:
    """Stage an export through its profile: raw_<table> for each table the profile makes."""
    sources: dict[str, SourceFile] = {}
    left_out: list[LeftOut] = []
    for n, (alias, found) in enumerate(files.items()):
        maps = profile.tables_of(alias)
        progress.step(f"{found.name} ({', '.join(t.table.name for t in maps)})")
        src = SourceFile(maps[0].table, found.path, found.format, sheet=found.sheet)
        columns = [normalise_header(c) for c in profile.used_columns(alias)]
        layout = Layout(
            f"src_{n}", tuple(columns), _planner(profile, alias), _dated_sources(profile, alias)
        )
        stage_file(con, src, workdir, layout)
        for i, tmap in enumerate(maps):
            source = SourceFile(
                tmap.table, found.path, found.format, src.encoding, sheet=found.sheet
            )
            present = set(src.present)
            _make_raw(con, layout.target, tmap, profile.files[alias].split_by, present)
            source.present = [
                c
                for c in tmap.table.column_names
                if any(
                    c in g.constants or c in g.key_from or _sources(g, c, present)
                    for g in tmap.groups()
                )
            ]
            if i == 0:  # the file's own findings are reported once, with its first table
                source.ignored, source.personal = src.ignored, src.personal
                source.structural = src.structural + _unroutable(con, profile, alias, layout)
            source.held = _held(con, profile, alias, layout, tmap, present)
            source.rows_read = con.execute(
                f"select count(*) from raw_{tmap.table.name}"
            ).fetchone()[0] + len(source.structural)
            sources[tmap.table.name] = source
        left_out += _left_out(con, profile, alias, layout, src.name)
    if "crimes" in sources and profile.area_from_lsoa:
        derive_area(con)
    return {t.name: sources[t.name] for t in TABLES if t.name in sources}, left_out


def derive_area(con) -> None:
    """raw_crimes.area_code: the area of the crime's LSOA in the reference LSOA table (lsoas),
    matched whatever the case and surrounding spaces; NULL when the table does not know it."""
    con.execute(
        "update raw_crimes set area_code = l.area_code from (select upper(trim(lsoa_code)) "
        "as lsoa, any_value(area_code) as area_code from lsoas group by 1) l "
        "where upper(trim(raw_crimes.lsoa_code)) = l.lsoa"
    )


def _dated_sources(profile: Profile, alias: str) -> frozenset[str]:
    """The source columns of a file that feed a timestamp or date column: dates by right."""
    return frozenset(
        normalise_header(name)
        for tmap in profile.tables_of(alias)
        for group in tmap.groups()
        for column, names in group.columns.items()
        if tmap.table.column(column).kind in ("timestamp", "date")
        for name in names
    )


def _planner(profile: Profile, alias: str):
    """The header check for one file of a profile: its columns, or a refusal."""
    wanted = {normalise_header(c): c for c in profile.used_columns(alias)}
    needed = _needed(profile, alias)

    def plan(source: SourceFile, header: list[str]) -> list[str | None]:
        seen, mapping = match_header(source, header, wanted, name_as_written=True)
        source.present = list(seen)
        for names, role in needed:
            if not any(normalise_header(s) in seen for s in names):
                raise ExtractRefused(
                    source.name,
                    "a column the profile reads is missing",
                    line=1,
                    column=" or ".join(names),
                    expected=f"a header named {' or '.join(names)} (for {role}, profile "
                    f"{profile.name})",
                )
        return mapping

    return plan


def _needed(profile: Profile, alias: str) -> list[tuple[tuple[str, ...], str]]:
    """The columns a file must have, each as (any of these names, what it is for)."""
    spec = profile.files[alias]
    needed = [((spec.split_by,), f"files.{alias}.split_by")] if spec.split_by else []
    for tmap in profile.tables_of(alias):
        for group in tmap.groups():
            for column in tmap.table.columns:
                if column.not_null and group.columns.get(column.name):
                    names = group.columns[column.name]
                    needed.append((names, f"{tmap.table.name}.{column.name}"))
            if group.only_if:
                needed.append(((group.only_if,), f"only_if of a {tmap.table.name} row"))
            for column, parts in group.key_from.items():  # every part of a key
                role = f"{tmap.table.name}.{column}, a part of its key"
                needed += [((part,), role) for part in parts]
            if tmap.area_from_lsoa and group.columns.get("lsoa_code"):
                needed.append((group.columns["lsoa_code"], "crimes.lsoa_code, the area's"))
    return needed


def _sources(group, column: str, present: set[str]) -> list[str]:
    """The staged columns a contract column comes from, those the file has, in order."""
    return [
        normalise_header(s) for s in group.columns.get(column, ()) if normalise_header(s) in present
    ]


def _has_value(column: str) -> str:
    return f"nullif(trim(\"{column}\"), '') is not null"


def _value(group, column: str, tmap: TableMap, present: set[str]) -> str:
    """SQL for a contract column of one derived row: source columns, translated, or a constant."""
    if column in group.constants:
        return sql_text(group.constants[column])
    if column in group.key_from:
        return _key_from(group.key_from[column], present)
    names = _sources(group, column, present)
    if not names:
        return "null::varchar"
    if len(names) == 1:
        value = f'"{names[0]}"'
    else:
        value = "coalesce(" + ", ".join(f"nullif(trim(\"{n}\"), '')" for n in names) + ")"
    vocabulary = tmap.vocabulary.get(column)
    if not vocabulary:
        return value
    whens = " ".join(f"when {sql_text(k)} then {sql_text(v)}" for k, v in vocabulary.items())
    return f"case {VALUE_KEY_SQL.format(value)} {whens} else {value} end"


def _key_from(parts: tuple[str, ...], present: set[str]) -> str:
    """SQL for a computed key (profile key_from): its parts trimmed and joined by KEY_JOIN,
    NULL when any part is blank (the row is then quarantined for a missing key value)."""
    names = [normalise_header(s) for s in parts]
    if any(n not in present for n in names):
        return "null::varchar"
    trimmed = [f"nullif(trim(\"{n}\"), '')" for n in names]
    return f"case when {' and '.join(f'{t} is not null' for t in trimmed)} then " + (
        f" || {sql_text(KEY_JOIN)} || ".join(trimmed) + " end"
    )


def _route(tmap: TableMap, split_by: str | None) -> str:
    if not split_by:
        return "true"
    values = ", ".join(sql_text(value_key(v)) for v in tmap.split_values)
    return f"{_split_key(split_by)} in ({values})"


def _make_raw(con, src: str, tmap: TableMap, split_by: str | None, present: set[str]) -> None:
    """raw_<table> from a staged file: one row per line and group that has a value."""
    table, parts = tmap.table, []
    for g, group in enumerate(tmap.groups()):
        own = [normalise_header(s) for s in group.own if normalise_header(s) in present]
        if group.own and not own:
            continue  # none of this group's columns is in the file: it yields no row
        when = " or ".join(_has_value(s) for s in own) if own else "true"
        values = ", ".join(
            f'{_value(group, c, tmap, present)} as "{c}"' for c in table.column_names
        )
        parts.append(
            f"select _line, {g} as _group, {values} from {src} "
            f"where {_route(tmap, split_by)} and ({when})"
        )
    columns = ", ".join(f'"{c}"' for c in table.column_names)
    con.execute(
        f"create or replace table {in_shared('raw_' + table.name)} as "
        f"select row_number() over (order by _line, _group) as _row, _line, {columns} "
        f"from ({' union all '.join(parts)})"
    )


def _split_key(split_by: str) -> str:
    return VALUE_KEY_SQL.format(f'"{normalise_header(split_by)}"')


def _unrouted(profile: Profile, alias: str) -> str:
    """SQL condition on a staged row: its split value is no table's and not skipped."""
    spec = profile.files[alias]
    known = [value_key(v) for t in profile.tables_of(alias) for v in t.split_values]
    known += [value_key(v) for v in spec.skip]
    return f"coalesce({_split_key(spec.split_by)}, '') not in ({', '.join(map(sql_text, known))})"


def _held(con, profile: Profile, alias: str, layout: Layout, tmap: TableMap, present) -> list[str]:
    """The crimes of the rows a split file could not route (see SourceFile.held)."""
    if not profile.files[alias].split_by:
        return []
    crime_ref = _value(tmap.groups()[0], "crime_ref", tmap, present)
    rows = con.execute(
        f"select distinct trim({crime_ref}) from {layout.target} "
        f"where {_unrouted(profile, alias)} and nullif(trim({crime_ref}), '') is not null"
    ).fetchall()
    return sorted(r[0] for r in rows)


def _unroutable(con, profile: Profile, alias: str, layout: Layout) -> list[StructuralReject]:
    """Rows whose split value is no table's and not skipped: quarantined, never dropped."""
    spec = profile.files[alias]
    if not spec.split_by:
        return []
    routes = [(t.table.name, v) for t in profile.tables_of(alias) for v in t.split_values]
    said = "; ".join(
        [f"{v} goes to {name}" for name, v in routes] + [f"{v} is left out" for v in spec.skip]
    )
    rows = con.execute(
        f'select _line, "{normalise_header(spec.split_by)}", '
        f"{json_sql(layout.columns, layout.target)} from {layout.target} "
        f"where {_unrouted(profile, alias)} order by _line"
    ).fetchall()
    rejects = []
    for line, value, raw in rows:
        raw = raw_json(json.loads(raw), layout.dated)  # withhold what looks like a person
        what = "is blank" if not (value or "").strip() else "has a value the profile does not route"
        rejects.append(
            StructuralReject(
                line,
                f"{spec.split_by} {what} ({said})",
                raw,
                column=spec.split_by,
                value=withhold(value),
            )
        )
    return rejects


def _left_out(con, profile: Profile, alias: str, layout: Layout, name: str) -> list[LeftOut]:
    spec = profile.files[alias]
    if not spec.skip:
        return []
    skipped = ", ".join(sql_text(value_key(v)) for v in spec.skip)
    rows = con.execute(
        f'select min(trim("{normalise_header(spec.split_by)}")), count(*) from {layout.target} '
        f"where {_split_key(spec.split_by)} in ({skipped}) group by {_split_key(spec.split_by)} "
        "order by 1"
    ).fetchall()
    return [LeftOut(name, spec.split_by, value, n) for value, n in rows]
