"""Every page speaks its users' language: nothing of the SQL headers' vocabulary, no measure
id, no setting's name and no raw enumeration value reaches what a page shows (text, help,
tables with their headings, charts), on the committed sample as `make run` loads it.

What counts as developer text is listed here by hand, not read from the code under test:
the header words, and the sample's own codes whose words differ (labels.csv). Columns that
are codes on purpose (a crime reference, an LSOA code, the extract's own column names on the
data-quality page) are left out by their headings.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from dashboards import navigation
from queries import api
from queries.catalogue import catalogue
from tests.dashboards.conftest import open_app, open_parts

HEADER_WORDS = [r"fn_\w+", r"\b[Gg]rain:", r"[Mm]aterialised", r"\bsettings [a-z_]+"]
EMPTY_CELLS = ("None", "nan", "NaN", "<NA>", "NaT")
# Headings of columns that hold codes on purpose: the case's reference, the extract's own
# table, column and file names (the data-quality page is about the extract), an area's code.
CODE_HEADINGS = re.compile(r"(?i)^(crime|case page|table|column|file|code|.*\bcode|reference)$")
# Plotly keys whose values are styles, not words.
STYLE_KEYS = {"dash", "symbol", "shape", "mode", "type", "hoverinfo", "xref", "yref", "anchor"}
TEXT_KINDS = ("markdown", "caption", "title", "header", "subheader", "info", "warning")
TEXT_KINDS += ("success", "error", "text")


@pytest.fixture(scope="module")
def forbidden(sample_db) -> re.Pattern:
    """Measure ids and setting names (those with an underscore: a plain word like "referred"
    is English), and every code of the sample's labels whose words differ from it and that
    no one would write in a sentence (it has an underscore)."""
    store = api.Store(sample_db)
    codes = {
        code
        for vocabulary in api.labels(store).values()
        for code, words in vocabulary.items()
        if code != words and re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", code)
    }
    names = [m.id for m in catalogue() if "_" in m.id]
    names += [s for s in api.settings(store) if "_" in s]
    patterns = HEADER_WORDS + [rf"\b{re.escape(n)}\b" for n in sorted(set(names) | codes)]
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _strings(value, key: str = ""):
    if isinstance(value, dict):
        for k, v in value.items():
            if k not in STYLE_KEYS and k != "uid":
                yield from _strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, key)
    elif isinstance(value, str):
        yield key, value


def shown(at) -> list[tuple[str, str]]:
    """(where, text) for everything a page put on screen."""
    found = []
    for kind in TEXT_KINDS:
        for element in getattr(at, kind):
            found.append((kind, str(element.value)))
            if getattr(element.proto, "help", ""):
                found.append((f"{kind} help", element.proto.help))
    found += [("metric", f"{m.label} {m.value} {m.proto.help}") for m in at.metric]
    found += [("expander", e.label) for e in at.expander]
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        for part in ("data", "layout"):
            found += [(f"chart {key}", text) for key, text in _strings(spec.get(part))]
    for frame in at.dataframe:
        found += table_texts(frame)
    for widget in [*at.selectbox, *at.multiselect, *at.radio]:
        found += [(f"choice of {widget.label}", str(o)) for o in widget.options]
    return found


def table_texts(frame) -> list[tuple[str, str]]:
    """A table's headings as shown (its column configuration) and the text of its cells."""
    found = []
    config = json.loads(frame.proto.columns or "{}")
    for column in frame.value.columns:
        setting = config.get(str(column), {})
        if setting.get("hidden"):
            continue
        heading = setting.get("label", str(column))
        found.append(("heading", heading))
        values = frame.value[column]
        # yes/no columns are ticks (a missing one an empty box, never the word "None")
        if CODE_HEADINGS.match(heading) or pd.api.types.is_bool_dtype(values):
            continue
        if str(values.dtype).startswith(("int", "float", "date")):
            continue
        found += [(f"cell of {heading}", str(v)) for v in values.dropna().unique()]
        if values.isna().any():  # text columns (pandas 3 reads them back as str)
            found.append((f"cell of {heading}", "None"))
    return found


