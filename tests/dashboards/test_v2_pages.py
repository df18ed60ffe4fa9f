"""The pages' contract v2 sections: with the new tables they show them; without them (the
shared fixture, a v1-shaped extract) each says "no data", never 0 %, and nothing crashes.

With the new tables: tests/queries/fixture (as at Monday 2025-06-30 06:00, default period
June 2024 to May 2025) plus the staff, training and actions of tests/queries/test_v2_views.py
and one row each of screenings, panels, feedback and complaints.
"""

from __future__ import annotations

import shutil
import textwrap

import pytest

from tests.dashboards.conftest import open_app, open_parts
from tests.dashboards.test_pages import plain
from tests.queries.test_measures import FIXTURE, load_fixture
from tests.queries.test_v2_views import ACTIONS, STAFF, TRAINING

NEW_TABLES = {
    "staff": STAFF,
    "training": TRAINING,
    "actions": ACTIONS,
    "screenings": """
        crime_ref,screened_at,outcome
        K11,2025-06-26 12:00:00,further_enquiry
        """,
    "panels": """
        crime_ref,panel,referred_at,heard_at
        K1,marac,2025-05-02 10:00:00,
        """,
    "feedback": """
        crime_ref,victim_id,surveyed_at,satisfaction
        K1,V1,2025-05-20 10:00:00,very_satisfied
        """,
    "complaints": """
        complaint_ref,crime_ref,received_at,upheld
        CP1,K1,2025-05-20 10:00:00,false
        """,
}
V2 = ("staff", "training", "screenings", "panels", "feedback", "complaints")


@pytest.fixture(scope="module")
def v2_db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("v2pages")
    extract = tmp / "extract"
    shutil.copytree(FIXTURE, extract)
    for name, text in NEW_TABLES.items():
        (extract / f"{name}.csv").write_text(textwrap.dedent(text).lstrip("\n"))
    return load_fixture(tmp, extract=extract)


def infos(at) -> list[str]:
    return [i.value for i in at.info]


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def missing(at) -> set[str]:
    """The v2 tables a page says the extract did not supply."""
    return {t for t in V2 for text in infos(at) if "did not supply" in text and t in text}


PAGES = ("Recommendations", "Recording and screening", "Victims", "Investigation and outcomes")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Recommendations", {"staff", "training"}),
        ("Recording and screening", {"screenings"}),
        ("Victims", {"feedback", "complaints"}),
        ("Investigation and outcomes", {"panels"}),
    ],
)
def test_without_the_new_tables_each_says_no_data(fixture_db, monkeypatch, title, expected):
    monkeypatch.setenv("STALKING_DB", str(fixture_db))
    said = set()
    for _, at in open_parts(title):  # each part of a page drawn in parts
        assert not at.exception, [e.value for e in at.exception]
        said |= missing(at)
    assert said == expected
    if title == "Recommendations":
        # no action plan: every recommendation says so (14 recommendations)
        assert captions(at).count(":material/assignment: No action plan loaded.") == 14
        assert "Training completed" not in {m.label for m in at.metric}  # never 0 %
        glance = next(d.value for d in at.dataframe if "on_target" in d.value.columns)
        assert glance.loc[glance["recommendation"] == 10, "measures"].item() == 0


@pytest.fixture(scope="module")
def recommendations(v2_db):
    """The Recommendations page with the new tables (opened once for the tests that read it)."""
    import os

    before = os.environ.get("STALKING_DB")
    os.environ["STALKING_DB"] = str(v2_db)
    try:
        yield open_app("Recommendations")
    finally:
        if before is None:
            os.environ.pop("STALKING_DB")
        else:
            os.environ["STALKING_DB"] = before


@pytest.mark.parametrize("title", PAGES)
def test_with_the_new_tables_each_shows_them(v2_db, monkeypatch, title):
    monkeypatch.setenv("STALKING_DB", str(v2_db))
    for part, at in open_parts(title):  # each part of a page drawn in parts
        assert not at.exception, (part, [e.value for e in at.exception])
        assert missing(at) == set(), part


