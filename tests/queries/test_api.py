"""The query door the pages use: filters, totals, RAG, following a load swap, hostile input."""

from __future__ import annotations

import inspect
import shutil
from datetime import date

import pandas as pd
import pytest

from queries import api
from queries.catalogue import rag
from tests.helpers import api_queries
from tests.queries.test_measures import FIXTURE, load_fixture

MAY_JUNE = api.Period(date(2025, 5, 1), date(2025, 6, 1))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return api.Store(load_fixture(tmp_path_factory.mktemp("api")))


def totals(store, period=MAY_JUNE, areas=None):
    frame = api.measure_totals(store, period, areas).set_index("measure_id")
    return frame


def test_totals_over_a_period_sum_the_cells(store):
    """May-June 2025, all areas: cells 2025-05 A, 2025-05 B, 2025-06 A, 2025-06 B."""
    t = totals(store)
    assert t.loc["stalking_cases", "value"] == 6  # 2 + 2 + 1 + 1
    # spo_considered: 2/2 + 0/2 + 0/1 + 1/1 = 3/6; target 100 %, 50 points short: red
    assert (t.loc["spo_considered", "numerator"], t.loc["spo_considered", "denominator"]) == (3, 6)
    assert t.loc["spo_considered", "value"] == 50.0
    assert t.loc["spo_considered", "rag"] == "red"
    # s18_without_indictable: 0/1 (K2: 8Q, indictability unknown) + 0/1 (K3: 8R indictable)
    # = 0/2 = 0 %, lower is better, target 0: green. v2: was 1/2 = 50 %, red, because v1 read
    # 8Q's unknown indictability as summary only.
    assert t.loc["s18_without_indictable", "value"] == 0.0
    assert t.loc["s18_without_indictable", "rag"] == "green"
    # a measure without a target has no RAG
    assert pd.isna(t.loc["online_element", "rag"])


def test_area_and_period_filters_change_the_figures(store):
    """Area A only: May A (K1, K2) and June A (K10)."""
    a = totals(store, areas=["A"])
    assert a.loc["stalking_cases", "value"] == 3
    # risk_assessed_timely: May A 1/2 + June A 1/1 = 2/3
    assert (
        a.loc["risk_assessed_timely", "numerator"],
        a.loc["risk_assessed_timely", "denominator"],
    ) == (2, 3)
    june = totals(store, period=api.Period(date(2025, 6, 1), date(2025, 6, 1)))
    assert june.loc["stalking_cases", "value"] == 2  # K10, K3
    # 2024 only: K8 (April B) and K6 (May B)
    y2024 = totals(store, period=api.Period(date(2024, 1, 1), date(2024, 12, 1)))
    assert y2024.loc["stalking_cases", "value"] == 2


def test_no_cases_in_the_period_is_zero_or_no_ratio_not_no_data(store):
    t = totals(store, period=api.Period(date(2023, 1, 1), date(2023, 12, 1)))
    assert t.loc["stalking_cases", "supplied"] and t.loc["stalking_cases", "value"] == 0
    assert t.loc["spo_considered", "supplied"] and pd.isna(t.loc["spo_considered", "value"])
    # no case is not off target: no RAG, and no recommendation counts it
    assert t.loc[t["direction"].notna(), "rag"].isna().all()
    status = api.recommendation_status(t.reset_index())
    assert status[["on_target", "close", "off_target"]].to_numpy().sum() == 0
    # every FOI question is asked and answered 0: the tables were supplied
    foi = api.foi_answers(store, api.Period(date(2023, 1, 1), date(2023, 12, 1)))
    assert len(foi) == 5 and foi["Jan 2023 to Dec 2023"].tolist() == [0, 0, 0, 0, 0]


def test_a_table_never_supplied_means_no_data(tmp_path):
    extract = tmp_path / "no_spo"
    shutil.copytree(FIXTURE, extract)
    (extract / "spo.csv").unlink()
    t = totals(api.Store(load_fixture(tmp_path, extract)))
    assert not t.loc["spo_granted", "supplied"] and pd.isna(t.loc["spo_granted", "value"])
    assert t.loc["order_breaches", "supplied"] and t.loc["order_breaches", "value"] == 1