def problems(at, forbidden: re.Pattern) -> list[str]:
    found = []
    for where, text in shown(at):
        hit = forbidden.search(text)
        if hit:
            found.append(f"{where}: {hit.group(0)!r} in {text[:120]!r}")
        elif where.startswith("cell of") and text in EMPTY_CELLS:
            found.append(f"{where}: an empty cell shown as {text!r}")
        elif where == "heading" and "_" in text:
            found.append(f"heading {text!r}")
    return sorted(set(found))


@pytest.mark.parametrize("title", [p.title for p in navigation.pages()])
def test_no_page_shows_developer_text_or_codes(sample_db, forbidden, monkeypatch, title):
    monkeypatch.setenv("STALKING_DB", str(sample_db))
    for part, at in open_parts(title):  # every part of a page drawn in parts
        assert not at.exception, (part, [e.value for e in at.exception])
        assert problems(at, forbidden) == [], part


def test_the_check_finds_what_it_looks_for(sample_db, forbidden):
    """The pattern catches each kind of developer text (so a green run means something)."""
    for text in (
        "Flags: new, high_risk (fn_as_at)",
        "Grain: one row per case",
        "Materialised at each load",
        "window: settings spo_window_days",
        "(`spo_considered_timely`, recommendation 13)",
        "Order ORD-1 (interim_spo) breached",
        "Unit: stalking_unit",
    ):
        assert forbidden.search(text), text
    for text in ("Interim Stalking Protection Order", "Referred in time", "7 days"):
        assert not forbidden.search(text), text


def test_a_case_page_in_words(sample_db, forbidden, monkeypatch):
    """The case of the sample with the most kinds of event (orders and their breaches, SPO
    stages, risk assessments, referrals) shows each in words."""
    import duckdb

    with duckdb.connect(str(sample_db), read_only=True) as con:
        ref = con.execute("""
            select c.crime_ref from int_cases c
            join stg_spo s using (crime_ref)
            join stg_suspects p using (crime_ref)
            join stg_orders o on o.suspect_id = p.suspect_id
            join stg_breaches b on b.order_id = o.order_id
            join stg_referrals r on r.crime_ref = c.crime_ref
            order by c.crime_ref limit 1""").fetchone()[0]
    monkeypatch.setenv("STALKING_DB", str(sample_db))
    at = open_app("Case", state={"case-ref": ref})
    assert not at.exception, [e.value for e in at.exception]
    assert any("breached" in t for _, t in shown(at)), "the case chosen shows a breach"
    assert problems(at, forbidden) == []


def test_the_lsoa_map_in_words(sample_db, forbidden, monkeypatch):
    """Hotspots by LSOA (the radio's second map): drawn from the LSOAs above the threshold
    only, each named; nothing of the headers' vocabulary."""
    monkeypatch.setenv("STALKING_DB", str(sample_db))
    at = open_app("Hotspots")
    at.radio(key="hotspots-map").set_value("LSOAs").run()
    assert not at.exception, [e.value for e in at.exception]
    maps = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    lsoa = [
        m for m in maps if any(t.get("featureidkey") == "properties.lsoa_code" for t in m["data"])
    ]
    assert lsoa, "the LSOA map is drawn"
    shapes = lsoa[0]["data"][0]["geojson"]["features"]
    assert len(shapes) == len(lsoa[0]["data"][0]["locations"])  # only the LSOAs shown
    assert problems(at, forbidden) == []


def test_every_audited_query_has_words():
    """The access audit names what was viewed in words: every query the door audits has them."""
    from dashboards.words import AUDITED

    audited = {n for n in api.__all__ if getattr(getattr(api, n), "rule", None) is not None}
    audited = {n for n in audited if getattr(getattr(api, n).rule, "audited", False)}
    assert audited and audited <= set(AUDITED), audited - set(AUDITED)


def test_audit_filters_in_words(monkeypatch):
    from dashboards import words

    monkeypatch.setattr(words, "labels", lambda: {"area_code": {"E1": "North"}})
    old = (
        '{"areas": ["E1"], "measure_id": "spo_considered", "protect": false, "period": '
        '"Period(start=datetime.date(2025, 11, 1), end=datetime.date(2026, 10, 1))"}'
    )
    assert words.filters_in_words(old) == (
        "Areas: North; Measure: SPO considered; Period: 2025-11 to 2026-10"
    )