def test_recommendations_show_training_and_the_action_plan(recommendations):
    at = recommendations
    m = {x.label: x.value for x in at.metric}
    # in scope: A constables 3, A sergeant 1, B sergeants 2, no-area PCSO 1 = 7;
    # completed: S1, S6, S8 = 3; 3 / 7 = 42.9 %
    assert m["Training completed"] == "42.9%"
    # at a glance, recommendation 10 counts training: 42.9 % against 100 %, 57.1 points short
    # of it (amber within 10): off target
    glance = next(d.value for d in at.dataframe if "on_target" in d.value.columns)
    ten = glance[glance["recommendation"] == 10].iloc[0]
    assert (ten["measures"], ten["on_target"], ten["close"], ten["off_target"]) == (1, 0, 0, 1)
    by_area, by_role = [d.value for d in at.dataframe if "In scope" in d.value.columns]
    # North: A constables 3 + A sergeant 1 = 4 in scope, 1 completed (S1): 25.0 %; South 2 of
    # 2; no area 0 of 1; lowest share first
    assert by_area.values.tolist() == [
        ["no area recorded", 1, 0, "0.0%"],
        ["North", 4, 1, "25.0%"],
        ["South", 2, 2, "100.0%"],
    ]
    # PCSO 0 of 1; constables 1 of 3; sergeants S4, S6, S8: 2 of 3 = 66.7 %
    assert by_role.values.tolist() == [
        ["PCSO", 1, 0, "0.0%"],
        ["Constable", 3, 1, "33.3%"],
        ["Sergeant", 3, 2, "66.7%"],
    ]
    plans = [t.value for t in at.table if "Action" in t.value.columns]
    # rec 10: AC4 (overdue) then AC5; rec 28: AC1 (overdue), AC3 (due Jan), AC2 (due today)
    assert [[plain(a) for a in p["Action"]] for p in plans] == [
        ["Roll out the updated e-learning", "Train every supervisor"],
        [
            "Publish the action plan update",
            "Publish the action plan",
            "Brief the board on progress",
        ],
    ]
    assert plans[1]["Status"].tolist() == [
        ":red[:material/warning: **Overdue**, in progress]",
        "Complete",
        "Not started",
    ]
    # 2 overdue of 5 (AC1, AC4), as at 30 June 2025
    assert any("5 actions, 2 overdue" in c for c in captions(at))
    # the other 12 recommendations have no action
    no_action = ":material/assignment: No action in the force's plan for this recommendation."
    assert captions(at).count(no_action) == 12


def test_a_board_member_sees_training_rounded_and_the_plan_as_it_is(v2_db, tmp_path, monkeypatch):
    """The board sees aggregates only: every training count is a multiple of 5 (each area and
    role's cell drawn to 0 or 5: the share is worked from those); the action plan, which
    counts no one, is shown whole."""
    from tests.dashboards.test_roles import AUTH, ROLES, SIGNED_IN

    roles = tmp_path / "roles.toml"
    roles.write_text(ROLES)
    monkeypatch.setenv("STALKING_DB", str(v2_db))
    monkeypatch.setenv("STALKING_ROLES", str(roles))
    monkeypatch.setenv("STALKING_AUDIT_DB", str(tmp_path / "audit.sqlite"))
    user = {**SIGNED_IN, "email": "cc@force.example", "groups": ["chief-officers"]}
    at = open_app("Recommendations", auth=AUTH, user=user)
    assert not at.exception, [e.value for e in at.exception]
    for table in (d.value for d in at.dataframe if "In scope" in d.value.columns):
        assert all(v % 5 == 0 for v in table[["In scope", "Completed"]].to_numpy().ravel())
    plans = [t.value for t in at.table if "Action" in t.value.columns]
    assert [len(p) for p in plans] == [2, 3]  # AC4, AC5; AC1, AC3, AC2
