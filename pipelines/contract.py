"""The extract contract (docs/extract.md) as data: tables, columns, types, keys.

Every other module (the loader, the sample generator, the docs test) reads the
contract from here, so a column or an enumeration is defined once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The enumerations live in common/vocabulary.py, so the query layer and the pages read the
# same definition without importing the loader; they are re-exported here with the contract.
from common.vocabulary import (
    AGE_BANDS,
    ALLOCATED_UNITS,
    INTERVIEWS,
    MAPPA_LEVELS,
    ONLINE_METHODS,
    ORDER_TYPES,
    REFERRAL_OUTCOMES,
    RELATIONSHIPS,
    RISK_LEVELS,
    RISK_TOOLS,
    SEARCH_POWERS,
    SERVICES,
    SEXES,
    SPO_DECISIONS,
    STATUSES,
)

# Approximate bounding box of the United Kingdom (WGS84), Scilly to Shetland.
UK_LATITUDE = (49.8, 60.9)
UK_LONGITUDE = (-8.7, 1.8)

# No value of the contract is longer than this. A longer one is a narrative pasted into
# the wrong column or a quote that swallowed the rest of a record; a narrative may name
# people, so such a value is quarantined and never kept, not even in the reject's copy.
MAX_TEXT = 200
# Columns that hold references: Excel turns a reference that looks like a number into
# scientific notation (1.23E+05) and the original is lost.
REFERENCE_COLUMNS = ("crime_ref", "victim_id", "suspect_id", "order_id")

# Column kinds and the DuckDB type each is stored as.
SQL_TYPES = {
    "text": "VARCHAR",
    "timestamp": "TIMESTAMP",
    "date": "DATE",
    "bool": "BOOLEAN",
    "enum": "VARCHAR",
    "int": "INTEGER",
    "decimal": "DOUBLE",
}


@dataclass(frozen=True)
class Column:
    """One contract column: its kind, whether it is required or part of the key."""

    name: str
    kind: str
    required: bool = False
    key: bool = False
    values: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    # An event is something that has happened: it cannot be dated after the
    # extract (orders.expires_at is a date to come, so it is not an event).
    event: bool = True

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.kind]

    @property
    def not_null(self) -> bool:
        return self.required or self.key


@dataclass(frozen=True)
class Table:
    """One contract table and the rules that govern loading it."""

    name: str
    columns: tuple[Column, ...]
    required: bool = False
    crime_scoped: bool = False

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.key)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _text(name, **kw):
    return Column(name, "text", **kw)


def _ts(name, **kw):
    return Column(name, "timestamp", **kw)


def _enum(name, values, **kw):
    return Column(name, "enum", values=values, **kw)


def _bool(name, **kw):
    return Column(name, "bool", **kw)


CRIME_REF = _text("crime_ref", key=True)

TABLES: tuple[Table, ...] = (
    Table(
        "crimes",
        (
            CRIME_REF,
            _ts("reported_at", required=True),
            _ts("recorded_at"),
            Column("offence_from", "date"),
            Column("offence_to", "date"),
            _text("area_code", required=True),
            _text("neighbourhood_code"),
            _text("lsoa_code"),
            Column("latitude", "decimal", low=UK_LATITUDE[0], high=UK_LATITUDE[1]),
            Column("longitude", "decimal", low=UK_LONGITUDE[0], high=UK_LONGITUDE[1]),
            _bool("domestic_abuse"),
            _enum("relationship", RELATIONSHIPS),
            _bool("online_element"),
            _enum("risk_level", RISK_LEVELS),
            _enum("allocated_unit", ALLOCATED_UNITS),
            _ts("allocated_at"),
            _enum("status", STATUSES, required=True),
            Column("outcome_code", "int", low=1, high=22),
            _ts("outcome_at"),
        ),
        required=True,
    ),
    Table(
        "classifications",
        (
            CRIME_REF,
            _text("offence_code", key=True),
            _bool("is_principal", required=True),
            _ts("classified_at", key=True),
            _ts("removed_at"),
        ),
        required=True,
        crime_scoped=True,
    ),
    Table(
        "victims",
        (
            CRIME_REF,
            _text("victim_id", key=True),
            _enum("age_band", AGE_BANDS),
            _enum("sex", SEXES),
            _bool("vulnerable"),
            _ts("vps_offered_at"),
            _ts("vps_taken_at"),
        ),
        crime_scoped=True,
    ),
    Table(
        "suspects",
        (
            CRIME_REF,
            _text("suspect_id", key=True),
            _enum("age_band", AGE_BANDS),
            _enum("sex", SEXES),
            _ts("arrested_at"),
            _enum("interview", INTERVIEWS),
            _enum("search_power", SEARCH_POWERS),
            _ts("charged_at"),
            _enum("mappa_level", MAPPA_LEVELS),
        ),
        crime_scoped=True,
    ),
    Table(
        "risk_assessments",
        (
            CRIME_REF,
            _enum("tool", RISK_TOOLS, key=True),
            _ts("completed_at", key=True),
            _enum("risk_level", RISK_LEVELS),
        ),
        crime_scoped=True,
    ),
    Table(
        "spo",
        (
            CRIME_REF,
            _text("suspect_id", key=True),
            _ts("considered_at"),
            _enum("decision", SPO_DECISIONS),
            _ts("applied_at"),
            _ts("interim_granted_at"),
            _ts("granted_at"),
            _ts("refused_at"),
            _text("order_id"),
        ),
        crime_scoped=True,
    ),
    Table(
        "orders",
        (
            _text("order_id", key=True),
            _text("suspect_id"),
            _enum("order_type", ORDER_TYPES),
            _ts("granted_at"),
            _ts("expires_at", event=False),
            _text("crime_ref"),
        ),
    ),
    Table(
        "breaches",
        (
            _text("order_id", key=True),
            _text("crime_ref", key=True),
            _ts("breached_at"),
        ),
    ),
    Table(
        "needs_assessments",
        (
            CRIME_REF,
            _text("victim_id", key=True),
            _ts("completed_at"),
            _bool("rights_explained"),
            _bool("enhanced_rights"),
        ),
        crime_scoped=True,
    ),
    Table(
        "referrals",
        (
            CRIME_REF,
            _text("victim_id", key=True),
            _enum("service", SERVICES, key=True),
            _ts("referred_at", key=True),
            _enum("outcome", REFERRAL_OUTCOMES),
        ),
        crime_scoped=True,
    ),
    Table(
        "online_methods",
        (
            CRIME_REF,
            _enum("method", ONLINE_METHODS, key=True),
            _text("platform"),
        ),
        crime_scoped=True,
    ),
)

TABLES_BY_NAME = {t.name: t for t in TABLES}

# Tables whose rows must point at a crime that is in the extract or already
# loaded. orders.crime_ref is only the order's origin and may predate the data.
CRIME_CHILD_TABLES = tuple(t.name for t in TABLES if t.crime_scoped) + ("breaches",)


def normalise_header(name: str) -> str:
    """A header as the contract spells it: lower case, words joined by '_'."""
    name = name.replace("\ufeff", "").strip().lower()
    return re.sub(r"[^0-9a-z]+", "_", name).strip("_")
