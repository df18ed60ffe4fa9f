"""Snapshots and files: the world tables as at a moment, written as the contract says.

The state as at T keeps rows that exist by T and blanks every event after T (a
removal after T is null, a crime closed after T is open with no outcome, a
referral's outcome after T is pending, ...). A full extract is the snapshot at
its as-at moment; a delta holds, at a later moment, every crime whose rows in
any crime-scoped table differ from the full (an exact row-by-row difference),
plus the orders and breaches that came into being in between. A delta's rows are
written in an explicit order (`_delta_order`): a filtered query run on several
threads need not keep any.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa

from pipelines.contract import TABLES
from sample_data.basics import iso

FORCE_NUMBER = 42


def _snapshot(name: str, T: str, keep_row: bool = False) -> str:
    """The state of one table as at T: rows that exist by T, later events blanked
    (with the world row's position `_row` first if keep_row)."""
    at = lambda c: f"case when {c} <= {T} then {c} end"  # noqa: E731
    row = "_row, " if keep_row else ""
    sql = {
        "crimes": f"""
            select {row}ci, seq, yy, reported, {at("recorded")} as recorded, offence_from, offence_to,
                   area, nbhd, lsoa, lat, lon, da, relationship, online,
                   case when risk2_at <= {T} then risk2 else risk1 end as risk_level,
                   case when alloc2_at <= {T} then alloc2 when alloc1_at <= {T} then alloc1 end as allocated_unit,
                   case when alloc2_at <= {T} then alloc2_at when alloc1_at <= {T} then alloc1_at end as allocated_at,
                   case when cancelled_at <= {T} then 'cancelled' when outcome_at <= {T} then 'closed'
                        else 'open' end as status,
                   case when outcome_at <= {T} then outcome end as outcome_code,
                   {at("outcome_at")} as outcome_at,
                   case when alloc2_at <= {T} and officer2 is not null then officer2
                        when alloc1_at <= {T} then officer end as officer
            from w_crimes where _at <= {T}""",
        "classifications": f"""
            select {row}ci, seq, yy, code, principal, classified_at, {at("removed_at")} as removed_at
            from w_classifications where _at <= {T}""",
        "victims": f"""
            select {row}ci, seq, yy, vh, age, sex, vulnerable, {at("vps_offered")} as vps_offered,
                   {at("vps_taken")} as vps_taken
            from w_victims where _at <= {T}""",
        "suspects": f"""
            select {row}ci, seq, yy, sh, age, sex, {at("arrested")} as arrested,
                   case when interview_at <= {T} then interview when interview is not null then 'none' end
                       as interview,
                   case when search_at <= {T} then search when search is not null then 'none' end as search,
                   {at("charged")} as charged, mappa
            from w_suspects where _at <= {T}""",
        "risk_assessments": f"""
            select {row}ci, seq, yy, tool, completed, level from w_risk_assessments where _at <= {T}""",
        "spo": f"""
            select {row}ci, seq, yy, sh, {at("considered")} as considered,
                   case when considered <= {T} then decision end as decision,
                   {at("applied")} as applied, {at("interim")} as interim, {at("granted")} as granted,
                   {at("refused")} as refused,
                   case when granted <= {T} then full_onum when interim <= {T} then interim_onum end as onum
            from w_spo where _at <= {T}""",
        "orders": f"""
            select {row}onum, sh, type, granted, expires, oseq, oyy, granted as _at
            from w_orders where granted <= {T}""",
        "breaches": f"""
            select {row}ci, seq, yy, onum, breached, _at from w_breaches where _at <= {T}""",
        "needs_assessments": f"""
            select {row}ci, seq, yy, vh, {at("completed")} as completed,
                   case when completed <= {T} then rights end as rights,
                   case when completed <= {T} then enhanced end as enhanced,
                   case when completed <= {T} then channel end as channel,
                   case when completed <= {T} then declined end as declined
            from w_needs_assessments where _at <= {T}""",
        "referrals": f"""
            select {row}ci, seq, yy, vh, service, referred,
                   case when outcome is null then null when outcome_at <= {T} then outcome
                        else 'pending' end as outcome
            from w_referrals where _at <= {T}""",
        "online_methods": f"""
            select {row}ci, seq, yy, method, platform from w_online_methods where _at <= {T}""",
        # v2
        "screenings": f"""
            select {row}ci, seq, yy, screened, outcome from w_screenings where _at <= {T}""",
        "panels": f"""
            select {row}ci, seq, yy, panel, referred, {at("heard")} as heard
            from w_panels where _at <= {T}""",
        "staff": f"""select {row}snum, role, area, in_scope from w_staff""",
        "training": f"""
            select {row}snum, course, completed, _at from w_training where _at <= {T}""",
        "feedback": f"""
            select {row}ci, seq, yy, vh, surveyed, satisfaction from w_feedback where _at <= {T}""",
        "complaints": f"""
            select {row}ci, seq, yy, cnum, received, case when decided <= {T} then upheld end as upheld,
                   decided, _at
            from w_complaints where _at <= {T}""",
        "actions": f"""
            select {row}anum, rec, description, owner, due,
                   case when completed <= {T}::date then 'complete'
                        when blocked <= {T}::date then 'blocked'
                        when started <= {T}::date then 'in_progress'
                        else 'not_started' end as status,
                   case when completed <= {T}::date then completed end as completed
            from w_actions where _at <= {T}""",
    }
    return sql[name]


# Output columns: (contract column, how to write it, source column).
OUTPUT = {
    "crimes": [
        ("crime_ref", "ref", ""),
        ("reported_at", "ts", "reported"),
        ("recorded_at", "ts", "recorded"),
        ("offence_from", "date", "offence_from"),
        ("offence_to", "date", "offence_to"),
        ("area_code", "", "area"),
        ("neighbourhood_code", "", "nbhd"),
        ("lsoa_code", "", "lsoa"),
        ("latitude", "", "lat"),
        ("longitude", "", "lon"),
        ("domestic_abuse", "", "da"),
        ("relationship", "", "relationship"),
        ("online_element", "", "online"),
        ("risk_level", "", "risk_level"),
        ("allocated_unit", "", "allocated_unit"),
        ("allocated_at", "ts", "allocated_at"),
        ("status", "", "status"),
        ("outcome_code", "", "outcome_code"),
        ("outcome_at", "ts", "outcome_at"),
        ("officer_ref", "staff", "officer"),
    ],
    "classifications": [
        ("crime_ref", "ref", ""),
        ("offence_code", "", "code"),
        ("is_principal", "", "principal"),
        ("classified_at", "ts", "classified_at"),
        ("removed_at", "ts", "removed_at"),
    ],
    "victims": [
        ("crime_ref", "ref", ""),
        ("victim_id", "victim", "vh"),
        ("age_band", "", "age"),
        ("sex", "", "sex"),
        ("vulnerable", "", "vulnerable"),
        ("vps_offered_at", "ts", "vps_offered"),
        ("vps_taken_at", "ts", "vps_taken"),
    ],
    "suspects": [
        ("crime_ref", "ref", ""),
        ("suspect_id", "suspect", "sh"),
        ("age_band", "", "age"),
        ("sex", "", "sex"),
        ("arrested_at", "ts", "arrested"),
        ("interview", "", "interview"),
        ("search_power", "", "search"),
        ("charged_at", "ts", "charged"),
        ("mappa_level", "", "mappa"),
    ],
    "risk_assessments": [
        ("crime_ref", "ref", ""),
        ("tool", "", "tool"),
        ("completed_at", "ts", "completed"),
        ("risk_level", "", "level"),
    ],
    "spo": [
        ("crime_ref", "ref", ""),
        ("suspect_id", "suspect", "sh"),
        ("considered_at", "ts", "considered"),
        ("decision", "", "decision"),
        ("applied_at", "ts", "applied"),
        ("interim_granted_at", "ts", "interim"),
        ("granted_at", "ts", "granted"),
        ("refused_at", "ts", "refused"),
        ("order_id", "order", "onum"),
    ],
    "orders": [
        ("order_id", "order", "onum"),
        ("suspect_id", "suspect", "sh"),
        ("order_type", "", "type"),
        ("granted_at", "ts", "granted"),
        ("expires_at", "ts", "expires"),
        ("crime_ref", "origin", ""),
    ],
    "breaches": [
        ("order_id", "order", "onum"),
        ("crime_ref", "ref", ""),
        ("breached_at", "ts", "breached"),
    ],
    "needs_assessments": [
        ("crime_ref", "ref", ""),
        ("victim_id", "victim", "vh"),
        ("completed_at", "ts", "completed"),
        ("rights_explained", "", "rights"),
        ("enhanced_rights", "", "enhanced"),
        ("rights_channel", "", "channel"),
        ("support_declined", "", "declined"),
    ],
    "referrals": [
        ("crime_ref", "ref", ""),
        ("victim_id", "victim", "vh"),
        ("service", "", "service"),
        ("referred_at", "ts", "referred"),
        ("outcome", "", "outcome"),
    ],
    "online_methods": [
        ("crime_ref", "ref", ""),
        ("method", "", "method"),
        ("platform", "", "platform"),
    ],
    "screenings": [
        ("crime_ref", "ref", ""),
        ("screened_at", "ts", "screened"),
        ("outcome", "", "outcome"),
    ],
    "panels": [
        ("crime_ref", "ref", ""),
        ("panel", "", "panel"),
        ("referred_at", "ts", "referred"),
        ("heard_at", "ts", "heard"),
    ],
    "staff": [
        ("staff_ref", "staff", "snum"),
        ("role", "", "role"),
        ("area_code", "", "area"),
        ("in_scope", "", "in_scope"),
    ],
    "training": [
        ("staff_ref", "staff", "snum"),
        ("course", "", "course"),
        ("completed_at", "ts", "completed"),
    ],
    "feedback": [
        ("crime_ref", "ref", ""),
        ("victim_id", "victim", "vh"),
        ("surveyed_at", "ts", "surveyed"),
        ("satisfaction", "", "satisfaction"),
    ],
    "complaints": [
        ("complaint_ref", "complaint", "cnum"),
        ("crime_ref", "ref", ""),
        ("received_at", "ts", "received"),
        ("upheld", "", "upheld"),
    ],
    "actions": [
        ("action_ref", "action", "anum"),
        ("recommendation", "", "rec"),
        ("description", "", "description"),
        ("owner", "", "owner"),
        ("due_on", "date", "due"),
        ("status", "", "status"),
        ("completed_on", "date", "completed"),
    ],
}
CRIME_SCOPED = tuple(t.name for t in TABLES if t.crime_scoped or t.name == "crimes")

for _t in TABLES:  # the output must be the contract, column for column
    assert tuple(c for c, _, _ in OUTPUT[_t.name]) == _t.column_names, _t.name


def _select(name: str, T: str, fmt: str, day_first: bool, keep_row: bool = False) -> str:
    """The contract's columns, in order, written as the extract writes them, from
    the snapshot `s` (which has `_row` too if keep_row)."""
    ts_fmt, date_fmt = (
        ("%d/%m/%Y %H:%M", "%d/%m/%Y") if day_first else ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d")
    )
    parquet = fmt == "parquet"
    exprs = []
    for column, how, src in OUTPUT[name]:
        e = {
            "ref": f"printf('{FORCE_NUMBER}/%06d/%02d', seq, yy)",
            "origin": f"printf('{FORCE_NUMBER}/%06d/%02d', oseq, oyy)",
            "victim": f"printf('V%010x', {src})",
            "suspect": f"printf('S%010x', {src})",
            "order": f"printf('ORD-%06d', {src})",
            "staff": f"printf('OFC%05d', {src})",
            "complaint": f"printf('CMP-%06d', {src})",
            "action": f"printf('ACT-%02d', {src})",
            "ts": f"{src}::TIMESTAMP" if parquet else f"strftime({src}, '{ts_fmt}')",
            "date": src if parquet else f"strftime({src}, '{date_fmt}')",
            "": src,
        }[how]
        exprs.append(f"{e} as {column}")
    return "select " + ", ".join(exprs) + f" from ({_snapshot(name, T, keep_row)}) s"


def _literal(t: int) -> str:
    return f"TIMESTAMP '{iso(t).replace('T', ' ')}'"


def _clear(folder: Path):
    """Remove what an earlier run wrote here (only the contract's file names)."""
    for t in TABLES:
        for ext in ("csv", "parquet"):
            (folder / f"{t.name}.{ext}").unlink(missing_ok=True)
    (folder / "manifest.json").unlink(missing_ok=True)


def _write(con, folder: Path, T: int, fmt: str, day_first: bool, manifest: dict, filters=None):
    """Write every table as at T into folder; `filters` (a delta) maps a table to
    what follows its snapshot `s` (with `_row`): which rows, in which order."""
    folder.mkdir(parents=True, exist_ok=True)
    _clear(folder)
    options = (
        "(FORMAT parquet, COMPRESSION zstd)" if fmt == "parquet" else "(HEADER, DELIMITER ',')"
    )
    counts = {}
    for t in TABLES:
        if filters is None:
            sql = _select(t.name, _literal(T), fmt, day_first)
        elif filters[t.name] is None:  # the table is not supplied
            continue
        else:
            sql = _select(t.name, _literal(T), fmt, day_first, keep_row=True)
            sql += " " + filters[t.name]
        path = (folder / f"{t.name}.{fmt}").as_posix().replace("'", "''")
        counts[t.name] = int(con.execute(f"COPY ({sql}) TO '{path}' {options}").fetchone()[0])
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return counts


def write_full(con, folder: Path, T: int, fmt: str, day_first: bool, manifest: dict) -> dict:
    """The full extract as at T; rows per table."""
    return _write(con, folder, T, fmt, day_first, manifest)


def write_delta(
    con, folder: Path, T0: int, T1: int, fmt: str, day_first: bool, manifest: dict
) -> dict:
    """The delta extract as at T1 after the full one as at T0; rows per table."""
    _changed_crimes(con, T0, T1)
    filters = {}
    for name in CRIME_SCOPED:
        con.register(f"delta_order_{name}", _delta_order(con, name, _literal(T1)))
        filters[name] = f"join delta_order_{name} o on o._row = s._row order by o.rank"
    t0, t1 = _literal(T0), _literal(T1)
    filters["orders"] = filters["breaches"] = f"where s._at > {t0} order by s._row"
    # v2: staff do not change; new completions; complaints received or decided since;
    # the action plan in full when any action's state changed (a load that supplies
    # actions replaces the register), else not supplied.
    filters["staff"] = "where false"
    filters["training"] = f"where s._at > {t0} order by s._row"
    filters["complaints"] = (
        f"where s._at > {t0} or (s.decided > {t0} and s.decided <= {t1}) order by s._row"
    )
    a, b = (_snapshot("actions", t) for t in (t0, t1))
    changed = con.execute(
        f"select (select count(*) from (({a}) except all ({b}))) + (select count(*) from (({b}) except all ({a})))"
    ).fetchone()[0]
    filters["actions"] = "order by s._row" if changed else None
    return _write(con, folder, T1, fmt, day_first, manifest, filters)


# The order of a delta's crime-scoped rows: the order DuckDB 2.0's hash semi
# join gave on one thread, in which the committed sample's delta was written. It
# reads a world table in blocks of 2048 rows and holds back the result of a block
# that keeps 64 rows or fewer, passing the held rows on together once there are
# more than 1984 of them, or at the end. Written in that order explicitly, a delta
# is the same on any number of threads (a parallel join interleaves its threads).
BLOCK, HELD_UP_TO, HELD_FULL = 2048, 64, 2048 - 64


def _delta_order(con, name: str, T: str) -> pa.Table:
    """(_row, rank): the world rows of the delta's crimes, with their place in the file."""
    rows = con.execute(f"""
        select _row from w_{name} where _at <= {T} and ci in (select ci from changed)
        order by _row""").fetchnumpy()["_row"]
    order, held, n_held = [], [], 0
    _, starts, counts = np.unique(rows // BLOCK, return_index=True, return_counts=True)
    for start, count in zip(starts, counts, strict=True):
        part = np.arange(start, start + count)
        if count > HELD_UP_TO:
            order.append(part)
            continue
        held.append(part)
        n_held += count
        if n_held > HELD_FULL:
            order += held
            held, n_held = [], 0
    positions = np.concatenate([*order, *held, np.zeros(0, np.int64)])
    return pa.table({"_row": rows[positions], "rank": np.arange(len(positions))})


def _changed_crimes(con, T0: int, T1: int):
    """Crimes whose rows in any crime-scoped table differ between T0 and T1
    (including crimes that did not exist at T0), as temp table `changed`: the
    exact symmetric difference of the two snapshots, row by row."""
    t0, t1 = _literal(T0), _literal(T1)
    # A row can only look different if one of its moments falls in (T0, T1]:
    # those crimes are the candidates, compared exactly below.
    moments = []
    for name in CRIME_SCOPED:
        cols = [
            c[0]
            for c in con.execute(f"describe w_{name}").fetchall()
            if c[1].startswith("TIMESTAMP")
        ]
        span = " or ".join(f"({c} > {t0} and {c} <= {t1})" for c in cols)
        moments.append(f"select ci from w_{name} where {span}")
    con.execute(
        f"create or replace temp table candidates as select distinct ci from ({' union all '.join(moments)})"
    )
    parts = []
    for name in CRIME_SCOPED:
        a, b = (
            f"select * from ({_snapshot(name, t)}) s where ci in (select ci from candidates)"
            for t in (t0, t1)
        )
        parts.append(f"select ci from ({b} except all {a})")
        parts.append(f"select ci from ({a} except all {b})")
    con.execute(f"""
        create or replace temp table changed as
        select distinct ci from ({" union all ".join(parts)}) x
        where ci in (select ci from w_crimes where _at <= {t1})""")
