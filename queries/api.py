"""The queries the pages and packs run: each binds parameters to an api_* file of queries/sql/
and returns a DataFrame. No user value is ever formatted into SQL text; a view's name (a
breakdown's) is checked against the files before it is bound.

Every function takes a Store and plain filter values (a Period, a list of area codes or None
for all) and declares, with @query, who may run it and which of its columns count people
(queries.door). Pages call them through the door: `data.get(api.measure_totals, period,
areas)`, so a reader, an IDE or a tracer follows a figure from the page to its SQL file.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pandas as pd

from common import reports
from common.vocabulary import AGE_BANDS

from .build import fingerprint, sql_objects
from .catalogue import RECOMMENDATIONS, measures_for, rag
from .door import AGGREGATE, ANALYST, CASE_LEVEL, FORCE_WIDE, REFERENCE, UNITS, query
from .store import NeedsRebuild, NoDatabase, Period, Store, from_index, month_index

# AGE_BANDS: the contract's age bands in order, for pages that draw them (one definition:
# common.vocabulary, which the loader's contract also reads).
__all__ = ["AGE_BANDS", "NeedsRebuild", "NoDatabase", "Period", "Store", "UNITS"]


def _areas(areas: list[str] | None) -> list[str] | None:
    """The areas parameter: None reads every area; a list, even an empty one, only those
    (an empty list reads nothing: a person narrowed to no area sees no row)."""
    return None if areas is None else list(areas)


def _filters(period: Period | None, areas: list[str] | None) -> dict:
    params = {"areas": _areas(areas), "start": None, "end": None}
    if period is not None:
        params.update(period.params())
    return params


def _list(values) -> list | None:
    return list(values) if values else None


# --- status and reference ------------------------------------------------------------------


@query(REFERENCE)
def status(store: Store) -> dict:
    """As-at moment, the latest load and the age of the newest extract."""
    row = store.run("status")
    if row.empty:
        raise NoDatabase(f"{store.path} has no committed load yet")
    latest = row.iloc[0].to_dict()
    latest["build_current"] = latest.pop("built_by") == fingerprint()
    latest["age_days"] = (datetime.now() - latest["as_at"]).total_seconds() / 86400
    return latest


@query(FORCE_WIDE)
def load_log(store: Store) -> pd.DataFrame:
    """Every committed load, newest first."""
    return store.run("load_log")


@query(REFERENCE)
def months_available(store: Store) -> list[date]:
    """The months in which some stalking case was reported."""
    months = store.run("months")["month"]
    return [d.date() if isinstance(d, datetime) else d for d in months]


@query(REFERENCE)
def areas(store: Store, areas: list[str] | None = None) -> pd.DataFrame:
    """Every area code seen in the cases or the reference, with its name and population;
    with `areas`, just those (the door passes a person's permitted areas)."""
    return store.run("areas", areas=_areas(areas))


@query(REFERENCE)
def settings(store: Store) -> dict[str, float]:
    """Every window, target and threshold by name."""
    df = store.run("settings")
    return dict(zip(df["name"], df["value"], strict=True))


@query(REFERENCE)
def supplied_tables(store: Store) -> set[str]:
    """Contract tables some load has supplied (a table never supplied means "no data")."""
    return set(store.run("supplied_tables")["table_name"])


@query(REFERENCE)
def catalogue_frame(store: Store) -> pd.DataFrame:
    """The catalogue with each measure's target (percent) from settings."""
    return store.run("catalogue")


# --- measures ------------------------------------------------------------------------------


def _scored(store: Store, frame: pd.DataFrame) -> pd.DataFrame:
    """Add each row's RAG (catalogue.rag) to rows of api_measure_totals or _league."""
    amber = settings(store)["rag_amber_points"]
    frame["rag"] = [
        rag(None if pd.isna(v) else v, None if pd.isna(t) else t, d, amber) if s else None
        for v, t, d, s in zip(
            frame["value"], frame["target"], frame["direction"], frame["supplied"], strict=True
        )
    ]
    return frame


@query(AGGREGATE, counts=("numerator", "denominator"))
def measure_totals(
    store: Store, period: Period, areas: list[str] | None = None, protect: bool = False
) -> pd.DataFrame:
    """One row per catalogue measure for the period and areas: value, target and RAG.

    value is a percentage for ratios (None when no case is in its denominator) and the count
    for counts (0 when none); supplied is False when a table the measure needs was never
    loaded: the page says "no data", never 0. protect: the counts an aggregate-only role
    sees (sums of randomly rounded cells; the door sets it).
    """
    params = _filters(period, areas)
    return _scored(store, store.run("measure_totals", protect=protect, **params))


@query(AGGREGATE, counts=("numerator", "denominator"))
def measure_league(
    store: Store, period: Period, areas: list[str] | None = None, protect: bool = False
) -> pd.DataFrame:
    """Every catalogue measure for every area in the period: value, target and RAG (an area
    with no case in a ratio's denominator has value None, no RAG)."""
    params = _filters(period, areas)
    return _scored(store, store.run("measure_league", protect=protect, **params))


@query(AGGREGATE, counts=("numerator", "denominator"))
def measure_trend(
    store: Store,
    measure_id: str,
    period: Period,
    areas: list[str] | None = None,
    protect: bool = False,
) -> pd.DataFrame:
    """Month by month: numerator, denominator and value (percent for ratios)."""
    params = _filters(period, areas)
    return store.run("measure_trend", measure_id=measure_id, protect=protect, **params)


@query(AGGREGATE, counts=("numerator", "denominator"))
def measure_by_area(
    store: Store,
    measure_id: str,
    period: Period,
    areas: list[str] | None = None,
    protect: bool = False,
) -> pd.DataFrame:
    """Area by area for the period, with the area's name."""
    params = _filters(period, areas)
    return store.run("measure_by_area", measure_id=measure_id, protect=protect, **params)


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


def trailing(end: date, months: int = 13) -> Period:
    """The `months` months ending with `end` (a trend's window: 13 shows a year on a year)."""
    return Period(from_index(month_index(end) - (months - 1)), end)


def previous_period(period: Period) -> Period:
    """The period of the same number of months just before."""
    length = month_index(period.end) - month_index(period.start) + 1
    start = month_index(period.start)
    return Period(from_index(start - length), from_index(start - 1))


# --- daily management meeting and screening ------------------------------------------------


@query(CASE_LEVEL)
def dmm_flags(
    store: Store, areas: list[str] | None = None, flags: list[str] | None = None
) -> pd.DataFrame:
    """Every open case's flags, most urgent first."""
    return store.run("dmm_flags", areas=_areas(areas), flags=_list(flags))


@query(AGGREGATE, counts=("cases",))
def dmm_flag_counts(
    store: Store, areas: list[str] | None = None, protect: bool = False
) -> pd.DataFrame:
    """Open cases per daily-meeting flag, most urgent flag first."""
    return store.run("dmm_flag_counts", areas=_areas(areas), protect=protect)


@query(CASE_LEVEL)
def dmm_cases(
    store: Store, areas: list[str] | None = None, flags: list[str] | None = None
) -> pd.DataFrame:
    """One row per flagged open case with all its flags and reasons, most urgent first.

    With flags given, only cases carrying at least one of them (with all their flags).
    """
    return store.run("dmm_cases", areas=_areas(areas), flags=_list(flags))


@query(CASE_LEVEL)
def screening(
    store: Store,
    period: Period,
    areas: list[str] | None = None,
    triggers: list[str] | None = None,
) -> pd.DataFrame:
    """Crimes to screen for hidden stalking, newest first, with their triggers; with
    triggers given, only crimes meeting at least one of them."""
    return store.run("screening", triggers=_list(triggers), **_filters(period, areas))


@query(AGGREGATE, counts=("crimes",))
def screening_triggers(
    store: Store, period: Period, areas: list[str] | None = None, protect: bool = False
) -> pd.DataFrame:
    """Screening candidates per trigger (a crime meeting two triggers counts under both)."""
    return store.run("screening_triggers", protect=protect, **_filters(period, areas))


# --- case lists ----------------------------------------------------------------------------


@query(CASE_LEVEL)
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
    return store.run(
        "case_list",
        online=online,
        hidden=hidden,
        reclassified=reclassified,
        risk=risk_level,
        status=status,
        relationship=relationship,
        method=method,
        s18=s18_without_indictable,
        **_filters(period, areas),
    )


# --- breakdowns ----------------------------------------------------------------------------


def object_names(prefix: str) -> list[str]:
    return [name for name in sql_objects() if name.startswith(prefix)]


def dimensions(store: Store, view: str) -> list[str]:
    """A breakdown view's dimensions: its columns but month, area_code and the units."""
    columns = store.run("columns", name=view)["column_name"]
    return [c for c in columns if c not in UNITS and c not in ("month", "area_code")]


def breakdown(
    store: Store,
    name: str,
    period: Period | None = None,
    areas: list[str] | None = None,
    by: list[str] | None = None,
    protect: bool = False,
) -> pd.DataFrame:
    """A brk_* view summed over the period and areas, by its own dimensions, or by the
    subset of them named in `by` (in that order), sorted by them."""
    if name not in object_names("brk_"):
        raise ValueError(f"no breakdown called {name!r}")
    dims = dimensions(store, name)
    if by is not None:
        unknown = [c for c in by if c not in dims]
        if unknown or not by:
            raise ValueError(f"{name} has no dimension {', '.join(map(repr, unknown)) or '[]'}")
        dims = list(by)
    sums = store.run(
        "breakdown",
        view=name,
        by=dims,
        units=list(UNITS),
        protect=protect,
        **_filters(period, areas),
    )
    units = [c for c in sums.columns if c not in dims]
    return sums[dims + units].sort_values(dims).reset_index(drop=True)


def _breakdown_query(view: str) -> Callable:
    """The breakdown `view` as a query of its own, so a page names what it draws."""

    def run(
        store: Store,
        period: Period | None = None,
        areas: list[str] | None = None,
        by: list[str] | None = None,
        protect: bool = False,
    ) -> pd.DataFrame:
        return breakdown(store, view, period, areas, by, protect)

    run.__name__ = run.__qualname__ = view
    run.__doc__ = f"The breakdown {view} (queries/sql/{view}.sql) summed over the filters."
    return query(AGGREGATE, counts=UNITS, name=view)(run)


brk_allocation = _breakdown_query("brk_allocation")
brk_area_cases = _breakdown_query("brk_area_cases")
brk_arrest_delay = _breakdown_query("brk_arrest_delay")
brk_day_hour = _breakdown_query("brk_day_hour")
brk_foi = _breakdown_query("brk_foi")
brk_hexagons = _breakdown_query("brk_hexagons")
brk_neighbourhood = _breakdown_query("brk_neighbourhood")
brk_offence_group = _breakdown_query("brk_offence_group")
brk_online = _breakdown_query("brk_online")
brk_online_methods = _breakdown_query("brk_online_methods")
brk_outcomes = _breakdown_query("brk_outcomes")
brk_reclassification = _breakdown_query("brk_reclassification")
brk_referral_delay = _breakdown_query("brk_referral_delay")
brk_referral_services = _breakdown_query("brk_referral_services")
brk_relationship = _breakdown_query("brk_relationship")
brk_risk_tools = _breakdown_query("brk_risk_tools")
brk_spo_pipeline = _breakdown_query("brk_spo_pipeline")
brk_suspect_profile = _breakdown_query("brk_suspect_profile")
brk_victim_profile = _breakdown_query("brk_victim_profile")


# --- places --------------------------------------------------------------------------------


@query(AGGREGATE, counts=("cases",))
def area_rates(
    store: Store, period: Period, areas: list[str] | None = None, protect: bool = False
) -> pd.DataFrame:
    """Stalking cases per area over the period and per 1,000 residents (no rate when the
    reference does not know the area's population). Not annualised."""
    return store.run("area_rates", protect=protect, **_filters(period, areas))


@query(AGGREGATE, counts=("cases", "previous_cases"))
def area_change(
    store: Store, period: Period, areas: list[str] | None = None, protect: bool = False
) -> pd.DataFrame:
    """Cases per area in the period against the previous period of the same length,
    largest rise first."""
    before = previous_period(period)
    return store.run(
        "area_change",
        before_start=before.start,
        before_end=before.end,
        protect=protect,
        **_filters(period, areas),
    )


@query(AGGREGATE, counts=("cases",))
def hex_bins(
    store: Store, period: Period, areas: list[str] | None = None, protect: bool = False
) -> tuple[pd.DataFrame, int, int]:
    """Cases per H3 hexagon (brk_hexagons), with cells under the suppression threshold
    removed.

    Returns (cells with cell and cases, number of cells suppressed, cases in them). The
    threshold is the setting hotspot_min_cases: a location can identify a victim.
    """
    threshold = settings(store)["hotspot_min_cases"]
    cells = store.run("hex_bins", threshold=threshold, protect=protect, **_filters(period, areas))
    hidden = cells[~cells["shown"].astype(bool)]
    shown = cells[cells["shown"].astype(bool)][["cell", "cases"]].reset_index(drop=True)
    return shown, len(hidden), int(hidden["cases"].sum())


@query(AGGREGATE, counts=("cases",))
def lsoa_cases(
    store: Store, period: Period, areas: list[str] | None = None, protect: bool = False
) -> pd.DataFrame:
    """Cases per LSOA with its population and rate per 1,000 (cells under the threshold
    suppressed: cases is NULL there)."""
    threshold = settings(store)["hotspot_min_cases"]
    params = _filters(period, areas)
    return store.run("lsoa_cases", threshold=threshold, protect=protect, **params)


@query(REFERENCE)
def boundaries(store: Store, kind: str) -> dict | None:
    """A GeoJSON FeatureCollection of the reference boundaries ('lsoa' or 'area'), or None."""
    import json

    frame = store.run("boundaries", kind=kind)
    if frame.empty:
        return None
    return {"type": "FeatureCollection", "features": [json.loads(f) for f in frame["feature"]]}


# --- freedom of information ----------------------------------------------------------------


def financial_year(month: date) -> str:
    """The UK financial year (April to March) a month falls in, e.g. '2025/26'."""
    first = month.year if month.month >= 4 else month.year - 1
    return f"{first}/{(first + 1) % 100:02d}"


@query(AGGREGATE, counts_all_but=("question",))
def foi_answers(
    store: Store, period: Period, areas: list[str] | None = None, protect: bool = False
) -> pd.DataFrame:
    """The questions of a stalking FOI request (brk_foi, foi_questions): one row per
    question, a column per financial year the period touches (April to March), and the
    period total. A question with no case in the period is answered 0; one whose source
    table was never supplied is absent (no data, not 0).
    """
    rows = store.run("foi", protect=protect, **_filters(period, areas))
    questions = store.run("foi_questions")
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


# --- data quality --------------------------------------------------------------------------


@query(FORCE_WIDE)
def load_tables(store: Store, load_id: int | None = None) -> pd.DataFrame:
    """Per load and table: file, rows read / loaded / rejected / skipped, columns dropped."""
    return store.run("load_tables", load_id=load_id)


@query(ANALYST)
def rejects(store: Store, load_id: int | None = None, limit: int = 1000) -> pd.DataFrame:
    """Quarantined values, newest load first (the raw row is left out: see load_rejects)."""
    return store.run("rejects", load_id=load_id, limit=limit)


@query(FORCE_WIDE, counts=("crimes",))
def implausible_counts(store: Store, protect: bool = False) -> pd.DataFrame:
    """Crimes per implausible-timeline check (dq_implausible_timelines), most first."""
    return store.run("implausible_counts", protect=protect)


@query(ANALYST, cached=False)
def last_check(store: Store) -> dict | None:
    """The latest `python -m pipelines check` report written beside the database (see
    common.reports.read_report for its shape), or None."""
    return reports.read_report(reports.default_report_path(store.path))


@query(ANALYST, cached=False)
def last_load_attempt(store: Store) -> dict | None:
    """The latest `python -m pipelines load` attempt, committed or refused (a refused load
    changes nothing in the database: this is its only trace), or None."""
    return reports.read_last_load(reports.last_load_path(store.path))


def data_quality(
    store: Store, name: str, counts: tuple[str, ...] = (), protect: bool = False
) -> pd.DataFrame:
    """A dq_* view as it stands; its `counts` columns randomly rounded when protect is set."""
    if name not in object_names("dq_"):
        raise ValueError(f"no data-quality view called {name!r}")
    if not counts:
        return store.run("view", view=name)
    return store.run("view_counts", view=name, units=list(counts), protect=protect)


def _view_query(view: str, level, counts: tuple[str, ...] = ()) -> Callable:
    """The data-quality view `view` as a query of its own, with its access level."""

    def run(store: Store, protect: bool = False) -> pd.DataFrame:
        return data_quality(store, view, counts, protect)

    run.__name__ = run.__qualname__ = view
    run.__doc__ = f"The data-quality view {view} (queries/sql/{view}.sql)."
    return query(level, counts=counts, name=view)(run)


dq_completeness = _view_query("dq_completeness", FORCE_WIDE)
dq_freshness = _view_query("dq_freshness", FORCE_WIDE)
dq_rejects_by_reason = _view_query("dq_rejects_by_reason", FORCE_WIDE)
dq_unknown_codes = _view_query("dq_unknown_codes", FORCE_WIDE, counts=("crimes",))
# These name crimes, or values that may identify them: analysts only.
dq_crimes_without_principal = _view_query("dq_crimes_without_principal", ANALYST)
dq_implausible_timelines = _view_query("dq_implausible_timelines", ANALYST)
