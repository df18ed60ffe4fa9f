"""Reference data the force edits without a code change, loaded as tables.

The files live in pipelines/reference/ (or a folder given with --reference):
- offence_codes.csv: offence_code, offence_group, label, indictable (true, false or unknown:
  v2, 8Q does not say which section of the Act), note
- areas.csv: area_code, area_name, population
- lsoas.csv (optional): lsoa_code, lsoa_name, area_code, population
- settings.csv: name, value, unit, description (windows, targets, thresholds); a value is a
  number, except a setting whose unit is one of TEXT_UNITS (v2: the training course's code
  and the date completions count from), kept as text in column `text`
- bank_holidays.csv: holiday_on, name (England and Wales, from GOV.UK; v2): a working day
  is Monday to Friday and not one of these
- outcome_codes.csv: outcome_code, label, outcome_group, positive (Home Office outcome types;
  group 'charged' is what "charged" means in every measure; positive marks the outcomes an
  FOI request counts as positive)
- units.csv: allocated_unit, label, unit_type (specialist, generalist or other: allocation)
- services.csv: service, label, specialist (the specialist stalking services of referrals)
- risk_tools.csv: tool, label, stalking_specific (the stalking risk tools of risk assessments)
- labels.csv: vocabulary, code, label (the words pages, exports and packs show for a code of
  a contract vocabulary, and for the product's own: flags, agenda reasons, decisions'
  actions); every value of every contract vocabulary needs one
- neighbourhoods.csv (optional): neighbourhood_code, neighbourhood_name
- boundaries_lsoa.geojson, boundaries_area.geojson (optional): boundaries for the
  hotspot maps, one feature per LSOA or area, with a property lsoa_code or area_code
- force_populations.csv (optional): force, population, year, source (the residents of each
  territorial police force area, for the national context's rates: docs/outputs.md)
- most_similar_group.csv (optional): force, member, source (the force this dashboard serves
  and the forces of its most similar group, one row each)

The national context itself (the Home Office's recorded crime by force, context_recorded_crime)
is not a file here: `python -m pipelines context FILE` loads it, and loads keep it.

They are reloaded whole on every load, inside the same all-or-nothing swap.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from common import vocabulary
from common.decisions import ACTIONS

from .contract import ALLOCATED_UNITS, RISK_TOOLS, SERVICES
from .errors import ExtractRefused

DEFAULT_DIR = Path(__file__).parent / "reference"

OFFENCE_GROUPS = (
    "stalking",
    "harassment",
    "malicious_communications",
    "breach_of_order",
    "coercive_control",
    "other",
)

OUTCOME_GROUPS = (
    "charged",
    "taken_into_consideration",
    "out_of_court",
    "not_in_public_interest",
    "prevented",
    "evidential_difficulties",
    "no_suspect",
    "other",
)
UNIT_TYPES = ("specialist", "generalist", "other")
# Settings whose value is not a number (v2): their value is kept as text.
TEXT_UNITS = ("course code", "date")
# offence_codes.indictable as written: true, false, or unknown (like an empty cell, NULL).
INDICTABLE = ("true", "false", "unknown")
# Contract vocabularies labels.csv must give words for (pages never show a raw code).
LABELLED = {
    "relationship": vocabulary.RELATIONSHIPS,
    "risk_level": vocabulary.RISK_LEVELS,
    "status": vocabulary.STATUSES,
    "interview": vocabulary.INTERVIEWS,
    "search_power": vocabulary.SEARCH_POWERS,
    "mappa_level": vocabulary.MAPPA_LEVELS,
    "spo_decision": vocabulary.SPO_DECISIONS,
    "order_type": vocabulary.ORDER_TYPES,
    "referral_outcome": vocabulary.REFERRAL_OUTCOMES,
    "online_method": vocabulary.ONLINE_METHODS,
    "age_band": vocabulary.AGE_BANDS,
    "sex": vocabulary.SEXES,
    "offence_group": OFFENCE_GROUPS,
    "outcome_group": OUTCOME_GROUPS,
    "rights_channel": vocabulary.RIGHTS_CHANNELS,
    "screening_outcome": vocabulary.SCREENING_OUTCOMES,
    "panel": vocabulary.PANELS,
    "staff_role": vocabulary.STAFF_ROLES,
    "satisfaction": vocabulary.SATISFACTION,
    "action_status": vocabulary.ACTION_STATUSES,
    "decision_action": ACTIONS,  # the daily meeting's decisions (common/decisions.py)
}
# Reference tables that group a contract vocabulary: each must hold every value of it, once.
VOCABULARY_TABLES = (
    ("units", "allocated_unit", ALLOCATED_UNITS),
    ("services", "service", SERVICES),
    ("risk_tools", "tool", RISK_TOOLS),
)

# file -> (table, {column: type}, required?)
REFERENCE = {
    "offence_codes.csv": (
        "offence_codes",
        {
            "offence_code": "VARCHAR",
            "offence_group": "VARCHAR",
            "label": "VARCHAR",
            "indictable": "VARCHAR",
            "note": "VARCHAR",
        },
        True,
    ),
    "areas.csv": (
        "areas",
        {"area_code": "VARCHAR", "area_name": "VARCHAR", "population": "BIGINT"},
        True,
    ),
    "lsoas.csv": (
        "lsoas",
        {
            "lsoa_code": "VARCHAR",
            "lsoa_name": "VARCHAR",
            "area_code": "VARCHAR",
            "population": "BIGINT",
        },
        False,
    ),
    "outcome_codes.csv": (
        "outcome_codes",
        {
            "outcome_code": "INTEGER",
            "label": "VARCHAR",
            "outcome_group": "VARCHAR",
            "positive": "BOOLEAN",
        },
        True,
    ),
    "units.csv": (
        "units",
        {"allocated_unit": "VARCHAR", "label": "VARCHAR", "unit_type": "VARCHAR"},
        True,
    ),
    "services.csv": (
        "services",
        {"service": "VARCHAR", "label": "VARCHAR", "specialist": "BOOLEAN"},
        True,
    ),
    "risk_tools.csv": (
        "risk_tools",
        {"tool": "VARCHAR", "label": "VARCHAR", "stalking_specific": "BOOLEAN"},
        True,
    ),
    "labels.csv": (
        "labels",
        {"vocabulary": "VARCHAR", "code": "VARCHAR", "label": "VARCHAR"},
        True,
    ),
    "neighbourhoods.csv": (
        "neighbourhoods",
        {"neighbourhood_code": "VARCHAR", "neighbourhood_name": "VARCHAR"},
        False,
    ),
    "settings.csv": (
        "settings",
        {"name": "VARCHAR", "value": "VARCHAR", "unit": "VARCHAR", "description": "VARCHAR"},
        True,
    ),
    "bank_holidays.csv": (
        "bank_holidays",
        {"holiday_on": "VARCHAR", "name": "VARCHAR"},  # typed by _type_bank_holidays
        True,
    ),
    "force_populations.csv": (
        "force_populations",
        {"force": "VARCHAR", "population": "BIGINT", "year": "INTEGER", "source": "VARCHAR"},
        False,
    ),
    "most_similar_group.csv": (
        "most_similar_group",
        {"force": "VARCHAR", "member": "VARCHAR", "source": "VARCHAR"},
        False,
    ),
}

# The national context (pipelines/context.py fills it; every load and rebuild keeps it, and makes
# it empty in a database that has none, so the views over it always build).
CONTEXT_TABLE = """
create table if not exists context_recorded_crime (
    financial_year VARCHAR NOT NULL,    -- '2017/18'
    quarter INTEGER NOT NULL,           -- 1 (April to June) to 4
    force VARCHAR NOT NULL,             -- as the Home Office names it
    offence_code VARCHAR NOT NULL,      -- the Home Office's offence code ('8Q')
    offences BIGINT NOT NULL,           -- recorded offences (a quarter's adjustment may be negative)
    PRIMARY KEY (financial_year, quarter, force, offence_code)
)
"""


def load_reference(con: duckdb.DuckDBPyConnection, folder: Path = DEFAULT_DIR) -> None:
    """Replace the reference tables with the files in folder, refusing bad files."""
    for file, (table, columns, required) in REFERENCE.items():
        path = folder / file
        if not path.exists():
            if required:
                raise ExtractRefused(
                    f"reference/{file}",
                    "the reference file is missing",
                    expected=f"a file at {path}",
                )
            con.execute(
                f"create or replace table {table} as select * from "
                f"(select {', '.join(f'null::{t} as {c}' for c, t in columns.items())}) "
                "where false"
            )
            continue
        _load_file(con, path, table, columns)
    _load_boundaries(con, folder)
    con.execute(CONTEXT_TABLE)
    _check_unique(con, "force_populations", "force, year")
    _check_unique(con, "most_similar_group", "member")
    _check_one_group(con)
    _check_offence_groups(con)
    _check_unique(con, "offence_codes", "offence_code")
    _check_unique(con, "areas", "area_code")
    _check_unique(con, "settings", "name")
    _type_settings(con)
    _type_indictable(con)
    _type_bank_holidays(con)
    _check_unique(con, "bank_holidays", "holiday_on")
    _check_unique(con, "outcome_codes", "outcome_code")
    _check_values(con, "outcome_codes", "outcome_group", OUTCOME_GROUPS)
    for table, key, values in VOCABULARY_TABLES:
        _check_unique(con, table, key)
        _check_covers(con, table, key, values)
    _check_values(con, "units", "unit_type", UNIT_TYPES)
    _check_unique(con, "labels", "vocabulary, code")
    for name, values in LABELLED.items():
        _check_labelled(con, name, values)


def _load_file(con, path: Path, table: str, columns: dict[str, str]) -> None:
    spec = "{" + ", ".join(f"'{c}': '{t}'" for c, t in columns.items()) + "}"
    try:
        con.execute(
            f"create or replace table {table} as select * from read_csv(?, header=true, "
            f"auto_detect=false, delim=',', quote='\"', columns={spec})",
            [str(path)],
        )
    except duckdb.Error as e:
        detail = str(e).strip().splitlines()[0]
        raise ExtractRefused(
            f"reference/{path.name}",
            f"the reference file cannot be read: {detail}",
            expected="columns " + ", ".join(columns),
        ) from None


def _type_settings(con) -> None:
    """settings.value as a number; a setting with a unit in TEXT_UNITS keeps it in `text`
    (a date one must be a date). A number that does not parse refuses the file."""
    bad = con.execute(
        "select name, value, unit from settings where case when unit = 'date' "
        "then try_cast(value as DATE) is null when unit in ? then value is null "
        "else try_cast(value as DOUBLE) is null end",
        [list(TEXT_UNITS)],
    ).fetchone()
    if bad:
        expected = {"date": "a date (YYYY-MM-DD)", "course code": "a course code"}
        raise ExtractRefused(
            "reference/settings.csv",
            f"setting {bad[0]} has value {bad[1]!r}",
            column="value",
            expected=expected.get(bad[2], "a number"),
        )
    con.execute(
        "create or replace table settings as select name, "
        "case when unit in ? then null else cast(value as DOUBLE) end as value, "
        "value as text, unit, description from settings",
        [list(TEXT_UNITS)],
    )


def _type_bank_holidays(con) -> None:
    """bank_holidays.holiday_on as a DATE (ISO 8601, 2025-12-25): a value that is not one
    refuses the file naming the column (read as text first, so the refusal can)."""
    bad = con.execute(
        "select holiday_on from bank_holidays where try_cast(trim(holiday_on) as DATE) is null"
    ).fetchone()
    if bad:
        raise ExtractRefused(
            "reference/bank_holidays.csv",
            f"holiday_on {bad[0]!r} is not a date",
            column="holiday_on",
            expected="a date (YYYY-MM-DD)",
        )
    con.execute(
        "create or replace table bank_holidays as select "
        "cast(trim(holiday_on) as DATE) as holiday_on, name from bank_holidays"
    )


def _type_indictable(con) -> None:
    """offence_codes.indictable: true, false or unknown (empty is unknown) as a nullable
    boolean (v2: 8Q is unknown, so no measure calls it summary only)."""
    bad = con.execute(
        "select offence_code, indictable from offence_codes where lower(trim(indictable)) not in ?",
        [list(INDICTABLE)],
    ).fetchone()
    if bad:
        raise ExtractRefused(
            "reference/offence_codes.csv",
            f"offence code {bad[0]} has indictable {bad[1]!r}",
            column="indictable",
            expected="true, false or unknown",
        )
    con.execute(
        "create or replace table offence_codes as select * replace ("
        "case lower(trim(indictable)) when 'true' then true when 'false' then false end "
        "as indictable) from offence_codes"
    )


def _check_offence_groups(con) -> None:
    bad = con.execute(
        "select offence_code, offence_group from offence_codes "
        f"where offence_group not in {OFFENCE_GROUPS} or offence_group is null"
    ).fetchone()
    if bad:
        raise ExtractRefused(
            "reference/offence_codes.csv",
            f"offence code {bad[0]} has group {bad[1]!r}",
            column="offence_group",
            expected="one of " + ", ".join(OFFENCE_GROUPS),
        )


def _check_one_group(con) -> None:
    """most_similar_group.csv is one force's group: the same force on every row."""
    forces = [r[0] for r in con.execute("select distinct force from most_similar_group").fetchall()]
    if len(forces) > 1 or None in forces:
        raise ExtractRefused(
            "reference/most_similar_group.csv",
            f"force is {', '.join(map(repr, forces))}",
            column="force",
            expected="the force this dashboard serves, the same on every row",
        )


def _check_values(con, table: str, column: str, allowed: tuple[str, ...]) -> None:
    bad = con.execute(
        f"select {column} from {table} where {column} is null or {column} not in ?", [allowed]
    ).fetchone()
    if bad:
        raise ExtractRefused(
            f"reference/{table}.csv",
            f"{column} is {bad[0]!r}",
            column=column,
            expected="one of " + ", ".join(allowed),
        )


def _check_covers(con, table: str, key: str, values: tuple[str, ...]) -> None:
    """A vocabulary table holds every value of the contract's vocabulary and nothing else."""
    have = {r[0] for r in con.execute(f"select {key} from {table}").fetchall()}
    missing, unknown = sorted(set(values) - have), sorted(have - set(values))
    if missing or unknown:
        raise ExtractRefused(
            f"reference/{table}.csv",
            f"{'missing ' + ', '.join(missing) if missing else 'unknown ' + ', '.join(unknown)}",
            column=key,
            expected="one row for each of " + ", ".join(values),
        )


def _check_labelled(con, vocabulary_name: str, values: tuple[str, ...]) -> None:
    """labels.csv gives words for every value of a vocabulary."""
    have = {
        r[0]
        for r in con.execute(
            "select code from labels where vocabulary = ?", [vocabulary_name]
        ).fetchall()
    }
    missing = sorted(set(values) - have)
    if missing:
        raise ExtractRefused(
            "reference/labels.csv",
            f"no label for {vocabulary_name} {', '.join(missing)}",
            column="code",
            expected=f"a row for each value of {vocabulary_name}",
        )


def _check_unique(con, table: str, key: str) -> None:
    dup = con.execute(f"select {key} from {table} group by {key} having count(*) > 1").fetchone()
    if dup:
        raise ExtractRefused(
            f"reference/{table}.csv",
            f"{dup[0]} appears more than once",
            column=key,
            expected="each value once",
        )


def _load_boundaries(con, folder: Path) -> None:
    """Boundaries as one row per feature: kind, code, the feature's GeoJSON text, inserted
    in one statement (executemany, a statement per feature, took 0.4 s of every load)."""
    import json

    con.execute("create or replace table boundaries (kind VARCHAR, code VARCHAR, feature VARCHAR)")
    for kind in ("lsoa", "area"):
        path = folder / f"boundaries_{kind}.geojson"
        if not path.exists():
            continue
        try:
            features = json.loads(path.read_text(encoding="utf-8"))["features"]
            codes = [f["properties"][f"{kind}_code"] for f in features]
            texts = [json.dumps(f) for f in features]
        except (ValueError, KeyError, TypeError) as e:
            raise ExtractRefused(
                f"reference/{path.name}",
                f"not usable GeoJSON: {e}",
                expected=f"a FeatureCollection with a {kind}_code property on every feature",
            ) from None
        con.execute(
            "insert into boundaries select ?, unnest(?), unnest(?)",
            [kind, [None if c is None else str(c) for c in codes], texts],
        )
