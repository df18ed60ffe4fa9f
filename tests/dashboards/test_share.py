"""Shareable views (issue 15): the page, period, areas, comparison and the page's filters in
the address, so a link or a reload shows the same view; bad or foreign parameters ignored with
a quiet note, never an error, never widening a person's areas.

The fixture is tests/queries/fixture (as at 30 June 2025; months April 2024 to June 2025;
default period June 2024 to May 2025). Stalking cases: May 2025 K1, K2 (area A, North), K7,
K9 (B, South); June 2025 K10 (A), K3 (B); May 2024 K6 (B); April 2024 K8 (B).
"""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboards.conftest import ROOT, page_path
from tests.dashboards.test_roles import AUTH, ROLES, SIGNED_IN


def open_at(page: str, user: dict | None = None, **params: str) -> AppTest:
    """The app opened at an address: a page and its query parameters (a link followed)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(params)
    if user is not None:
        at.secrets["auth"] = AUTH
        at.user = {**SIGNED_IN, **user}
    at.switch_page(page_path(page))
    at.run()
    assert not at.exception
    return at


@pytest.fixture
def app_db(fixture_db, monkeypatch):
    monkeypatch.setenv("STALKING_DB", str(fixture_db))


def tiles(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def notes(at) -> list[str]:
    """The sidebar's notes on the address, as they read (Markdown escapes undone)."""
    return [
        c.value.replace("\\", "")
        for c in at.sidebar.caption
        if "Ignored from the address" in c.value
    ]


def test_a_link_shows_its_view(app_db):
    """?period=2025-05:2025-06&areas=B&compare=previous: South, May to June 2025, against
    March to April 2025. Stalking cases: K7, K9 (May), K3 (June) = 3; none in March to
    April: +3."""
    at = open_at("Performance board", period="2025-05:2025-06", areas="B", compare="previous")
    assert at.select_slider(key="period").value == (date(2025, 5, 1), date(2025, 6, 1))
    assert at.multiselect(key="areas").value == ["B"]
    assert at.radio(key="compare").value == "previous"
    assert {m.label: (m.value, m.delta) for m in at.metric}["Stalking cases recorded"] == (
        "3",
        "+3",
    )
    assert notes(at) == []


def test_choices_are_written_to_the_address_and_a_reload_shows_them(app_db):
    """The period is always in the address (a link keeps its months when the default moves
    on); areas and the comparison when not the default. Opening the written address again (a
    reload, or the link sent to a colleague) shows the same figures: North and South in May
    2025 to June 2025, K1, K2, K10 in A = 3."""
    at = open_at("Performance board")
    assert dict(at.query_params) == {"period": "2024-06:2025-05"}  # the default, written
    at.select_slider(key="period").set_value((date(2025, 5, 1), date(2025, 6, 1))).run()
    at.multiselect(key="areas").set_value(["A"]).run()
    assert dict(at.query_params) == {"period": "2025-05:2025-06", "areas": "A"}
    assert tiles(at)["Stalking cases recorded"] == "3"
    again = open_at("Performance board", **dict(at.query_params))
    assert tiles(again)["Stalking cases recorded"] == "3"
    assert again.multiselect(key="areas").value == ["A"]
    at.multiselect(key="areas").set_value([]).run()  # all areas again: out of the address
    assert "areas" not in at.query_params


def test_areas_repeated_or_comma_separated(app_db):
    """?areas=A&areas=B and ?areas=A,B both choose North and South (K1, K2, K7, K9 = 4 in the
    default period)."""
    comma = open_at("Performance board", areas="A,B")
    assert comma.multiselect(key="areas").value == ["A", "B"]
    assert tiles(comma)["Stalking cases recorded"] == "4"


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"period": "2025-13:2026-01"}, "not months written as 2025"),
        ({"period": "June"}, "not months written as 2025"),
        ({"period": "2023-01:2023-06"}, "outside the months the database holds"),
        ({"period": "2025-05:2025-09"}, "outside the months the database holds"),
        ({"compare": "last-week"}, "comparison “last"),
        ({"areas": "ZZ"}, "area “ZZ”: not one you can choose"),
    ],
)
def test_bad_parameters_are_ignored_with_a_quiet_note(app_db, params, note):
    """Each bad parameter leaves the default view (June 2024 to May 2025, all areas: K1, K2,
    K7, K9 = 4) and a note in the sidebar; never an error."""
    at = open_at("Performance board", **params)
    assert tiles(at)["Stalking cases recorded"] == "4"
    assert at.select_slider(key="period").value == (date(2024, 6, 1), date(2025, 5, 1))
    assert len(notes(at)) == 1 and note in notes(at)[0]
    assert not at.error


