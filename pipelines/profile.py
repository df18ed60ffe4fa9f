"""Source-system profiles: how one system's export maps onto the extract contract.

A profile is a TOML file (pipelines/profiles/NAME.toml, or any path) that an
analyst writes, not code. It names the export's files, which contract table
each feeds and from which columns, the values to translate (risk "H" is
"high", an outcome label is a Home Office outcome number), rows to derive (a
wide crimes file's offence columns become classification rows; a persons file
splits into victims and suspects by a role column) and extra date formats.
docs/profiles.md explains every key.

This module reads and checks a profile; staging.py applies it. A profile that
is malformed is refused with a message naming the profile file and the key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from .contract import TABLES, TABLES_BY_NAME, Column, Table, normalise_header
from .errors import ExtractRefused
from .personal import looks_personal, looks_personal_free_text
from .values import FALSE_WORDS, TRUE_WORDS, Dialect

PROFILES_DIR = Path(__file__).parent / "profiles"
TOP_KEYS = {"description", "date_formats", "files", "tables"}
FILE_KEYS = {"name", "sheet", "split_by", "skip", "required"}
TABLE_KEYS = {"file", "split_values", "columns", "constants", "vocabulary", "rows", "key_from"}
# key_from: a key column the export has no id for, made from several of its columns (KEY_JOIN)
KEY_JOIN = "/"
CRIMES_KEYS = TABLE_KEYS | {"area_from_lsoa"}  # crimes.area_code from the reference LSOA table
ROW_KEYS = {"columns", "constants", "only_if"}
NOTE_VALUES = 8  # vocabulary entries quoted in a reject's reason


def value_key(text: str) -> str:
    """A value as vocabularies match it: case, surrounding and repeated spaces aside."""
    return re.sub(r"[\t\n\f\r ]+", " ", text.lower()).strip(" ")


# The same in SQL, for staging.py.
VALUE_KEY_SQL = "trim(regexp_replace(lower({}), '\\s+', ' ', 'g'))"


@dataclass(frozen=True)
class FileSpec:
    """One file of the export (or one sheet of a workbook)."""

    alias: str
    name: str  # a file name or stem; * and ? are wildcards
    sheet: str | None = None
    split_by: str | None = None  # the column saying which table a row belongs to
    skip: tuple[str, ...] = ()  # split_by values whose rows belong to no table
    required: bool = False


@dataclass(frozen=True)
class Group:
    """One contract row made from each source line: contract column -> source columns."""

    columns: dict[str, tuple[str, ...]]
    constants: dict[str, str]
    own: tuple[str, ...] = ()  # a line yields this row when one of these has a value
    only_if: str | None = None
    key_from: dict[str, tuple[str, ...]] = field(default_factory=dict)  # key column -> parts


@dataclass(frozen=True)
class TableMap:
    """How one contract table is made from one file."""

    table: Table
    file: str
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    vocabulary: dict[str, dict[str, str]] = field(default_factory=dict)  # keys are value_key()s
    shown: dict[str, tuple[str, ...]] = field(default_factory=dict)  # vocabulary as written
    rows: tuple[Group, ...] = ()
    split_values: tuple[str, ...] = ()
    area_from_lsoa: bool = False  # crimes: area_code is the area of lsoa_code in lsoas.csv
    key_from: dict[str, tuple[str, ...]] = field(default_factory=dict)  # computed key columns

    def groups(self) -> list[Group]:
        """The rows each line yields, table-level columns included in each."""
        if not self.rows:
            return [Group(self.columns, self.constants, (), None, self.key_from)]
        return [
            Group(
                {**self.columns, **g.columns},
                {**self.constants, **g.constants},
                g.own,
                g.only_if,
                self.key_from,
            )
            for g in self.rows
        ]

    def sources(self) -> set[str]:
        """Every source column this table reads."""
        found = {s for g in self.groups() for cols in g.columns.values() for s in cols}
        found |= {s for parts in self.key_from.values() for s in parts}
        return found | {s for g in self.rows for s in g.own}

    def source_of(self, column: str) -> str | None:
        """The source column(s) a contract column comes from, as the profile spells them."""
        names = []
        for g in self.groups():
            names += [s for s in g.columns.get(column, ()) if s not in names]
        return " or ".join(names) or None


@dataclass(frozen=True)
class Profile:
    """A source system's export, mapped onto the contract."""

    name: str
    path: Path
    description: str
    date_formats: tuple[str, ...]
    files: dict[str, FileSpec]
    tables: dict[str, TableMap]  # in contract order

    @property
    def label(self) -> str:
        """The profile file as messages name it."""
        return _label(self.path)

    def tables_of(self, alias: str) -> list[TableMap]:
        return [t for t in self.tables.values() if t.file == alias]

    def used_columns(self, alias: str) -> list[str]:
        """The source columns read from a file, in a stable order."""
        spec, used = self.files[alias], set()
        for t in self.tables_of(alias):
            used |= t.sources()
        if spec.split_by:
            used.add(spec.split_by)
        return sorted(used, key=normalise_header)

    @property
    def area_from_lsoa(self) -> bool:
        """Whether crimes.area_code is found from the LSOA (the crimes table's area_from_lsoa)."""
        return self.tables["crimes"].area_from_lsoa

    def dialect(self) -> Dialect:
        """The date formats, the notes on vocabularies and the derived area validation uses."""
        notes = {}
        for t in self.tables.values():
            for column, written in t.shown.items():
                shown = ", ".join(written[:NOTE_VALUES]) + (
                    ", ..." if len(written) > NOTE_VALUES else ""
                )
                notes[(t.table.name, column)] = (
                    f"profile {self.name} translates {t.source_of(column)}: {shown}"
                )
        return Dialect(self.date_formats, notes, self.area_from_lsoa, self.name)


