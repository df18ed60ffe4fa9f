"""National context: the Home Office's police recorded crime by force, loaded for comparison.

    python -m pipelines context FILE --db PATH

FILE is the Home Office's "Police recorded crime open data tables by PFA" (OGL) as published:
an .ods (read with odfpy), an .xlsx or a .csv, one table per sheet, its header row anywhere in
the first 20 rows of a sheet (cover and notes sheets without one are passed over). Columns are
found by name whatever their case, and with spaces or underscores (older files): Financial
Year, Financial Quarter, Force Name, Offence Code, Number of Offences; others are ignored.

The load is all or nothing, in the loader's atomic swap: context_recorded_crime's rows for the
financial years the file holds are replaced, other years kept (loads and rebuilds keep the
table). The database's reference data is used as it stands (force_populations.csv says which
forces are territorial: edit it, then `rebuild`). The rules, as an extract's:
- a column missing, or a value that is not what its column needs (a year like 2017/18, a
  quarter 1 to 4, a force, an offence code, a whole number of offences), refuses the file,
  naming it, the line (or sheet and row), the column and what was expected: a national total
  missing a row would be wrong, so no row is quarantined;
- a force that force_populations.csv does not list (British Transport Police, Action Fraud,
  a misspelt name) loads and is reported: it has no rate and is not in England and Wales;
- a negative quarterly count loads and is reported: the Home Office publishes them as
  adjustments for crimes cancelled or reclassified after an earlier quarter, and a year's
  total is only right with them.
Rows repeating a year, quarter, force and offence code (the Home Office repeats its combined
homicide code) are added together.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from .errors import ExtractRefused
from .load import swapped
from .store import ensure_schema

if TYPE_CHECKING:  # pandas is imported by what reads a file: the loader starts without it
    import pandas as pd

# column -> the header names it is known by (lower case; spaces for underscores)
COLUMNS = {
    "financial_year": ("financial year",),
    "quarter": ("financial quarter", "quarter"),
    "force": ("force name", "force", "police force area"),
    "offence_code": ("offence code",),
    "offences": ("number of offences", "offences"),
}
EXPECTED_HEADER = "Financial Year, Financial Quarter, Force Name, Offence Code, Number of Offences"
HEADER_ROWS = 20  # a sheet's header row is one of its first rows
SUFFIXES = (".csv", ".ods", ".xlsx")


@dataclass
class Sheet:
    """One table of the file: its rows as text, and where its first data row is."""

    name: str | None  # None for a CSV file
    rows: pd.DataFrame  # the context columns, as text, indexed by position in the sheet (from 0)

    def where(self, path: Path) -> str:
        return str(path) if self.name is None else f"{path} (sheet {self.name})"


@dataclass
class ContextReport:
    file: Path
    db: Path
    years: list[str]
    rows_read: int
    stored: int = 0
    unknown_forces: dict[str, int] = field(default_factory=dict)  # name -> rows
    negatives: list[str] = field(default_factory=list)  # where, for each negative count


def _header_name(value) -> str:
    return re.sub(r"[\s_]+", " ", str(value)).strip().lower()


def _find_header(raw: pd.DataFrame) -> tuple[int, dict[str, int]] | None:
    """The header row's position and each context column's position, if a row has them all."""
    for position in range(min(HEADER_ROWS, len(raw))):
        names = [_header_name(v) for v in raw.iloc[position]]
        found = {
            column: next((i for i, n in enumerate(names) if n in known), None)
            for column, known in COLUMNS.items()
        }
        if sum(v is not None for v in found.values()) >= 3:  # a header, perhaps incomplete
            return position, found
    return None


def _sheet(raw: pd.DataFrame, name: str | None, path: Path) -> Sheet | None:
    """The context columns of one sheet; None for a sheet without a header (a cover)."""
    header = _find_header(raw)
    if header is None:
        return None
    position, found = header
    missing = [c for c, i in found.items() if i is None]
    if missing:
        raise ExtractRefused(
            str(path) if name is None else f"{path} (sheet {name})",
            f"the header has no {' or '.join(COLUMNS[c][0].title() for c in missing)} column",
            line=position + 1,
            expected=f"columns {EXPECTED_HEADER} (any case; spaces or underscores)",
        )
    rows = raw.iloc[position + 1 :, [found[c] for c in COLUMNS]]
    rows.columns = list(COLUMNS)
    return Sheet(name, rows[(rows != "").any(axis=1)])  # blank rows between tables left out


def _read_raw(path: Path) -> dict[str | None, pd.DataFrame]:
    """Every sheet of the file (one for a CSV) as text, no header assumed."""
    import pandas as pd

    if path.suffix.lower() == ".csv":
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                frame = pd.read_csv(
                    path, header=None, dtype=str, keep_default_na=False, encoding=encoding
                )
                return {None: frame}
            except UnicodeDecodeError:
                continue
    engine = "odf" if path.suffix.lower() == ".ods" else "openpyxl"
    sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=str, engine=engine)
    return {name: frame.fillna("") for name, frame in sheets.items()}


def read_sheets(path: Path) -> list[Sheet]:
    """The file's tables of recorded crime; refuses a file that holds none, naming it."""
    import pandas as pd

    if path.suffix.lower() not in SUFFIXES:
        raise ExtractRefused(
            str(path), "not a table the loader reads", expected=".ods, .xlsx or .csv"
        )
    if not path.is_file():
        raise ExtractRefused(str(path), "there is no such file", expected="a file")
    try:
        raw = _read_raw(path)
    except (ValueError, KeyError, OSError, zipfile.BadZipFile, pd.errors.ParserError) as e:
        detail = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise ExtractRefused(
            str(path),
            f"cannot be read as a table: {detail}",
            expected="an .ods, .xlsx or .csv file",
        ) from None
    sheets = [s for name, frame in raw.items() if (s := _sheet(frame, name, path)) is not None]
    if not sheets:
        raise ExtractRefused(
            str(path),
            f"no sheet has a header row in its first {HEADER_ROWS} rows",
            expected=f"columns {EXPECTED_HEADER}",
        )
    return sheets