def test_a_good_area_beside_a_bad_one_is_kept(app_db):
    """?areas=ZZ,B: South kept (K7, K9 = 2), ZZ noted."""
    at = open_at("Performance board", areas="ZZ,B")
    assert at.multiselect(key="areas").value == ["B"]
    assert tiles(at)["Stalking cases recorded"] == "2"
    assert notes(at) == [
        ":material/link_off: Ignored from the address: area “ZZ”: not one you can choose."
    ]


def test_a_note_quotes_a_hostile_value_as_plain_text(app_db):
    """A value written to inject Markdown (an image, a link) is quoted literally, short."""
    at = open_at("Performance board", areas="![x](http://evil.example/a.png)")
    (note,) = [c.value for c in at.sidebar.caption if "Ignored" in c.value]
    assert "![x](" not in note and "\\!\\[x\\]" in note


def test_an_address_never_widens_a_persons_areas(fixture_db, tmp_path, monkeypatch):
    """sam (supervisor) may see area B only. ?areas=A (North) is refused with the same note as
    an unknown code (it does not say North exists), and the view stays within B: K7, K9 = 2;
    ?areas=A,B keeps B alone."""
    roles = tmp_path / "roles.toml"
    roles.write_text(ROLES)
    monkeypatch.setenv("STALKING_DB", str(fixture_db))
    monkeypatch.setenv("STALKING_ROLES", str(roles))
    monkeypatch.setenv("STALKING_AUDIT_DB", str(tmp_path / "audit.sqlite"))
    sam = {"email": "sam@force.example"}
    at = open_at("Performance board", user=sam, areas="A")
    assert tiles(at)["Stalking cases recorded"] == "2"
    assert at.multiselect(key="areas").value == []
    assert at.multiselect(key="areas").options == ["South"]
    assert any("area “A”: not one you can choose" in n for n in notes(at))
    both = open_at("Performance board", user=sam, areas="A,B")
    assert both.multiselect(key="areas").value == ["B"]
    assert tiles(both)["Stalking cases recorded"] == "2"


def test_a_pages_own_filters_are_in_the_address(app_db):
    """The Performance board's trend charts are bound to the address (trend-l, trend-r, by the
    measure's name): a link opens the chosen measure; an option the page does not offer is
    ignored with a note and the default kept."""
    trends = {"board": "Trends"}  # the board's part that holds them
    at = open_at("Performance board", **trends, **{"trend-l": "Victim needs assessment completed"})
    assert at.selectbox(key="trend-l").value == "vna_completed"
    bad = open_at("Performance board", **trends, **{"trend-l": "Nothing like it"})
    assert bad.selectbox(key="trend-l").value == "spo_considered_timely"  # the default
    assert any("“trend-l”: not a choice this page offers" in n for n in notes(bad))


def test_the_part_of_a_page_is_in_the_address(app_db):
    """The Performance board is drawn in parts (tabs), the open one in the address (board, by
    its label): a link opens that part and draws only it; a part the page does not have is
    ignored with a note, and the first part (the scorecard's tiles) is shown."""
    at = open_at("Performance board", board="Freedom of information")
    assert any("Question" in d.value.columns for d in at.dataframe)  # the FOI answers
    assert not at.metric  # the scorecard is not drawn
    bad = open_at("Performance board", board="Nothing like it")
    assert "Stalking cases recorded" in {m.label for m in bad.metric}
    assert any("“board”: not a choice this page offers" in n for n in notes(bad))


def test_links_to_the_cases_behind_keep_the_view(app_db):
    """A tile's "Cases behind it" link carries the period and areas, so it opens the same in a
    new tab; the drill page still reads its measure and area from the address."""
    at = open_at("Performance board", period="2025-05:2025-06", areas="B")
    link = next(p for p in at.get("page_link") if p.proto.label == "Cases behind it")
    query = parse_qs(link.proto.query_string)
    assert query["period"] == ["2025-05:2025-06"] and query["areas"] == ["B"]
    assert "measure" in query
    drill = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    drill.query_params.update({"measure": "stalking_cases", "period": "2025-05:2025-06"})
    drill.switch_page(page_path("Cases behind a figure")).run()  # a link followed in a session
    # all areas, May to June 2025: K1, K2, K7, K9, K10, K3 = 6
    assert {m.label: m.value for m in drill.metric}["Counted"] == "6"
    assert drill.query_params["measure"] == "stalking_cases"
