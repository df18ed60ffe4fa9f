"""The only door the pages use: read-only queries with bound parameters, as DataFrames.

Every function takes a Store and plain filter values (a period as first-of-month
dates, a list of area codes or None for all) and binds them as parameters;
no user value is ever formatted into SQL text. Object names (a breakdown's
view) are checked against the files in queries/sql/ before use.

A Store opens the database file the way the loader's atomic swap needs: a new
in-memory DuckDB connection that ATTACHes the file READ_ONLY, re-made when the
file on disk changes (a load replaced it), with a cursor per query because
one connection is not safe across Streamlit's session threads.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from .build import fingerprint, sql_objects
from .catalogue import RECOMMENDATIONS, catalogue, measures_for, rag

ALIAS = "stalking"
AREA_FILTER = "($areas::varchar[] is null or list_contains($areas, area_code))"
PERIOD_FILTER = "month between $start and $end"
# The unit columns of breakdown views: summed; every other column is a dimension.
UNITS = ("cases", "crimes", "victims", "suspects", "breaches", "answer")


class NoDatabase(Exception):
    """The database file is missing or has never had a load committed."""


class NeedsRebuild(Exception):
    """A query needs a view or table the database does not have: it was built by another
    version of the code (python -m pipelines rebuild mends it)."""


class Store:
    """Read-only access to one database file, following it across load swaps."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._version: tuple | None = None

    def version(self) -> tuple:
        """Identity of the file on disk: changes when a load swaps a new one in."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            raise NoDatabase(
                f"no database at {self.path}: load an extract first "
                "(python -m pipelines load EXTRACT_DIR --db PATH)"
            ) from None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _connection(self) -> duckdb.DuckDBPyConnection:
        version = self.version()
        with self._lock:
            if self._con is None or version != self._version:
                # The old connection is not closed here: other sessions' cursors may still be
                # reading from it. Dropping the reference closes it once the last one is done.
                con = duckdb.connect()
                con.execute(f"attach '{_quoted(self.path)}' as {ALIAS} (read_only)")
                self._con, self._version = con, version
            return self._con

    def frame(self, sql: str, params: dict | None = None) -> pd.DataFrame:
        """Run a query in the attached database and return a DataFrame."""
        cursor = self._connection().cursor()
        try:
            cursor.execute(f"use {ALIAS}")
            return cursor.execute(sql, params or {}).df()
        except duckdb.CatalogException as missing:
            raise NeedsRebuild(str(missing).splitlines()[0]) from None
        finally:
            cursor.close()

    def value(self, sql: str, params: dict | None = None):
        df = self.frame(sql, params)
        return None if df.empty else df.iat[0, 0]


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


@dataclass(frozen=True)
class Period:
    """Inclusive months, each given as its first day."""

    start: date
    end: date

    def params(self) -> dict:
        return {"start": self.start, "end": self.end}

    def months(self) -> list[date]:
        """Each month of the period, as its first day."""
        out, m = [], self.start
        while m <= self.end:
            out.append(m)
            m = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
        return out


def _areas(areas: list[str] | None) -> list[str] | None:
    """The areas parameter: None reads every area; a list, even an empty one, only those
    (an empty list reads nothing: a person narrowed to no area sees no row)."""
    return None if areas is None else list(areas)


def _filters(period: Period | None, areas: list[str] | None) -> dict:
    params = {"areas": _areas(areas)}
    if period is not None:
        params.update(period.params())
    return params


# --- status --------------------------------------------------------------------------------


def status(store: Store) -> dict:
    """As-at moment, the latest load and the age of the newest extract."""
    row = store.frame("""
        select load_id, extracted_at, extracted_at_source, finished_at, extract_path,
               rows_read, rows_loaded, rows_rejected, rows_skipped
        from load_log order by load_id desc limit 1""")
    if row.empty:
        raise NoDatabase(f"{store.path} has no committed load yet")
    latest = row.iloc[0].to_dict()
    latest["as_at"] = store.value("select max(extracted_at) from load_log")
    built_by = store.value("select value from meta where name = 'queries_fingerprint'")
    latest["build_current"] = built_by == fingerprint()
    latest["age_days"] = (datetime.now() - latest["as_at"]).total_seconds() / 86400
    return latest


def load_log(store: Store) -> pd.DataFrame:
    return store.frame("select * from load_log order by load_id desc")


def months_available(store: Store) -> list[date]:
    df = store.frame("select distinct month from int_cases order by month")
    return [d.date() if isinstance(d, datetime) else d for d in df["month"]]


def areas(store: Store, areas: list[str] | None = None) -> pd.DataFrame:
    """Every area code seen in the cases or the reference, with its name and population;
    with `areas`, just those (the data door passes a person's permitted areas)."""
    return store.frame(
        """
        select coalesce(a.area_code, c.area_code) as area_code,
               coalesce(a.area_name, c.area_code) as area_name, a.population
        from areas as a
        full join (select distinct area_code from int_cases) as c on c.area_code = a.area_code
        where $areas::varchar[] is null
           or list_contains($areas, coalesce(a.area_code, c.area_code))
        order by area_name""",
        {"areas": _areas(areas)},
    )


def settings(store: Store) -> dict[str, float]:
    df = store.frame("select name, value from settings")
    return dict(zip(df["name"], df["value"], strict=True))


# --- measures ------------------------------------------------------------------------------


def catalogue_frame(store: Store) -> pd.DataFrame:
    """The catalogue with each measure's target (percent) from settings."""
    values = settings(store)
    rows = [
        {
            "measure_id": m.id,
            "label": m.label,
            "recommendation": m.recommendation,
            "unit": m.unit,
            "is_ratio": m.is_ratio,
            "direction": m.direction,
            "target": values.get(m.target_setting) if m.target_setting else None,
        }
        for m in catalogue()
    ]
    return pd.DataFrame(rows)


def measure_totals(store: Store, period: Period, areas: list[str] | None = None) -> pd.DataFrame:
    """One row per catalogue measure for the period and areas: value, target and RAG.

    value is a percentage for ratios (None when no case is in its denominator) and
    the count for counts (0 when none); supplied is False when a table the measure
    needs was never loaded: the page says "no data", never 0.
    """
    sums = store.frame(
        f"""
        select measure_id,
               cast(sum(numerator) as bigint) as numerator,
               cast(sum(denominator) as bigint) as denominator
        from measure_summary
        where {PERIOD_FILTER} and {AREA_FILTER}
        group by measure_id""",
        _filters(period, areas),
    )
    frame = catalogue_frame(store).merge(sums, on="measure_id", how="left")
    return _score(store, frame)


def _score(store: Store, frame: pd.DataFrame) -> pd.DataFrame:
    """Add supplied, value (percent for ratios) and RAG to rows of catalogue_frame + sums."""
    supplied = supplied_tables(store)
    amber = settings(store)["rag_amber_points"]
    requires = {m.id: m.requires for m in catalogue()}
    frame["supplied"] = [all(t in supplied for t in requires[m]) for m in frame["measure_id"]]
    counts = ~frame["is_ratio"].astype(bool) & frame["supplied"]
    frame.loc[counts, "numerator"] = frame.loc[counts, "numerator"].fillna(0)
    frame["value"] = [_value(r.numerator, r.denominator, r.is_ratio) for r in frame.itertuples()]
    frame["rag"] = [
        rag(v, None if pd.isna(t) else t, d, amber) if s else None
        for v, t, d, s in zip(
            frame["value"], frame["target"], frame["direction"], frame["supplied"], strict=True
        )
    ]
    return frame


def measure_league(store: Store, period: Period, areas: list[str] | None = None) -> pd.DataFrame:
    """Every catalogue measure for every area in the period: value, target and RAG.

    One row per measure and area that has any row in measure_summary for the period
    (an area with no case in a ratio's denominator has value None, no RAG).
    """
    sums = store.frame(
        f"""
        select m.measure_id, m.area_code, coalesce(a.area_name, m.area_code) as area_name,
               cast(sum(m.numerator) as bigint) as numerator,
               cast(sum(m.denominator) as bigint) as denominator
        from measure_summary as m
        left join areas as a on a.area_code = m.area_code
        where {PERIOD_FILTER.replace("month", "m.month")}
          and {AREA_FILTER.replace("area_code)", "m.area_code)")}
        group by m.measure_id, m.area_code, a.area_name
        order by area_name, m.measure_id""",
        _filters(period, areas),
    )
    frame = sums.merge(catalogue_frame(store), on="measure_id", how="inner")
    return _score(store, frame)


def recommendation_status(totals: pd.DataFrame) -> pd.DataFrame:
    """One row per recommendation to chief constables: its measures and how many of those
    with a target are on target (green), close (amber) or off target (red), from
    measure_totals as the person sees them (a value suppressed for a role has no RAG, and
    is counted under none)."""
    rag_of = dict(zip(totals["measure_id"], totals["rag"], strict=True))
    rows = []
    for rec in RECOMMENDATIONS:
        measures = measures_for(rec.number)
        rags = [rag_of[m.id] for m in measures if m.direction]
        rows.append(
            {
                "recommendation": rec.number,
                "subject": rec.subject,
                "due": rec.due,
                "measures": len(measures),
                "on_target": sum(r == "green" for r in rags),
                "close": sum(r == "amber" for r in rags),
                "off_target": sum(r == "red" for r in rags),
            }
        )
    return pd.DataFrame(rows)


def supplied_tables(store: Store) -> set[str]:
    """Contract tables some load has supplied (a table never supplied means "no data")."""
    return set(store.frame("select distinct table_name from load_tables")["table_name"])


def _value(numerator, denominator, is_ratio: bool) -> float | None:
    if pd.isna(numerator):
        return None
    if not is_ratio:
        return float(numerator)
    if pd.isna(denominator) or denominator == 0:
        return None
    return 100.0 * numerator / denominator


def measure_trend(
    store: Store, measure_id: str, period: Period, areas: list[str] | None = None
) -> pd.DataFrame:
    """Month by month: numerator, denominator and value (percent for ratios)."""
    return store.frame(
        f"""
        select month,
               cast(sum(numerator) as bigint) as numerator,
               cast(sum(denominator) as bigint) as denominator,
               case when sum(denominator) is null then cast(sum(numerator) as double)
                    else 100.0 * sum(numerator) / nullif(sum(denominator), 0) end as value
        from measure_summary
        where measure_id = $measure_id and {PERIOD_FILTER} and {AREA_FILTER}
        group by month order by month""",
        {"measure_id": measure_id, **_filters(period, areas)},
    )


def measure_by_area(
    store: Store, measure_id: str, period: Period, areas: list[str] | None = None
) -> pd.DataFrame:
    """Area by area for the period, with the area's name."""
    return store.frame(
        f"""
        select m.area_code, coalesce(a.area_name, m.area_code) as area_name,
               cast(sum(m.numerator) as bigint) as numerator,
               cast(sum(m.denominator) as bigint) as denominator,
               case when sum(m.denominator) is null then cast(sum(m.numerator) as double)
                    else 100.0 * sum(m.numerator) / nullif(sum(m.denominator), 0) end as value
        from measure_summary as m
        left join areas as a on a.area_code = m.area_code
        where m.measure_id = $measure_id and {PERIOD_FILTER.replace("month", "m.month")}
          and {AREA_FILTER.replace("area_code)", "m.area_code)")}
        group by all order by area_name""",
        {"measure_id": measure_id, **_filters(period, areas)},
    )


# --- daily management meeting --------------------------------------------------------------


def dmm_flags(
    store: Store, areas: list[str] | None = None, flags: list[str] | None = None
) -> pd.DataFrame:
    """Every open case's flags, most urgent first."""
    return store.frame(
        f"""
        select crime_ref, flag, reason, severity, area_code, reported_at
        from dmm_flags
        where {AREA_FILTER} and ($flags::varchar[] is null or list_contains($flags, flag))
        order by severity, reported_at desc, crime_ref""",
        {"areas": _areas(areas), "flags": list(flags) if flags else None},
    )


def dmm_flag_counts(store: Store, areas: list[str] | None = None) -> pd.DataFrame:
    """Open cases per daily-meeting flag, most urgent flag first."""
    return store.frame(
        f"""
        select flag, count(distinct crime_ref) as cases, min(severity) as severity
        from dmm_flags
        where {AREA_FILTER}
        group by flag
        order by severity, flag""",
        {"areas": _areas(areas)},
    )


def dmm_cases(
    store: Store, areas: list[str] | None = None, flags: list[str] | None = None
) -> pd.DataFrame:
    """One row per flagged open case with all its flags and reasons, most urgent first.

    With flags given, only cases carrying at least one of them (with all their flags).
    """
    return store.frame(
        f"""
        select crime_ref, area_code, {AREA_NAME}, reported_at, risk_level,
               current_principal_code, allocated_unit, severity,
               array_to_string(flags, ', ') as flags, reasons
        from dmm_cases left join areas using (area_code)
        where {AREA_FILTER} and ($flags::varchar[] is null or list_has_any(flags, $flags))
        order by severity, reported_at desc, crime_ref""",
        {"areas": _areas(areas), "flags": list(flags) if flags else None},
    )


# --- screening -----------------------------------------------------------------------------


def screening(
    store: Store,
    period: Period,
    areas: list[str] | None = None,
    triggers: list[str] | None = None,
) -> pd.DataFrame:
    """Crimes to screen for hidden stalking, newest first, with their triggers; with
    triggers given, only crimes meeting at least one of them."""
    return store.frame(
        f"""
        select crime_ref, reported_at, area_code, {AREA_NAME},
               array_to_string(triggers, ', ') as triggers, current_principal_code,
               current_codes, relationship, domestic_abuse, online_element, risk_level, status,
               suspects, victims, earlier_crimes_same_pair
        from screening_candidates left join areas using (area_code)
        where {PERIOD_FILTER} and {AREA_FILTER}
          and ($triggers::varchar[] is null or list_has_any(triggers, $triggers))
        order by reported_at desc, crime_ref""",
        {**_filters(period, areas), "triggers": list(triggers) if triggers else None},
    )


# --- breakdowns and data quality -----------------------------------------------------------


def object_names(prefix: str) -> list[str]:
    return [name for name in sql_objects() if name.startswith(prefix)]


def breakdown(
    store: Store,
    name: str,
    period: Period | None = None,
    areas: list[str] | None = None,
    by: list[str] | None = None,
) -> pd.DataFrame:
    """A brk_* view summed over the period and areas, by its own dimensions, or by the
    subset of them named in `by` (in that order)."""
    if name not in object_names("brk_"):
        raise ValueError(f"no breakdown called {name!r}")
    columns = list(store.frame(f"select * from {name} limit 0").columns)
    measures = [c for c in columns if c in UNITS]
    dims = [c for c in columns if c not in measures and c not in ("month", "area_code")]
    if by is not None:
        unknown = [c for c in by if c not in dims]
        if unknown:
            raise ValueError(f"{name} has no dimension {', '.join(map(repr, unknown))}")
        dims = list(by)
    where = [AREA_FILTER] if "area_code" in columns else []
    if period is not None and "month" in columns:
        where.append(PERIOD_FILTER)
    sums = ", ".join(f"cast(sum({m}) as bigint) as {m}" for m in measures)
    select = ", ".join([*dims, sums]) if dims else sums
    group = f" group by {', '.join(dims)} order by {', '.join(dims)}" if dims else ""
    params = _filters(
        period if "month" in columns else None, areas if "area_code" in columns else None
    )
    if "area_code" not in columns:
        params.pop("areas")
    return store.frame(
        f"select {select} from {name} where {' and '.join(where) or 'true'}{group}", params
    )


def area_rates(store: Store, period: Period, areas: list[str] | None = None) -> pd.DataFrame:
    """Stalking cases per area over the period and per 1,000 residents (no rate when the
    reference does not know the area's population). Not annualised."""
    return store.frame(
        f"""
        select b.area_code, coalesce(a.area_name, b.area_code) as area_name,
               cast(sum(b.cases) as bigint) as cases, any_value(a.population) as population,
               1000.0 * sum(b.cases) / any_value(a.population) as per_1000
        from brk_area_cases as b
        left join areas as a on a.area_code = b.area_code
        where {PERIOD_FILTER.replace("month", "b.month")}
          and {AREA_FILTER.replace("area_code)", "b.area_code)")}
        group by b.area_code, a.area_name
        order by per_1000 desc nulls last, b.area_code""",
        _filters(period, areas),
    )


# Case-level lists name the area (the join is `left join areas using (area_code)`).
AREA_NAME = "coalesce(area_name, area_code) as area_name"
CASE_COLUMNS = (
    f"crime_ref, reported_at, area_code, {AREA_NAME}, neighbourhood_code, current_principal_code, "
    "relationship, domestic_abuse, online_element, risk_level, allocated_unit, status, "
    "outcome_code, is_hidden, is_reclassified, spo_considered, suspects, victims, "
    "suspect_arrested, s18_search, has_current_indictable"
)


def case_list(
    store: Store,
    period: Period,
    areas: list[str] | None = None,
    *,
    online: bool | None = None,
    hidden: bool | None = None,
    reclassified: bool | None = None,
    risk_level: str | None = None,
    status: str | None = None,
    relationship: str | None = None,
    method: str | None = None,
    s18_without_indictable: bool | None = None,
) -> pd.DataFrame:
    """Stalking cases for a drill-down, newest first; each keyword narrows when given.

    method: cases with that online method; s18_without_indictable: cases with an s.18
    search and no current indictable classification (the measure's numerator).
    """
    params = {
        **_filters(period, areas),
        "online": online,
        "hidden": hidden,
        "reclassified": reclassified,
        "risk": risk_level,
        "status": status,
        "relationship": relationship,
        "method": method,
        "s18": s18_without_indictable,
    }
    return store.frame(
        f"""
        select {CASE_COLUMNS}
        from int_cases left join areas using (area_code)
        where {PERIOD_FILTER} and {AREA_FILTER}
          and ($online::boolean is null or coalesce(online_element, false) = $online)
          and ($hidden::boolean is null or is_hidden = $hidden)
          and ($reclassified::boolean is null or is_reclassified = $reclassified)
          and ($risk::varchar is null or risk_level = $risk)
          and ($status::varchar is null or status = $status)
          and ($relationship::varchar is null
               or coalesce(relationship, 'not recorded') = $relationship)
          and ($method::varchar is null or crime_ref in (
                select o.crime_ref from online_methods as o where o.method = $method))
          and ($s18::boolean is null
               or (s18_search and not has_current_indictable) = $s18)
        order by reported_at desc, crime_ref""",
        params,
    )


def financial_year(month: date) -> str:
    """The UK financial year (April to March) a month falls in, e.g. '2025/26'."""
    first = month.year if month.month >= 4 else month.year - 1
    return f"{first}/{(first + 1) % 100:02d}"


def foi_answers(store: Store, period: Period, areas: list[str] | None = None) -> pd.DataFrame:
    """The questions of a stalking FOI request (brk_foi, foi_questions): one row per
    question, a column per financial year the period touches (April to March), and the
    period total. A question with no case in the period is answered 0; one whose source
    table was never supplied is absent (no data, not 0).
    """
    rows = store.frame(
        f"""
        select question_order, question, month, cast(sum(answer) as bigint) as answer
        from brk_foi
        where {PERIOD_FILTER} and {AREA_FILTER}
        group by question_order, question, month""",
        _filters(period, areas),
    )
    questions = store.frame("select question_order, question from foi_questions")
    if questions.empty:
        return pd.DataFrame(columns=["question"])
    rows["year"] = [financial_year(pd.Timestamp(m).date()) for m in rows["month"]]
    wide = rows.pivot_table(
        index="question_order", columns="year", values="answer", aggfunc="sum", fill_value=0
    )
    years = [financial_year(m) for m in period.months()]
    wide = wide.reindex(columns=list(dict.fromkeys(years)), fill_value=0)
    wide = questions.set_index("question_order").join(wide).fillna(0).sort_index()
    year_columns = [c for c in wide.columns if c != "question"]
    wide[year_columns] = wide[year_columns].astype("int64")
    label = f"{period.start:%b %Y} to {period.end:%b %Y}"
    wide[label] = wide[year_columns].sum(axis=1)
    return wide.reset_index(drop=True)


def screening_triggers(
    store: Store, period: Period, areas: list[str] | None = None
) -> pd.DataFrame:
    """Screening candidates per trigger (a crime meeting two triggers counts under both)."""
    return store.frame(
        f"""
        select t.trigger, count(*) as crimes
        from (select unnest(triggers) as trigger from screening_candidates
              where {PERIOD_FILTER} and {AREA_FILTER}) as t
        group by t.trigger order by crimes desc, t.trigger""",
        _filters(period, areas),
    )


def load_tables(store: Store, load_id: int | None = None) -> pd.DataFrame:
    """Per load and table: file, rows read / loaded / rejected / skipped, columns dropped."""
    return store.frame(
        """
        select load_id, table_name, file, file_format, encoding, rows_read, rows_loaded,
               rows_rejected, rows_skipped,
               array_to_string(columns_absent, ', ') as columns_absent,
               array_to_string(columns_ignored, ', ') as columns_ignored,
               array_to_string(personal_columns_dropped, ', ') as personal_columns_dropped
        from load_tables
        where $load_id::integer is null or load_id = $load_id
        order by load_id desc, table_name""",
        {"load_id": load_id},
    )


def rejects(store: Store, load_id: int | None = None, limit: int = 1000) -> pd.DataFrame:
    """Quarantined values, newest load first (the raw row is left out: see load_rejects)."""
    return store.frame(
        """
        select load_id, table_name, file, line, column_name, value, reason
        from load_rejects
        where $load_id::integer is null or load_id = $load_id
        order by load_id desc, table_name, line
        limit $limit""",
        {"load_id": load_id, "limit": limit},
    )


def trailing(end: date, months: int = 13) -> Period:
    """The `months` months ending with `end` (a trend's window: 13 shows a year on a year)."""
    index = end.year * 12 + end.month - 1 - (months - 1)
    return Period(date(index // 12, index % 12 + 1, 1), end)


def previous_period(period: Period) -> Period:
    """The period of the same number of months just before."""
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month
    end_index = period.start.year * 12 + period.start.month - 2
    start_index = end_index - months
    return Period(
        date(start_index // 12, start_index % 12 + 1, 1),
        date(end_index // 12, end_index % 12 + 1, 1),
    )


def area_change(store: Store, period: Period, areas: list[str] | None = None) -> pd.DataFrame:
    """Cases per area in the period against the previous period of the same length,
    largest rise first."""
    before = previous_period(period)
    return store.frame(
        f"""
        select b.area_code, coalesce(a.area_name, b.area_code) as area_name,
               cast(sum(b.cases) filter (where b.month between $start and $end) as bigint)
                   as cases,
               cast(sum(b.cases) filter (where b.month between $before_start and $before_end)
                    as bigint) as previous_cases,
               cast(coalesce(sum(b.cases) filter (where b.month between $start and $end), 0)
                    - coalesce(sum(b.cases) filter (where b.month between $before_start
                                                    and $before_end), 0) as bigint) as change
        from brk_area_cases as b
        left join areas as a on a.area_code = b.area_code
        where {AREA_FILTER.replace("area_code)", "b.area_code)")}
        group by b.area_code, a.area_name
        order by change desc, b.area_code""",
        {**_filters(period, areas), "before_start": before.start, "before_end": before.end},
    )


def case_points(store: Store, period: Period, areas: list[str] | None = None) -> pd.DataFrame:
    """Case coordinates for binning into hexagons (never drawn as points: see hex_bins)."""
    return store.frame(
        f"""
        select latitude, longitude from int_cases
        where {PERIOD_FILTER} and {AREA_FILTER} and latitude is not null""",
        _filters(period, areas),
    )


def hex_bins(
    store: Store, period: Period, areas: list[str] | None = None, resolution: int = 7
) -> tuple[pd.DataFrame, int, int]:
    """Cases per H3 hexagon, with cells under the suppression threshold removed.

    Returns (cells with cell and cases, number of cells suppressed, cases in them). The
    threshold is the setting hotspot_min_cases: a location can identify a victim.
    """
    import h3

    points = case_points(store, period, areas)
    threshold = settings(store)["hotspot_min_cases"]
    if points.empty:
        return pd.DataFrame({"cell": [], "cases": []}), 0, 0
    cells = [
        h3.latlng_to_cell(lat, lng, resolution)
        for lat, lng in zip(points["latitude"], points["longitude"], strict=True)
    ]
    counts = pd.Series(cells).value_counts().rename_axis("cell").reset_index(name="cases")
    hidden = counts[counts["cases"] < threshold]
    return (
        counts[counts["cases"] >= threshold].reset_index(drop=True),
        len(hidden),
        int(hidden["cases"].sum()),
    )


def lsoa_cases(store: Store, period: Period, areas: list[str] | None = None) -> pd.DataFrame:
    """Cases per LSOA with its population and rate per 1,000 (cells under the threshold
    suppressed: cases is NULL there)."""
    threshold = settings(store)["hotspot_min_cases"]
    return store.frame(
        f"""
        select b.lsoa_code, any_value(l.lsoa_name) as lsoa_name,
               case when sum(b.cases) >= $threshold then cast(sum(b.cases) as bigint) end
                   as cases,
               any_value(l.population) as population,
               case when sum(b.cases) >= $threshold
                    then 1000.0 * sum(b.cases) / any_value(l.population) end as per_1000
        from brk_neighbourhood as b
        left join lsoas as l on l.lsoa_code = b.lsoa_code
        where {PERIOD_FILTER.replace("month", "b.month")}
          and {AREA_FILTER.replace("area_code)", "b.area_code)")}
          and b.lsoa_code <> 'not recorded'
        group by b.lsoa_code""",
        {**_filters(period, areas), "threshold": threshold},
    )


def boundaries(store: Store, kind: str) -> dict | None:
    """A GeoJSON FeatureCollection of the reference boundaries ('lsoa' or 'area'), or None."""
    import json

    frame = store.frame("select feature from boundaries where kind = $kind", {"kind": kind})
    if frame.empty:
        return None
    return {"type": "FeatureCollection", "features": [json.loads(f) for f in frame["feature"]]}


def implausible_counts(store: Store) -> pd.DataFrame:
    """Crimes per implausible-timeline check (dq_implausible_timelines), most first."""
    return store.frame(
        "select check_name, count(distinct crime_ref) as crimes from dq_implausible_timelines "
        "group by check_name order by crimes desc, check_name"
    )


def last_check(store: Store) -> dict | None:
    """The latest `python -m pipelines check` report written beside the database (see
    pipelines.check.read_report for its shape), or None."""
    from pipelines.check import default_report_path, read_report

    return read_report(default_report_path(store.path))


def last_load_attempt(store: Store) -> dict | None:
    """The latest `python -m pipelines load` attempt, committed or refused (a refused load
    changes nothing in the database: this is its only trace), or None."""
    from pipelines.check import last_load_path, read_last_load

    return read_last_load(last_load_path(store.path))


def data_quality(store: Store, name: str) -> pd.DataFrame:
    """A dq_* view as it stands."""
    if name not in object_names("dq_"):
        raise ValueError(f"no data-quality view called {name!r}")
    return store.frame(f"select * from {name}")