def resolve(name_or_path: str | Path) -> Path:
    """The profile file: a shipped profile's name, or a path to a .toml file."""
    text = str(name_or_path)
    if text.endswith(".toml") or "/" in text or "\\" in text:
        path = Path(text)
        if not path.is_file():
            raise ExtractRefused(text, "the profile file does not exist", expected="a .toml file")
        return path
    path = PROFILES_DIR / f"{text}.toml"
    if not path.is_file():
        known = ", ".join(p.stem for p in sorted(PROFILES_DIR.glob("*.toml")))
        raise ExtractRefused(
            f"profile {text}",
            "there is no such profile",
            expected=f"one of {known}, or a path to a .toml file",
        )
    return path


def load_profile(name_or_path: str | Path) -> Profile:
    """Read and check a profile, refusing a malformed one with its file and key."""
    path = resolve(name_or_path)
    return _Reader(path).profile()


def as_profile(profile: Profile | str | Path | None) -> Profile | None:
    """A Profile from a Profile, a shipped profile's name or a path to one."""
    return profile if profile is None or isinstance(profile, Profile) else load_profile(profile)


def shipped_profiles() -> list[Profile]:
    """The profiles that come with the loader."""
    return [load_profile(p) for p in sorted(PROFILES_DIR.glob("*.toml"))]