@pytest.mark.parametrize(
    "value, target, direction, expected",
    [
        (90.0, 90.0, "higher", "green"),
        (85.0, 90.0, "higher", "amber"),
        (80.0, 90.0, "higher", "amber"),
        (79.9, 90.0, "higher", "red"),
        (0.0, 0.0, "lower", "green"),
        (10.0, 0.0, "lower", "amber"),
        (10.1, 0.0, "lower", "red"),
        (50.0, None, None, None),
    ],
)
def test_rag_by_word(value, target, direction, expected):
    """Green at or better than target, amber within 10 points, red beyond."""
    assert rag(value, target, direction, 10.0) == expected


def test_trend_and_by_area(store):
    trend = api.measure_trend(store, "stalking_cases", MAY_JUNE)
    assert list(trend["numerator"]) == [4, 2]
    by_area = api.measure_by_area(store, "referred", MAY_JUNE)
    # referred: A = May 2/3 + June 1/1 = 3/4; B = May 0/2
    assert by_area[["area_name", "numerator", "denominator"]].values.tolist() == [
        ["North", 3, 4],
        ["South", 0, 2],
    ]


def test_daily_meeting_cases_sorted_by_severity(store):
    """Area B: K13 (v2: an open breach-of-order crime; recent breach, severity 1, reported 20
    June) and K3 (recent breach, 1, reported 10 June: older, so after it), K9 (no risk
    assessment, 6), K7 (no SPO, 7). v2: K13 was not a meeting case."""
    cases = api.dmm_cases(store, areas=["B"])
    assert list(cases["crime_ref"]) == ["K13", "K3", "K9", "K7"]
    assert cases.iloc[1]["flags"] == (
        "recent_breach, high_risk, high_risk_no_arrest, "
        "no_risk_assessment, allocation_mismatch, repeat_suspect"
    )
    # K13's, by severity: recent_breach 1, no_risk_assessment 6, allocation_mismatch 9,
    # vna_missing 10, no_referral 11, repeat_suspect 12
    assert cases.iloc[0]["flags"] == (
        "recent_breach, no_risk_assessment, allocation_mismatch, vna_missing, no_referral, "
        "repeat_suspect"
    )
    assert list(api.dmm_cases(store, flags=["new"])["crime_ref"]) == ["K10"]


def test_breakdowns(store):
    pipeline = api.breakdown(store, "brk_spo_pipeline")
    # cases K1, K2, K3, K6, K7, K8, K9, K10; considered K1, K2, K3; applied K1, K3, K7;
    # granted K1; breached: K1's SPO order O1
    assert pipeline[["stage", "cases"]].values.tolist() == [
        ["stalking cases", 8],
        ["considered", 3],
        ["applied", 3],
        ["granted", 1],
        ["breached", 1],
    ]
    groups = api.breakdown(store, "brk_offence_group")
    assert groups.values.tolist() == [
        ["malicious_communications", "included", 1],
        ["stalking", "principal", 7],
    ]
    rates = api.area_rates(store, MAY_JUNE)
    # A: K1, K2, K10 over 100,000; B: K3, K7, K9 over 50,000
    assert rates[["area_code", "cases", "per_1000"]].values.tolist() == [
        ["B", 3, 0.06],
        ["A", 3, 0.03],
    ]
    with pytest.raises(ValueError):
        api.breakdown(store, "crimes; drop table crimes")


def test_data_quality_views(store):
    implausible = api.data_quality(store, "dq_implausible_timelines")
    assert sorted(map(tuple, implausible[["crime_ref", "check_name"]].values.tolist())) == [
        ("K3", "SPO considered before report"),
        ("K6", "outcome before recording"),
        ("K6", "referral before report"),
        ("K6", "risk assessment before report"),
        ("K7", "SPO applied without a recorded consideration"),
    ]
    unknown = api.data_quality(store, "dq_unknown_codes")
    assert unknown.values.tolist() == [["offence_code", "XYZ", 1], ["area_code", "Z", 1]]


@pytest.mark.parametrize(
    "hostile",
    [
        "A' or '1'='1",
        "A'); drop table crimes; --",
        "%",
        "",
        "\x00",
        "' union select * from load_rejects --",
    ],
)
def test_hostile_filter_values_are_only_ever_values(store, hostile):
    assert api.measure_totals(store, MAY_JUNE, [hostile])["numerator"].fillna(0).eq(0).all()
    assert api.dmm_cases(store, areas=[hostile], flags=[hostile]).empty
    assert api.screening(store, MAY_JUNE, [hostile]).empty
    assert totals(store).loc["stalking_cases", "value"] == 6


