"""The app with access control on (a roles file and an [auth] section), under AppTest.

The sign-in itself (OpenID Connect through a real provider) is driven in a real browser in
test_signin.py; here the signed-in user is given to AppTest directly. Figures are the
fixture's (tests/queries/fixture, as at 30 June 2025; default period June 2024 - May 2025,
cases K1, K2 in area A and K7, K9 in area B).
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from dashboards import navigation
from tests.dashboards.conftest import ROOT, open_app, page_path, walk_parts
from tests.helpers import api_queries

ROLES = """
[users."ann@force.example"]
role = "analyst"

[users."sam@force.example"]
role = "supervisor"
areas = ["B"]

[groups."chief-officers"]
role = "board"
"""
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-only",
    "client_id": "dashboard",
    "client_secret": "test-only",
    "server_metadata_url": "http://localhost:9400/.well-known/openid-configuration",
}
SIGNED_IN = {"is_logged_in": True, "email_verified": True}
CRIME_REF = re.compile(r"\bK1?\d\b")  # the fixture's references: K1 ... K13


@pytest.fixture
def as_user(fixture_db, tmp_path, monkeypatch):
    """Run the app as a signed-in user (claims) on a page; returns the AppTest."""
    roles = tmp_path / "roles.toml"
    roles.write_text(ROLES)
    monkeypatch.setenv("STALKING_DB", str(fixture_db))
    monkeypatch.setenv("STALKING_ROLES", str(roles))
    monkeypatch.setenv("STALKING_AUDIT_DB", str(tmp_path / "audit.sqlite"))

    def run(claims: dict | None, page: str | None = None, auth: bool = True) -> AppTest:
        user = {**SIGNED_IN, **claims} if claims else {"is_logged_in": False}
        return open_app(page, auth=AUTH if auth else None, user=user)

    return run


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def everything_shown(at) -> str:
    """All the text, tables and chart data a page put on screen."""
    parts = [
        e.value
        for kind in (
            "markdown",
            "caption",
            "title",
            "header",
            "subheader",
            "info",
            "warning",
            "error",
            "success",
        )
        for e in getattr(at, kind)
    ]
    parts += [m.label + " " + m.value for m in at.metric]
    parts += [d.value.to_csv() for d in at.dataframe]
    parts += [json.dumps(json.loads(c.proto.spec)) for c in at.get("plotly_chart")]
    return "\n".join(str(p) for p in parts)


def test_a_supervisor_sees_only_their_areas(as_user):
    at = as_user({"email": "sam@force.example"}, "Performance board")
    assert not at.exception
    assert at.multiselect(key="areas").options == ["South"]
    assert metrics(at)["Stalking cases recorded"] == "2"  # K7, K9 only, with no area chosen
    meeting = as_user({"email": "sam@force.example"}, "Daily meeting")
    cases = next(d.value for d in meeting.dataframe if "crime_ref" in d.value.columns)
    # open and flagged, area B only; v2: K13, an open breach-of-order crime, joins the meeting
    assert sorted(cases["crime_ref"]) == ["K13", "K3", "K7", "K9"]


def test_the_data_door_narrows_every_areas_argument_and_refuses_case_lists(fixture_db):
    """Whatever a page asks for, a query runs with the person's areas as its bound parameter;
    case-level and analyst-only queries are refused before any SQL runs."""
    from datetime import date

    from queries import api
    from queries.access import Access
    from queries.door import NotPermitted, prepare

    sam = Access("sam", "supervisor", ("B",))
    board = Access("cc", "board", None)
    year = api.Period(date(2024, 6, 1), date(2025, 5, 1))
    asked_for_a = prepare(api.measure_totals, (year, ["A"]), {}, sam).arguments
    assert asked_for_a == {"period": year, "areas": [], "protect": False}
    # whatever a page asks, the board's counts are protected and a supervisor's are not
    asked = prepare(api.measure_totals, (year,), {"protect": False}, board).arguments
    assert asked["protect"] is True
    totals = api.measure_totals(api.Store(fixture_db), **asked_for_a).set_index("measure_id")
    assert totals.loc["stalking_cases", "value"] == 0  # no row of area A reaches sam
    assert prepare(api.dmm_cases, (), {"flags": ["new"]}, sam).arguments == {
        "areas": ["B"],
        "flags": ["new"],
    }
    assert prepare(api.areas, (), {}, sam).arguments == {"areas": ["B"]}
    # by position or by keyword, the bound argument decides
    assert prepare(api.brk_online, (year,), {"areas": ["A", "B"]}, sam).arguments["areas"] == ["B"]
    for function in (api.case_list, api.screening, api.dmm_cases, api.dmm_flags):
        with pytest.raises(NotPermitted):
            prepare(function, (), {}, board)
    with pytest.raises(NotPermitted):
        prepare(api.rejects, (), {}, sam)
    for view in (api.dq_crimes_without_principal, api.dq_implausible_timelines):
        with pytest.raises(NotPermitted):
            prepare(view, (), {}, board)
    prepare(api.case_list, (year,), {}, sam)  # supervisors see cases


def test_only_declared_queries_pass_the_door():
    """Permissions are declared on each query (@query): a function that was not declared,
    the generic breakdown and view readers among them, is refused to everyone; every
    breakdown and data-quality view in queries/sql/ has a declared query of its name."""
    from queries import api
    from queries.access import LOCAL
    from queries.door import QUERIES, NotPermitted, prepare

    for undeclared in (api.breakdown, api.data_quality, api.object_names, lambda store: None):
        with pytest.raises(NotPermitted):
            prepare(undeclared, (), {}, LOCAL)
    views = {p.stem for p in (ROOT / "queries" / "sql").glob("*.sql")}
    assert {v for v in views if v.startswith(("brk_", "dq_"))} <= set(QUERIES)
    for name in api_queries():
        if name not in ("breakdown", "data_quality", "dimensions"):
            assert getattr(api, name).rule is QUERIES[name], name


@pytest.mark.parametrize("title", [p.title for p in navigation.pages() if not p.case_level])
def test_a_board_member_never_sees_a_crime_reference(as_user, title):
    at = as_user({"email": "cc@force.example", "groups": ["chief-officers"]}, title)
    assert not at.exception, [e.value for e in at.exception]
    shown = everything_shown(at)
    assert not CRIME_REF.search(shown), CRIME_REF.search(shown).group(0)
    labels = [b.label for b in at.get("download_button")]
    assert not [x for x in labels if "Case" in x or "pack" in x], labels


def test_a_board_member_has_no_case_pages_and_sees_rounded_counts(as_user):
    """Stalking cases, June 2024 to May 2025: 2 in May 2025 A and 2 in May 2025 B, each cell
    rounded to 0 or 5 (queries.privacy), so the tile reads 0, 5 or 10, never 4. SPO
    considered: A 2 of 2 (one draw for both: 0 of 0 or 5 of 5), B 0 of 2 (0 of 0 or 0 of 5),
    so it reads no cases (0 of 0), 0.0 % (0 of 5), 100.0 % (5 of 5) or 50.0 % (5 of 10): the
    draw depends on the database's random disclosure key. The FOI sheet holds only multiples
    of 5, and the page says counts are rounded."""
    at = as_user({"email": "cc@force.example", "groups": ["chief-officers"]})
    assert at.title[0].value == "Performance board"  # the daily meeting is not offered
    m = metrics(at)
    assert m["Stalking cases recorded"] in ("0", "5", "10")
    assert m["SPO considered"] in ("no cases", "0.0%", "100.0%", "50.0%")
    at.session_state["board"] = "Freedom of information"
    at.run()
    foi = next(d.value for d in at.dataframe if "Question" in d.value.columns)
    assert all(v % 5 == 0 for v in foi.drop(columns="Question").to_numpy().ravel())
    assert any("rounded to a multiple of 5" in c.value for c in at.caption)


def test_a_board_member_is_told_the_rag_of_the_values_shown(as_user):
    """The recommendations table counts the RAGs of the tiles the board member is shown
    (rounded values), never of values they are not shown."""
    at = as_user({"email": "cc@force.example", "groups": ["chief-officers"]}, "Recommendations")
    status = at.dataframe[0].value.set_index("recommendation")
    shown = metrics(at)
    rags = [shown.get("SPO considered"), shown.get("SPO considered in time")]
    off = sum(1 for v in rags if v not in (None, "no cases") and float(v.rstrip("%")) < 80)
    assert status.loc[13, "off_target"] == off


def test_a_board_member_cannot_open_a_case_page(as_user):
    """The daily meeting is not in their navigation: Streamlit itself refuses to switch to it
    (the data door would refuse its case list anyway)."""
    at = as_user({"email": "cc@force.example", "groups": ["chief-officers"]})
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(page_path("Daily meeting"))


def test_an_unknown_person_is_refused_and_shown_nothing(as_user):
    at = as_user({"email": "stranger@example.com"})
    assert "gives you no role" in at.error[0].value
    assert not at.metric and not at.dataframe


def test_nobody_signed_in_sees_only_the_sign_in_button(as_user):
    at = as_user(None)
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.metric and not at.dataframe


def test_a_roles_file_without_sign_in_configured_shows_no_data(as_user):
    at = as_user({"email": "ann@force.example"}, auth=False)
    assert "sign-in is not" in at.error[0].value
    assert not at.metric


def test_case_level_views_are_audited_with_user_and_filters(as_user, tmp_path):
    from queries import audit

    as_user({"email": "sam@force.example"}, "Daily meeting")
    trail = audit.rows(tmp_path / "audit.sqlite")
    views = [r for r in trail if r["what"] == "dmm_agenda"]  # the agenda: K13, K3, K7, K9 (v2)
    assert views and views[0]["user"] == "sam@force.example"
    assert views[0]["role"] == "supervisor" and views[0]["action"] == "view"
    assert json.loads(views[0]["filters"])["areas"] == ["B"]
    assert views[0]["rows"] == 4


def test_a_board_member_sees_no_crime_reference_among_quarantined_rows(
    fixture_db, tmp_path, monkeypatch
):
    """Rows quarantined with crime references in their values (a crime with two current
    principal classifications, an orphan): the board's Data quality page shows the reasons,
    grouped, and no reference."""
    import shutil

    from pipelines.__main__ import load_extract
    from tests.queries.test_measures import reference_with_test_areas

    db = tmp_path / "with-rejects.duckdb"
    shutil.copyfile(fixture_db, db)
    extract = tmp_path / "x"
    extract.mkdir()
    (extract / "crimes.csv").write_text(
        "crime_ref,reported_at,area_code,status\nK77,2025-06-01,A,open\n"
    )
    (extract / "classifications.csv").write_text(
        "crime_ref,offence_code,is_principal,classified_at,removed_at\n"
        "K77,8Q,true,2025-06-01,\nK77,8L,true,2025-06-02,\nK88,8Q,true,2025-06-01,\n"
    )
    (extract / "manifest.json").write_text('{"extracted_at": "2025-06-30T06:00:00"}')
    load_extract(extract, db, reference_dir=reference_with_test_areas(tmp_path / "ref"))
    roles = tmp_path / "roles.toml"
    roles.write_text(ROLES)
    monkeypatch.setenv("STALKING_DB", str(db))
    monkeypatch.setenv("STALKING_ROLES", str(roles))
    monkeypatch.setenv("STALKING_AUDIT_DB", str(tmp_path / "audit.sqlite"))
    at = open_app(
        "Data quality",
        auth=AUTH,
        user={**SIGNED_IN, "email": "cc@force.example", "groups": ["chief-officers"]},
    )
    assert not at.exception
    shown = everything_shown(at)
    assert "current principal classifications" in shown  # the reasons are there ...
    assert "K77" not in shown and "K88" not in shown  # ... the references are not


# The fixture's crime references by area (tests/queries/fixture/crimes.csv).
AREA_A_REFS = {"K1", "K2", "K4", "K5", "K10", "K11"}
MAY_JUNE_2025 = (date(2025, 5, 1), date(2025, 6, 1))


@pytest.mark.parametrize("page", ["Daily meeting", "Recording and screening"])
def test_a_supervisor_never_sees_another_areas_crime_reference(as_user, page):
    """Security pass, class 2: a reason or a list that cites other cases names only those of
    the person's areas. Sam supervises B. K3 (B) shares suspect S1 with K1 (A): its
    repeat-suspect reason reads "Suspect also on a case in another area in the last 365 days";
    K13 (B, a breach to screen) shares the pair S1-V1 with K1 (A): its earlier crimes read "a
    case in another area". Before the pass both named K1."""
    at = as_user({"email": "sam@force.example"}, page)
    if page == "Recording and screening":  # K13 was reported in June 2025
        at.select_slider(key="period").set_value(MAY_JUNE_2025).run()
    shown = ""
    for part, opened in walk_parts(at, page):  # each part of a page drawn in parts
        assert not opened.exception, part
        shown += everything_shown(opened)
    assert not {ref for ref in CRIME_REF.findall(shown)} & AREA_A_REFS
    assert "a case in another area" in shown


def test_an_analyst_sees_every_cited_reference(as_user):
    at = as_user({"email": "ann@force.example"}, "Daily meeting")
    cases = next(d.value for d in at.dataframe if "crime_ref" in d.value.columns)
    reasons = cases.set_index("crime_ref")["reasons"]
    assert "Suspect also on K1 in the last 365 days" in reasons["K3"]