def _label(path: Path) -> str:
    """A path as messages show it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def is_month_first(fmt: str) -> bool:
    """A numeric month before the day with no year first: 03/04/2025 read as 4 March."""
    month, day, year = fmt.find("%m"), fmt.find("%d"), fmt.find("%Y")
    return month >= 0 and day > month and not (0 <= year < month)


class _Reader:
    """Reads one profile file; every refusal names the file and the key."""

    def __init__(self, path: Path):
        self.path, self.label = path, _label(path)

    def refuse(self, key: str | None, problem: str, expected: str | None = None):
        raise ExtractRefused(self.label, problem, key=key, expected=expected)

    def profile(self) -> Profile:
        try:
            data = tomllib.loads(self.path.read_text(encoding="utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            self.refuse(
                None, f"the profile is not valid TOML: {e}", "TOML as docs/profiles.md shows"
            )
        self._known(data, TOP_KEYS, "")
        description = data.get("description", "")
        if not isinstance(description, str):
            self.refuse("description", "the description is not text")
        formats = self._formats(data.get("date_formats", []))
        files = self._files(data.get("files"))
        tables = self._tables(data.get("tables"), files)
        for alias in files:
            if not any(t.file == alias for t in tables.values()):
                self.refuse(
                    f"files.{alias}",
                    "no table reads this file",
                    f'a table with file = "{alias}", or remove the file',
                )
        files = {
            alias: FileSpec(
                spec.alias,
                spec.name,
                spec.sheet,
                spec.split_by,
                spec.skip,
                spec.required or any(t.file == alias and t.table.required for t in tables.values()),
            )
            for alias, spec in files.items()
        }
        return Profile(self.path.stem, self.path, description, formats, files, tables)

    def _known(self, data, allowed: set[str], prefix: str) -> None:
        if not isinstance(data, dict):
            self.refuse(prefix.rstrip(".") or None, "expected a table of keys")
        for key in data:
            if key not in allowed:
                self.refuse(f"{prefix}{key}", "unknown key", "one of " + ", ".join(sorted(allowed)))

    def _text_list(self, value, key: str) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            self.refuse(key, "expected a column name or a list of them")
        for name in value:
            if not normalise_header(name):
                self.refuse(key, f"{name!r} is not a column name", "letters or digits")
        return tuple(value)

    def _formats(self, value) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.refuse("date_formats", "expected a list of formats", 'e.g. ["%d-%b-%Y %H:%M"]')
        with duckdb.connect() as con:
            for fmt in value:
                try:
                    con.execute("select try_strptime('', ?)", [fmt]).fetchall()
                except duckdb.Error:
                    self.refuse(
                        "date_formats",
                        f"{fmt!r} is not a date format",
                        "strptime codes such as %d/%m/%Y %H:%M",
                    )
                self._day_month_year(fmt)
                if is_month_first(fmt):
                    self.refuse(
                        "date_formats",
                        f"{fmt!r} reads the month first, which the contract never does",
                        "day-first (%d/%m/%Y) or a month name (%d-%b-%Y)",
                    )
        return tuple(value)

    def _day_month_year(self, fmt: str) -> None:
        """A date format reads a day and a month, or (month-only values, read as the first of
        the month) a month and a year."""
        month = any(m in fmt for m in ("%m", "%b", "%B"))
        if month and ("%d" in fmt or "%Y" in fmt):
            return
        self.refuse(
            "date_formats",
            f"{fmt!r} has no day or no month",
            "a day (%d) and a month (%m, %b or %B), or for month-only values a month and a "
            "year (%Y-%m: read as the first of the month)",
        )

    def _files(self, value) -> dict[str, FileSpec]:
        if not isinstance(value, dict) or not value:
            self.refuse("files", "the profile names no files", "[files.ALIAS] with name = ...")
        return {alias: self._file(alias, spec) for alias, spec in value.items()}

    def _file(self, alias: str, spec) -> FileSpec:
        key = f"files.{alias}"
        self._known(spec, FILE_KEYS, f"{key}.")
        name = spec.get("name")
        if not isinstance(name, str) or not name.strip():
            self.refuse(f"{key}.name", "the file's name is missing", 'e.g. name = "PERSONS"')
        sheet, split_by = spec.get("sheet"), spec.get("split_by")
        for k, v in (("sheet", sheet), ("split_by", split_by)):
            if v is not None and not isinstance(v, str):
                self.refuse(f"{key}.{k}", "expected text")
        if split_by is not None and not normalise_header(split_by):
            self.refuse(f"{key}.split_by", f"{split_by!r} is not a column name")
        if split_by and looks_personal(split_by):
            self._personal(f"{key}.split_by", split_by)
        skip = spec.get("skip", [])
        if not isinstance(skip, list) or not all(isinstance(v, str) for v in skip):
            self.refuse(f"{key}.skip", "expected a list of values")
        if skip and not split_by:
            self.refuse(f"{key}.skip", "skip needs split_by", "split_by = the role column")
        required = spec.get("required", False)
        if not isinstance(required, bool):
            self.refuse(f"{key}.required", "expected true or false")
        return FileSpec(alias, name.strip(), sheet, split_by, tuple(skip), required)

    def _tables(self, value, files: dict[str, FileSpec]) -> dict[str, TableMap]:
        if not isinstance(value, dict):
            self.refuse("tables", "the profile maps no tables", "[tables.crimes] and more")
        for name in value:
            if name not in TABLES_BY_NAME:
                self.refuse(
                    f"tables.{name}",
                    f"{name} is not a table of the extract contract",
                    "one of " + ", ".join(t.name for t in TABLES),
                )
        for table in TABLES:
            if table.required and table.name not in value:
                self.refuse(
                    f"tables.{table.name}",
                    f"the contract requires {table.name}, and the profile does not map it",
                    f"[tables.{table.name}]",
                )
        maps = {t.name: self._table(t, value[t.name], files) for t in TABLES if t.name in value}
        self._check_split(maps, files)
        return maps

    def _table(self, table: Table, spec, files: dict[str, FileSpec]) -> TableMap:
        key = f"tables.{table.name}"
        self._known(spec, CRIMES_KEYS if table.name == "crimes" else TABLE_KEYS, f"{key}.")
        alias = spec.get("file")
        if alias is None:
            self.refuse(
                f"{key}.file", "the table names no file", "file = one of " + ", ".join(files)
            )
        if alias not in files:
            self.refuse(
                f"{key}.file",
                f"the file {alias!r} is not among the profile's files",
                "one of " + ", ".join(files),
            )
        columns = self._columns(table, spec.get("columns", {}), f"{key}.columns")
        constants = self._constants(table, spec.get("constants", {}), f"{key}.constants")
        self._no_overlap(columns, constants, key)
        groups = self._rows(table, spec.get("rows", []), key, columns | constants)
        vocabulary, shown = self._vocabulary(
            table, spec.get("vocabulary", {}), key, columns, groups
        )
        split_values = spec.get("split_values", [])
        if not isinstance(split_values, list) or not all(isinstance(v, str) for v in split_values):
            self.refuse(f"{key}.split_values", "expected a list of values")
        area_from_lsoa = self._area_from_lsoa(spec, key, columns, constants, groups)
        key_from = self._key_from(table, spec.get("key_from", {}), key, columns, constants, groups)
        mapped = TableMap(
            table,
            alias,
            columns,
            constants,
            vocabulary,
            shown,
            tuple(groups),
            tuple(split_values),
            area_from_lsoa,
            key_from,
        )
        self._required_mapped(mapped, key)
        return mapped

    def _area_from_lsoa(self, spec, key: str, columns, constants, groups) -> bool:
        """crimes.area_from_lsoa: the area is the LSOA's, so the LSOA is read and the area
        is not (one place says what the area is)."""
        value = spec.get("area_from_lsoa", False)
        if not isinstance(value, bool):
            self.refuse(f"{key}.area_from_lsoa", "expected true or false")
        if not value:
            return False
        mapped = [columns, constants] + [g.columns for g in groups] + [g.constants for g in groups]
        if any("area_code" in m for m in mapped):
            self.refuse(
                f"{key}.columns.area_code",
                "area_code is mapped, and area_from_lsoa finds it from the LSOA",
                "one or the other: remove area_code, or area_from_lsoa",
            )
        if not any("lsoa_code" in m for m in [columns] + [g.columns for g in groups]):
            self.refuse(
                f"{key}.area_from_lsoa",
                "the area is found from the LSOA, and the profile does not map lsoa_code",
                'lsoa_code = "the column of the file that holds the LSOA code"',
            )
        return True

    def _key_from(self, table: Table, value, key: str, columns, constants, groups) -> dict:
        """key_from: a key column the export has no id for, made from two or more of its
        columns (their values trimmed and joined by KEY_JOIN: `C1/2`). Content, never the
        line's position, so the same person or event keeps its key in every file and extract.
        Only a key column, and not one the profile also reads or sets (one place says what it
        is)."""
        key = f"{key}.key_from"
        if not isinstance(value, dict):
            self.refuse(key, "expected key column = [the columns of the file it is made from]")
        found = {}
        mapped = [columns, constants] + [g.columns for g in groups] + [g.constants for g in groups]
        for column, parts in value.items():
            self._contract_column(table, column, f"{key}.{column}")
            if column not in table.key:
                self.refuse(
                    f"{key}.{column}",
                    f"{column} is not a key column of {table.name}",
                    "one of " + ", ".join(table.key),
                )
            if any(column in m for m in mapped):
                self.refuse(
                    f"{key}.{column}",
                    f"{column} is also mapped, and key_from makes it",
                    f"one or the other: remove {column} from columns or constants, or key_from",
                )
            names = self._text_list(parts, f"{key}.{column}")
            if len(names) < 2:
                self.refuse(
                    f"{key}.{column}",
                    "a key made from one column is that column",
                    f'two or more columns, or columns.{column} = "the column"',
                )
            for name in names:
                if looks_personal(name):
                    self._personal(f"{key}.{column}", name)
            found[column] = names
        return found

    def _rows(self, table: Table, rows, key: str, table_level: dict) -> list[Group]:
        """The [[rows]] of a table: each a row derived from every line of the file."""
        if not isinstance(rows, list):
            self.refuse(f"{key}.rows", "expected [[rows]] entries")
        groups = []
        for i, row in enumerate(rows, start=1):
            rkey = f"{key}.rows[{i}]"
            self._known(row, ROW_KEYS, f"{rkey}.")
            cols = self._columns(table, row.get("columns", {}), f"{rkey}.columns")
            if not cols:
                self.refuse(f"{rkey}.columns", "a row takes no column from the file")
            consts = self._constants(table, row.get("constants", {}), f"{rkey}.constants")
            self._no_overlap(cols, consts, rkey)
            self._no_overlap(cols | consts, table_level, rkey, "also mapped for the table")
            only_if = row.get("only_if")
            if only_if is not None:
                if not isinstance(only_if, str) or not normalise_header(only_if):
                    self.refuse(f"{rkey}.only_if", "expected a column name")
                if looks_personal(only_if):
                    self._personal(f"{rkey}.only_if", only_if)
            own = (only_if,) if only_if else tuple(s for v in cols.values() for s in v)
            groups.append(Group(cols, consts, own, only_if))
        return groups

    def _required_mapped(self, mapped: TableMap, key: str) -> None:
        """Refuse a table whose rows lack a column the contract requires."""
        table = mapped.table
        derived = {"area_code"} if mapped.area_from_lsoa else set()
        for g in mapped.groups():
            for column in table.columns:
                if column.name in derived:
                    continue
                if column.not_null and column.name not in g.columns | g.constants | g.key_from:
                    self.refuse(
                        f"{key}.columns.{column.name}",
                        f"{table.name}.{column.name} is required and the profile does not map it",
                        f'{column.name} = "the column of the file that holds it"',
                    )

    def _columns(self, table: Table, value, key: str) -> dict[str, tuple[str, ...]]:
        if not isinstance(value, dict):
            self.refuse(key, "expected contract column = source column")
        columns = {}
        for column, sources in value.items():
            self._contract_column(table, column, f"{key}.{column}")
            names = self._text_list(sources, f"{key}.{column}")
            screen = looks_personal_free_text if column in table.free_text else looks_personal
            for name in names:
                if screen(name) and normalise_header(name) != column:
                    self._personal(f"{key}.{column}", name)
            columns[column] = names
        return columns

    def _constants(self, table: Table, value, key: str) -> dict[str, str]:
        if not isinstance(value, dict):
            self.refuse(key, "expected contract column = value")
        out = {}
        for column, v in value.items():
            c = self._contract_column(table, column, f"{key}.{column}")
            out[column] = self._target(c, v, f"{key}.{column}")
        return out

    def _vocabulary(self, table: Table, value, key: str, columns, groups):
        if not isinstance(value, dict):
            self.refuse(f"{key}.vocabulary", "expected [vocabulary.COLUMN] tables")
        read = set(columns) | {c for g in groups for c in g.columns}
        vocabulary, shown = {}, {}
        for column, entries in value.items():
            ckey = f"{key}.vocabulary.{column}"
            c = self._contract_column(table, column, ckey)
            if column not in read:
                self.refuse(ckey, f"{column} is not read from the file, so nothing translates it")
            if not isinstance(entries, dict) or not entries:
                self.refuse(ckey, "expected source value = contract value entries")
            mapping = {}
            for source, target in entries.items():
                mapped = self._target(c, target, f"{ckey}.{source}")
                k = value_key(source)
                if k in mapping and mapping[k] != mapped:
                    self.refuse(
                        f"{ckey}.{source}",
                        f"{source!r} is already translated to {mapping[k]!r} (values match "
                        "whatever their case and spacing)",
                    )
                mapping[k] = mapped
            vocabulary[column], shown[column] = mapping, tuple(entries)
        return vocabulary, shown

    def _contract_column(self, table: Table, column: str, key: str) -> Column:
        if column not in table.column_names:
            self.refuse(
                key,
                f"{column} is not a column of {table.name} in the extract contract",
                "one of " + ", ".join(table.column_names),
            )
        return table.column(column)

    def _target(self, column: Column, value, key: str) -> str:
        """A contract value a profile writes (a translation or a constant), checked."""
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, int):
            value = str(value)
        if not isinstance(value, str):
            self.refuse(key, "expected text, a whole number or true/false")
        text = value.strip()
        if text == "":
            return ""
        word = re.sub(r"[\s-]+", "_", text.lower())
        ok = {
            "enum": word in column.values,
            "bool": text.lower() in TRUE_WORDS + FALSE_WORDS,
            "int": text.isdigit()
            and (column.low is None or column.low <= int(text) <= column.high),
            "decimal": re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text) is not None,
        }.get(column.kind, True)
        if not ok:
            expected = {
                "enum": "one of " + ", ".join(column.values),
                "bool": "true or false",
                "int": f"a whole number from {column.low:g} to {column.high:g}"
                if column.low is not None
                else "a whole number",
                "decimal": "a number",
            }[column.kind]
            self.refuse(key, f"{value!r} is not a value of {column.name}", expected + ' or ""')
        return text

    def _no_overlap(self, a, b, key: str, why: str = "both read and a constant") -> None:
        both = sorted(set(a) & set(b))
        if both:
            self.refuse(f"{key}.{both[0]}", f"{both[0]} is mapped twice ({why})")

    def _personal(self, key: str, name: str):
        self.refuse(
            key,
            f"the column {name!r} looks like personal data, which is never loaded",
            "a pseudonymous reference, a code or a date; names, dates of birth, addresses, "
            "phone numbers, e-mail and free text stay out",
        )

    def _check_split(self, maps: dict[str, TableMap], files: dict[str, FileSpec]) -> None:
        for alias, spec in files.items():
            readers = [t for t in maps.values() if t.file == alias]
            if not spec.split_by:
                for t in readers:
                    if t.split_values:
                        self.refuse(
                            f"tables.{t.table.name}.split_values",
                            f"the file {alias} has no split_by column",
                            f"split_by in [files.{alias}]",
                        )
                continue
            claimed = {value_key(v): "skip" for v in spec.skip}
            for t in readers:
                key = f"tables.{t.table.name}.split_values"
                if not t.split_values:
                    self.refuse(
                        key,
                        f"the file {alias} is split by {spec.split_by}, and this "
                        "table takes none of its values",
                        f"split_values = [...] of {spec.split_by}",
                    )
                for v in t.split_values:
                    owner = claimed.setdefault(value_key(v), t.table.name)
                    if owner != t.table.name:
                        self.refuse(
                            key,
                            f"{v!r} already goes to {owner}",
                            "each value of the split column in one place",
                        )