# --- values -----------------------------------------------------------------------------------


def _years(text: pd.Series) -> pd.Series:
    """'2017/18', '2017-18' or '2017/2018' as '2017/18'; None when not a financial year."""
    import pandas as pd

    parts = text.str.strip().str.extract(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$")
    first = pd.to_numeric(parts[0], errors="coerce")
    second = pd.to_numeric(parts[1], errors="coerce") % 100
    ok = first.notna() & (second == (first + 1) % 100)
    return pd.Series(
        [f"{int(f)}/{int(f + 1) % 100:02d}" if k else None for f, k in zip(first, ok, strict=True)],
        index=text.index,
        dtype=object,
    )


def _whole(text: pd.Series) -> pd.Series:
    """Whole numbers (a thousands comma allowed; '12.0' as a spreadsheet writes 12); NaN else."""
    import pandas as pd

    numbers = pd.to_numeric(text.str.strip().str.replace(",", "", regex=False), errors="coerce")
    return numbers.where(numbers == numbers.round())


def _typed(rows: pd.DataFrame) -> pd.DataFrame:
    """The values as the table stores them (None or NaN where a value is not valid)."""
    import pandas as pd

    quarter = _whole(rows["quarter"].str.strip().str.lstrip("Qq"))
    code = rows["offence_code"].str.strip().str.upper().str.replace(r"^0+(?=\d)", "", regex=True)
    return pd.DataFrame(
        {
            "financial_year": _years(rows["financial_year"]),
            "quarter": quarter.where(quarter.between(1, 4)),
            "force": rows["force"].str.strip().replace("", None),
            "offence_code": code.replace("", None),
            "offences": _whole(rows["offences"]),
        },
        index=rows.index,
    )


WHAT = {
    "financial_year": "a financial year such as 2017/18",
    "quarter": "a quarter, 1 to 4",
    "force": "a force's name",
    "offence_code": "an offence code such as 8Q",
    "offences": "a whole number of offences",
}


def _checked(sheet: Sheet, path: Path) -> pd.DataFrame:
    """A sheet's rows typed, with each row's line; refuses the file at the first bad value."""
    typed = _typed(sheet.rows)
    bad = typed.isna()
    if bad.any(axis=None):
        row = int(bad.any(axis=1).to_numpy().argmax())
        column = str(bad.columns[bad.iloc[row].to_numpy().argmax()])
        value = str(sheet.rows.iloc[row][column])
        problems = int(bad.to_numpy().sum())
        raise ExtractRefused(
            sheet.where(path),
            f"{column} is {value[:40]!r} ({problems} value(s) in all are not valid; nothing loaded)",
            line=int(sheet.rows.index[row]) + 1,
            column=column,
            expected=WHAT[column],
        )
    typed["line"] = typed.index + 1  # the file's line, or the sheet's row
    typed["sheet"] = sheet.name
    return typed


def read_context(path: Path | str) -> pd.DataFrame:
    """Every row of the file, checked and typed: financial_year, quarter, force, offence_code,
    offences, and the line (and sheet) each came from."""
    import pandas as pd

    path = Path(path)
    frames = [_checked(sheet, path) for sheet in read_sheets(path)]
    rows = pd.concat(frames, ignore_index=True)
    rows["quarter"] = rows["quarter"].astype("int64")
    rows["offences"] = rows["offences"].astype("int64")
    return rows


# --- the load -----------------------------------------------------------------------------------


def _canonical(con, rows: pd.DataFrame, report: ContextReport) -> pd.DataFrame:
    """Forces named as force_populations.csv names them (case and spacing aside); the rest
    reported."""
    known = [r[0] for r in con.execute("select distinct force from force_populations").fetchall()]
    by_key = {_header_name(name): name for name in known}
    keys = rows["force"].map(_header_name)
    rows["force"] = [by_key.get(k, name) for k, name in zip(keys, rows["force"], strict=True)]
    unknown = rows[~keys.isin(list(by_key))]
    report.unknown_forces = unknown.groupby("force").size().sort_index().to_dict()
    return rows


def _negatives(rows: pd.DataFrame) -> list[str]:
    found = rows[rows["offences"] < 0]
    return [
        f"{'line' if r.sheet is None else f'sheet {r.sheet}, row'} {r.line}: {r.force}, "
        f"{r.offence_code}, {r.financial_year} Q{r.quarter}: {r.offences}"
        for r in found.itertuples()
    ]


def load_context(
    path: Path | str, db_path: Path | str, *, wait_for_lock: bool = True
) -> ContextReport:
    """Replace the financial years the file holds in context_recorded_crime, all or nothing
    (ExtractRefused, the database unchanged, on any refusal). The database's own reference
    data is used as it is (its force_populations says which forces are territorial)."""
    path, db_path = Path(path), Path(db_path)
    rows = read_context(path)  # a bad file is refused before the database is touched
    if not db_path.exists():
        raise ExtractRefused(
            str(db_path), "there is no database", expected="a database a load made (load first)"
        )
    years = sorted(rows["financial_year"].unique())
    report = ContextReport(path, db_path, years, len(rows), negatives=_negatives(rows))
    with swapped(db_path, wait_for_lock) as con:
        ensure_schema(con)
        _check_built(con, db_path)
        rows = _canonical(con, rows, report)
        con.execute("begin")
        con.execute(
            "delete from context_recorded_crime where list_contains(?::varchar[], financial_year)",
            [years],
        )
        _insert(con, rows)
        report.stored = con.execute(
            "select count(*) from context_recorded_crime "
            "where list_contains(?::varchar[], financial_year)",
            [years],
        ).fetchone()[0]
        con.execute("commit")
    return report


def _check_built(con, db_path: Path) -> None:
    """The database has the national context's tables: it was built by this version."""
    found = {
        r[0]
        for r in con.execute(
            "select table_name from duckdb_tables() where table_name in "
            "('context_recorded_crime', 'force_populations')"
        ).fetchall()
    }
    if len(found) < 2:
        raise ExtractRefused(
            str(db_path),
            "the database was built before the national context existed",
            expected=f"a rebuilt database: python -m pipelines rebuild --db {db_path}, then "
            "load the context again",
        )


def _insert(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> None:
    con.register("context_rows", rows[list(COLUMNS)])
    con.execute(
        "insert into context_recorded_crime select financial_year, cast(quarter as integer), "
        "force, offence_code, cast(sum(offences) as bigint) from context_rows group by all"
    )
    con.unregister("context_rows")


def format_context(r: ContextReport) -> str:
    """What the load did, and what it reports."""
    lines = [
        f"Loaded {r.file} into {r.db}: financial year(s) {', '.join(r.years)} replaced "
        f"({r.rows_read:,} rows read, {r.stored:,} stored by year, quarter, force and code).",
    ]
    if r.unknown_forces:
        lines.append(
            "Not in force_populations.csv, so without a rate and not in England and Wales "
            "(correct the name or the reference file if one is a territorial force):"
        )
        lines += [f"  {name} ({n:,} rows)" for name, n in r.unknown_forces.items()]
    if r.negatives:
        lines.append(
            f"{len(r.negatives):,} negative quarterly count(s), kept (the Home Office's "
            "adjustments for crimes cancelled or reclassified after an earlier quarter):"
        )
        lines += [f"  {n}" for n in r.negatives[:5]]
        if len(r.negatives) > 5:
            lines.append(f"  ... and {len(r.negatives) - 5:,} more")
    return "\n".join(lines)


def add_parser(commands) -> None:
    """The `context` subcommand of python -m pipelines."""
    context = commands.add_parser(
        "context",
        help="load the Home Office's recorded crime by force, for national comparison",
        description="Load the Home Office's police recorded crime open data table by police "
        "force area (.ods, .xlsx or .csv) into context_recorded_crime, replacing the "
        "financial years the file holds, all or nothing. Exit status 0: loaded; 1: refused, "
        "the database unchanged.",
    )
    context.add_argument("file", metavar="FILE", type=Path, help="the Home Office's table")
    context.add_argument("--db", type=Path, default=Path("data/stalking.duckdb"))
    context.add_argument(
        "--no-wait", action="store_true", help="fail at once when a load is under way"
    )


def run(args, say) -> int:
    """python -m pipelines context: load, then say what was loaded and reported."""
    report = load_context(args.file, args.db, wait_for_lock=not args.no_wait)
    say(format_context(report))
    return 0
