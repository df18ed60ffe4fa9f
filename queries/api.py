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

from .build import sql_objects
from .catalogue import catalogue, rag

ALIAS = "stalking"
AREA_FILTER = "($areas::varchar[] is null or list_contains($areas, area_code))"
PERIOD_FILTER = "month between $start and $end"


class NoDatabase(Exception):
    """The database file is missing or has never had a load committed."""


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
                if self._con is not None:
                    self._con.close()
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


def _filters(period: Period | None, areas: list[str] | None) -> dict:
    params = {"areas": list(areas) if areas else None}
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
    latest["age_days"] = (datetime.now() - latest["as_at"]).total_seconds() / 86400
    return latest


def load_log(store: Store) -> pd.DataFrame:
    return store.frame("select * from load_log order by load_id desc")


def months_available(store: Store) -> list[date]:
    df = store.frame("select distinct month from int_cases order by month")
    return [d.date() if isinstance(d, datetime) else d for d in df["month"]]


def areas(store: Store) -> pd.DataFrame:
    """Every area code seen in the cases or the reference, with its name and population."""
    return store.frame("""
        select coalesce(a.area_code, c.area_code) as area_code,
               coalesce(a.area_name, c.area_code) as area_name, a.population
        from areas as a
        full join (select distinct area_code from int_cases) as c on c.area_code = a.area_code
        order by area_name""")


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
    supplied = set(store.frame("select distinct table_name from load_tables")["table_name"])
    amber = settings(store).get("rag_amber_points", 10.0)
    frame = catalogue_frame(store).merge(sums, on="measure_id", how="left")
    frame["supplied"] = [all(t in supplied for t in m.requires) for m in catalogue()]
    counts = ~frame["is_ratio"] & frame["supplied"]
    frame.loc[counts, "numerator"] = frame.loc[counts, "numerator"].fillna(0)
    frame["value"] = [_value(r.numerator, r.denominator, r.is_ratio) for r in frame.itertuples()]
    frame["rag"] = [
        rag(v, None if pd.isna(t) else t, d, amber) if s else None
        for v, t, d, s in zip(
            frame["value"], frame["target"], frame["direction"], frame["supplied"], strict=True
        )
    ]
    return frame


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
        {"areas": list(areas) if areas else None, "flags": list(flags) if flags else None},
    )


def dmm_cases(
    store: Store, areas: list[str] | None = None, flags: list[str] | None = None
) -> pd.DataFrame:
    """One row per flagged open case with all its flags and reasons, most urgent first.

    With flags given, only cases carrying at least one of them (with all their flags).
    """
    return store.frame(
        f"""
        select crime_ref, area_code, reported_at, risk_level, current_principal_code,
               allocated_unit, severity, array_to_string(flags, ', ') as flags, reasons
        from dmm_cases
        where {AREA_FILTER} and ($flags::varchar[] is null or list_has_any(flags, $flags))
        order by severity, reported_at desc, crime_ref""",
        {"areas": list(areas) if areas else None, "flags": list(flags) if flags else None},
    )


# --- screening -----------------------------------------------------------------------------


def screening(store: Store, period: Period, areas: list[str] | None = None) -> pd.DataFrame:
    """Crimes to screen for hidden stalking, newest first, with their triggers."""
    return store.frame(
        f"""
        select crime_ref, reported_at, area_code, array_to_string(triggers, ', ') as triggers,
               current_principal_code, current_codes, relationship, domestic_abuse,
               online_element, risk_level, status, suspects, victims, earlier_crimes_same_pair
        from screening_candidates
        where {PERIOD_FILTER} and {AREA_FILTER}
        order by reported_at desc, crime_ref""",
        _filters(period, areas),
    )


# --- breakdowns and data quality -----------------------------------------------------------


def object_names(prefix: str) -> list[str]:
    return [name for name in sql_objects() if name.startswith(prefix)]


def breakdown(
    store: Store, name: str, period: Period | None = None, areas: list[str] | None = None
) -> pd.DataFrame:
    """A brk_* view summed over the period and areas, by its own dimensions."""
    if name not in object_names("brk_"):
        raise ValueError(f"no breakdown called {name!r}")
    columns = list(store.frame(f"select * from {name} limit 0").columns)
    measures = [
        c
        for c in columns
        if c in ("cases", "crimes", "victims", "suspects", "breaches", "population")
    ]
    dims = [c for c in columns if c not in measures and c not in ("month", "area_code")]
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


CASE_COLUMNS = (
    "crime_ref, reported_at, area_code, neighbourhood_code, current_principal_code, "
    "relationship, domestic_abuse, online_element, risk_level, allocated_unit, status, "
    "outcome_code, is_hidden, is_reclassified, spo_considered, suspects, victims"
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
) -> pd.DataFrame:
    """Stalking cases for a drill-down, newest first; each keyword narrows when given."""
    params = {
        **_filters(period, areas),
        "online": online,
        "hidden": hidden,
        "reclassified": reclassified,
        "risk": risk_level,
        "status": status,
    }
    return store.frame(
        f"""
        select {CASE_COLUMNS}
        from int_cases
        where {PERIOD_FILTER} and {AREA_FILTER}
          and ($online::boolean is null or coalesce(online_element, false) = $online)
          and ($hidden::boolean is null or is_hidden = $hidden)
          and ($reclassified::boolean is null or is_reclassified = $reclassified)
          and ($risk::varchar is null or risk_level = $risk)
          and ($status::varchar is null or status = $status)
        order by reported_at desc, crime_ref""",
        params,
    )


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
    threshold = settings(store).get("hotspot_min_cases", 5)
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
    threshold = settings(store).get("hotspot_min_cases", 5)
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


def data_quality(store: Store, name: str) -> pd.DataFrame:
    """A dq_* view as it stands."""
    if name not in object_names("dq_"):
        raise ValueError(f"no data-quality view called {name!r}")
    return store.frame(f"select * from {name}")
