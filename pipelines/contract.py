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
    ACTION_STATUSES,
    AGE_BANDS,
    ALLOCATED_UNITS,
    INTERVIEWS,
    MAPPA_LEVELS,
    ONLINE_METHODS,
    ORDER_TYPES,
    PANELS,
    REFERRAL_OUTCOMES,
    RELATIONSHIPS,
    RIGHTS_CHANNELS,
    RISK_LEVELS,
    RISK_TOOLS,
    SATISFACTION,
    SCREENING_OUTCOMES,
    SEARCH_POWERS,
    SERVICES,
    SEXES,
    SPO_DECISIONS,
    STAFF_ROLES,
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
REFERENCE_COLUMNS = (
    "crime_ref",
    "victim_id",
    "suspect_id",
    "order_id",
    "officer_ref",
    "staff_ref",
    "complaint_ref",
    "action_ref",
)

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
    # v2: a table that, when an extract supplies it, replaces every row loaded before
    # (the force's action plan is one register kept in a spreadsheet).
    replaces_all: bool = False
    # v2: the contract's one free text (actions.description): checked for personal data
    # like every text, but a sentence is what it is for.
    free_text: tuple[str, ...] = ()

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
            _text("officer_ref"),
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
            _enum("rights_channel", RIGHTS_CHANNELS),
            _bool("support_declined"),
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
    # v2: tables beyond the first contract, all optional (docs/extract.md).
    Table(
        "screenings",
        (
            CRIME_REF,
            _ts("screened_at", key=True),
            _enum("outcome", SCREENING_OUTCOMES),
        ),
        crime_scoped=True,
    ),
    Table(
        "panels",
        (
            CRIME_REF,
            _enum("panel", PANELS, key=True),
            _ts("referred_at", key=True),
            _ts("heard_at"),
        ),
        crime_scoped=True,
    ),
    Table(
        "staff",
        (
            _text("staff_ref", key=True),
            _enum("role", STAFF_ROLES),
            _text("area_code"),
            _bool("in_scope"),
        ),
    ),
    Table(
        "training",
        (
            _text("staff_ref", key=True),
            _text("course", key=True),
            _ts("completed_at", key=True),
        ),
    ),
    Table(
        "feedback",
        (
            CRIME_REF,
            _text("victim_id", key=True),
            _ts("surveyed_at", key=True),
            _enum("satisfaction", SATISFACTION),
        ),
        crime_scoped=True,
    ),
    Table(
        "complaints",
        (
            _text("complaint_ref", key=True),
            _text("crime_ref", required=True),
            _ts("received_at"),
            _bool("upheld"),
        ),
    ),
    Table(
        "actions",
        (
            _text("action_ref", key=True),
            Column("recommendation", "int", required=True, low=1, high=99),
            _text("description"),
            _text("owner"),
            Column("due_on", "date", event=False),
            _enum("status", ACTION_STATUSES, required=True),
            Column("completed_on", "date"),
        ),
        replaces_all=True,
        free_text=("description",),
    ),
)

TABLES_BY_NAME = {t.name: t for t in TABLES}

# Tables whose rows must point at a crime that is in the extract or already
# loaded. orders.crime_ref is only the order's origin and may predate the data.
CRIME_CHILD_TABLES = tuple(t.name for t in TABLES if t.crime_scoped) + ("breaches", "complaints")
# v2: rows that must point at a row of another table (in the extract or loaded before):
# table -> (column, parent table).
PARENTS = {"breaches": ("order_id", "orders"), "training": ("staff_ref", "staff")}


def normalise_header(name: str) -> str:
    """A header as the contract spells it: lower case, words joined by '_'."""
    name = name.replace("\ufeff", "").strip().lower()
    return re.sub(r"[^0-9a-z]+", "_", name).strip("_")