def hostile_arguments(function, hostile: str) -> dict:
    """An argument for every parameter of an api function: hostile text wherever a person's
    choice can reach it (a string or a list of strings), ordinary values elsewhere."""
    values = {}
    for name, parameter in list(inspect.signature(function).parameters.items())[1:]:
        kind = str(parameter.annotation)
        if "list[str]" in kind:
            values[name] = [hostile]
        elif "Period" in kind:
            values[name] = MAY_JUNE
        elif kind.startswith("str"):
            values[name] = hostile
        elif "bool" in kind:
            values[name] = True
        elif "int" in kind:
            values[name] = 1
        elif "date" in kind:
            values[name] = date(2025, 6, 1)
    return values


PUBLIC = api_queries()


def outcome(function, store, arguments):
    """A call's result, or the ValueError it was refused with (as its type)."""
    try:
        return function(store, **arguments)
    except ValueError:
        return ValueError


def same(a, b) -> bool:
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame):
        return a.reset_index(drop=True).equals(b.reset_index(drop=True))
    return a == b


# the public queries that take text a person chose (the others have nothing to inject into)
TAKES_TEXT = [
    name
    for name in PUBLIC
    if hostile_arguments(getattr(api, name), "a") != hostile_arguments(getattr(api, name), "b")
]


@pytest.mark.parametrize("name", TAKES_TEXT)
@pytest.mark.parametrize("hostile", ["A' or '1'='1", "x'); drop table crimes; --", "\\x00%"])
def test_every_api_function_treats_hostile_strings_as_values(store, name, hostile):
    """Every public query, every string and list parameter at once: the result is exactly
    the result of the same call with a harmless value that matches nothing (an injection
    would change it), or both are refused with a ValueError (object names are checked
    against queries/sql/ before use); the database is untouched."""
    function = getattr(api, name)
    arguments = hostile_arguments(function, hostile)
    harmless = hostile_arguments(function, "no-such-value")
    before = store.path.read_bytes()
    assert same(outcome(function, store, arguments), outcome(function, store, harmless))
    assert store.path.read_bytes() == before
    assert totals(store).loc["stalking_cases", "value"] == 6


def test_the_store_follows_a_load_swap_without_a_restart(tmp_path):
    db = load_fixture(tmp_path)
    store = api.Store(db)
    assert api.status(store)["as_at"].isoformat() == "2025-06-30T06:00:00"
    before = totals(store).loc["stalking_cases", "value"]
    later = tmp_path / "later"
    shutil.copytree(FIXTURE, later)
    (later / "manifest.json").write_text('{"extracted_at": "2025-07-01T06:00:00"}')
    (later / "crimes.csv").write_text(
        (FIXTURE / "crimes.csv").read_text().replace(",A,cancelled,", ",A,open,")
    )
    from pipelines.__main__ import load_extract

    load_extract(later, db, reference_dir=tmp_path / "ref")
    assert api.status(store)["as_at"].isoformat() == "2025-07-01T06:00:00"
    assert totals(store).loc["stalking_cases", "value"] == before + 1  # K4 no longer cancelled


def test_no_database_is_a_clear_error(tmp_path):
    with pytest.raises(api.NoDatabase, match="load an extract first"):
        api.status(api.Store(tmp_path / "missing.duckdb"))


def test_measure_trends_is_every_measure_trend_at_once(store):
    """The alerts' one query gives, for each measure, exactly the rows measure_trend gives."""
    from queries.catalogue import catalogue

    period = api.Period(date(2025, 4, 1), date(2025, 6, 1))
    every = api.measure_trends(store, period)
    for m in catalogue():
        one = api.measure_trend(store, m.id, period).reset_index(drop=True)
        mine = every[every["measure_id"] == m.id].drop(columns="measure_id")
        pd.testing.assert_frame_equal(mine.reset_index(drop=True), one, check_dtype=False)


def test_the_last_complete_month_and_whether_a_period_has_data():
    """As at 21 Nov 2026 the last whole month is October; in January it is the December
    before. A comparison starting before the first month with data has none."""
    from datetime import datetime

    assert api.last_complete_month(datetime(2026, 11, 21, 6, 0)) == date(2026, 10, 1)
    assert api.last_complete_month(date(2026, 1, 5)) == date(2025, 12, 1)
    may_june = api.Period(date(2025, 5, 1), date(2025, 6, 1))
    assert api.has_data_for(may_june, date(2025, 5, 1))
    assert not api.has_data_for(may_june, date(2025, 6, 1))
    assert not api.has_data_for(may_june, None)  # an empty database
