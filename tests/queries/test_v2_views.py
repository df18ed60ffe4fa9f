"""Contract v2's force records: training_status (recommendation 10), action_status
(recommendation 28) and the new breakdowns, from a tiny hand-made extract, as at Monday
2025-06-30 06:00 (the as-at date 2025-06-30). Settings as shipped: training_course
STALK-EL-2024, training_valid_from 2024-09-01, target_training_completed 100.

Staff (in scope unless said):
  S1 constable A: STALK-EL-2024 at 2024-09-01 00:00:00, the valid-from moment: counts
  S2 constable A: STALK-EL-2024 at 2024-08-31 23:59:59, one second before: does not
  S3 constable A: STALK-EL-2021 (an older course code) in 2025: does not
  S4 sergeant A:  STALK-EL-2024 at 2025-06-30 06:00:01, after the as-at moment: does not
  S5 sergeant A, not in scope: STALK-EL-2024 in 2025: not counted at all
  S6 sergeant B:  STALK-EL-2024 at 2025-06-30 06:00:00, the as-at moment itself: counts
  S8 sergeant B:  STALK-EL-2024 twice: counts once
  S7 pcso, no area: no completion
Actions: AC1 (28) due yesterday 2025-06-29, in progress: overdue; AC2 (28) due today
2025-06-30, not started: not overdue; AC3 (28) due 2025-01-01, complete: never overdue;
AC4 (10) due 2025-03-01, blocked: overdue; AC5 (10) due 2025-12-31, not started: not overdue.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from queries import api
from queries.access import Access
from queries.door import Door
from tests.helpers import CLASS_HEADER, CRIMES_HEADER, query, write_extract
from tests.queries.test_measures import load_fixture

AS_AT = "2025-06-30T06:00:00"

CRIMES = {
    "crimes": f"""
        {CRIMES_HEADER}
        C1,2025-05-01 10:00:00,A,open
        """,
    "classifications": f"""
        {CLASS_HEADER}
        C1,8Q,true,2025-05-01 10:00:00,
        """,
}

STAFF = """
    staff_ref,role,area_code,in_scope
    S1,constable,A,true
    S2,constable,A,true
    S3,constable,A,true
    S4,sergeant,A,true
    S5,sergeant,A,false
    S6,sergeant,B,true
    S7,pcso,,true
    S8,sergeant,B,true
    """

TRAINING = """
    staff_ref,course,completed_at
    S1,STALK-EL-2024,2024-09-01 00:00:00
    S2,STALK-EL-2024,2024-08-31 23:59:59
    S3,STALK-EL-2021,2025-01-01 10:00:00
    S4,STALK-EL-2024,2025-06-30 06:00:01
    S5,STALK-EL-2024,2025-01-01 10:00:00
    S6,STALK-EL-2024,2025-06-30 06:00:00
    S8,STALK-EL-2024,2024-10-01 10:00:00
    S8,STALK-EL-2024,2025-02-01 10:00:00
    """

ACTIONS = """
    action_ref,recommendation,description,owner,due_on,status,completed_on
    AC1,28,Publish the action plan update,Strategic lead,2025-06-29,in_progress,
    AC2,28,Brief the board on progress,Strategic lead,2025-06-30,not_started,
    AC3,28,Publish the action plan,Strategic lead,2025-01-01,complete,2025-01-02
    AC4,10,Roll out the updated e-learning,Learning and development,2025-03-01,blocked,
    AC5,10,Train every supervisor,Learning and development,2025-12-31,not_started,
    """


def load(tmp, tables: dict[str, str]):
    folder = write_extract(tmp / "extract", {**CRIMES, **tables}, extracted_at=AS_AT)
    return load_fixture(tmp, extract=folder)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return load(
        tmp_path_factory.mktemp("v2"), {"staff": STAFF, "training": TRAINING, "actions": ACTIONS}
    )


@pytest.fixture(scope="module")
def store(db):
    return api.Store(db)


def test_training_status_counts_the_current_course_from_its_release_to_the_as_at_moment(db):
    rows = query(
        db,
        "select area_code, role, in_scope, completed, target from training_status "
        "order by area_code nulls last, role",
    )
    assert rows == [
        (
            "A",
            "constable",
            3,
            1,
            100.0,
        ),  # S1, S2, S3 in scope; S1 only (S2 a second early, S3 old code)
        ("A", "sergeant", 1, 0, 100.0),  # S4 (completed after as at); S5 not in scope
        ("B", "sergeant", 2, 2, 100.0),  # S6 at the as-at moment, S8 twice counted once
        (None, "pcso", 1, 0, 100.0),  # S7: no area, no completion
    ]


def test_training_status_through_the_door_narrows_to_areas(store):
    every = api.training_status(store).set_index(["area_code", "role"], drop=False)
    # A constable: 1 of 3 = 33.3 %
    assert every.loc[("A", "constable"), "value"] == pytest.approx(100 / 3)
    only_b = api.training_status(store, ["B"])
    # the B sergeants only: 2 of 2 = 100 % (the staff record without an area is not in B)
    assert only_b[["area_code", "role", "in_scope", "completed", "value"]].values.tolist() == [
        ["B", "sergeant", 2, 2, 100.0]
    ]
    assert api.training_status(store, []).empty  # narrowed to no area: nothing


def test_a_board_member_sees_training_counts_rounded(store):
    board = Access(user="cc", role="board", areas=None)
    shown = Door(store, board)(api.training_status)
    counts = shown[["in_scope", "completed"]].to_numpy().ravel()
    assert all(v % 5 == 0 for v in counts)  # each area and role's cell drawn to 0 or 5


def test_action_status_overdue_only_when_not_complete_and_due_before_the_as_at_date(db):
    rows = dict(query(db, "select action_ref, overdue from action_status"))
    assert rows == {
        "AC1": True,  # due 29 June, in progress, as at 30 June
        "AC2": False,  # due on the as-at date itself
        "AC3": False,  # complete: never overdue
        "AC4": True,  # due 1 March, blocked
        "AC5": False,  # due in December
    }


def test_action_status_lists_overdue_first_within_each_recommendation(store):
    board = Access(user="cc", role="board", areas=None)
    plan = Door(store, board)(api.action_status)  # force-wide: every role, as it is
    # rec 10: AC4 overdue, AC5; rec 28: AC1 overdue, then by due date AC3 (Jan), AC2 (30 June)
    assert plan["action_ref"].tolist() == ["AC4", "AC5", "AC1", "AC3", "AC2"]
    assert plan.loc[plan["action_ref"] == "AC3", "completed_on"].iloc[0] == pd.Timestamp(
        date(2025, 1, 2)
    )


def test_never_supplied_is_no_data_not_zero(tmp_path):
    staff_only = api.Store(load(tmp_path / "staff", {"staff": STAFF}))
    frame = api.training_status(staff_only)
    assert frame["in_scope"].tolist() == [3, 1, 2, 1]  # as above, by area then role
    assert frame["completed"].isna().all() and frame["value"].isna().all()  # not 0 %
    assert "training" not in api.supplied_tables(staff_only)
    assert api.brk_panels(staff_only).empty  # panels never supplied: no rows, not "none"
    assert api.brk_screening_outcomes(staff_only).empty  # nor "not screened"
    assert api.action_status(staff_only).empty


# The new breakdowns, from a second tiny extract (as at 2025-06-30 06:00):
# C1 stalking (8Q), area A, May 2025, risk high, victims V1, V2; C2 harassment (8L) A May;
# C3 malicious communications (8R) B May; C4 breach of an order (BRSPO) B June 2025 (course-
# of-conduct crimes); C5 harassment, cancelled (out of every count).
BREAKDOWN_TABLES = {
    "crimes": """
        crime_ref,reported_at,area_code,status,risk_level
        C1,2025-05-01 10:00:00,A,open,high
        C2,2025-05-02 10:00:00,A,open,medium
        C3,2025-05-03 10:00:00,B,open,standard
        C4,2025-06-01 10:00:00,B,open,standard
        C5,2025-05-04 10:00:00,A,cancelled,standard
        """,
    "classifications": f"""
        {CLASS_HEADER}
        C1,8Q,true,2025-05-01 10:00:00,
        C2,8L,true,2025-05-02 10:00:00,
        C3,8R,true,2025-05-03 10:00:00,
        C4,BRSPO,true,2025-06-01 10:00:00,
        C5,8L,true,2025-05-04 10:00:00,
        """,
    "victims": """
        crime_ref,victim_id
        C1,V1
        C1,V2
        C2,V9
        """,
    "needs_assessments": """
        crime_ref,victim_id,completed_at,rights_explained,enhanced_rights,rights_channel,support_declined
        C1,V1,2025-05-01 12:00:00,true,true,phone,true
        """,
    "referrals": """
        crime_ref,victim_id,service,referred_at,outcome
        C1,V2,isac,2025-05-02 10:00:00,engaged
        """,
    "screenings": """
        crime_ref,screened_at,outcome
        C2,2025-05-02 12:00:00,further_enquiry
        C2,2025-05-05 12:00:00,not_stalking
        C3,2025-05-03 12:00:00,stalking_identified
        C3,2025-05-06 12:00:00,not_stalking
        C5,2025-05-04 12:00:00,stalking_identified
        """,
    "panels": """
        crime_ref,panel,referred_at,heard_at
        C1,marac,2025-05-02 10:00:00,
        C1,mappa,2025-05-03 10:00:00,2025-05-20 10:00:00
        """,
    "feedback": """
        crime_ref,victim_id,surveyed_at,satisfaction
        C1,V1,2025-06-10 10:00:00,very_satisfied
        C2,V9,2025-06-10 10:00:00,very_dissatisfied
        """,
}
MAY, JUNE = date(2025, 5, 1), date(2025, 6, 1)


@pytest.fixture(scope="module")
def crimes_db(tmp_path_factory):
    folder = write_extract(
        tmp_path_factory.mktemp("v2crimes") / "extract", BREAKDOWN_TABLES, extracted_at=AS_AT
    )
    return load_fixture(folder.parent, extract=folder)


def rows_of(db, view: str, columns: str) -> list[tuple]:
    return query(db, f"select {columns} from {view} order by all")


def test_screening_outcomes(crimes_db):
    assert rows_of(
        crimes_db, "brk_screening_outcomes", "month, area_code, first_group, outcome, crimes"
    ) == [
        (MAY, "A", "harassment", "not_stalking", 1),  # C2: the latest of two screenings
        (MAY, "B", "malicious_communications", "stalking_identified", 1),  # C3: any found it
        (JUNE, "B", "breach_of_order", "not screened", 1),  # C4: no screening; C5 cancelled
    ]


def test_no_staff_no_training_row(crimes_db):
    store = api.Store(crimes_db)
    assert api.training_status(store).empty  # staff never supplied: no row, never 0 of 0
    assert api.action_status(store).empty


def test_panels_rights_support_and_satisfaction(crimes_db):
    # C1 (high) to MARAC and MAPPA: once under each; C1 is the only stalking case
    assert rows_of(crimes_db, "brk_panels", "month, area_code, risk_level, panel, cases") == [
        (MAY, "A", "high", "mappa", 1),
        (MAY, "A", "high", "marac", 1),
    ]
    # V1: by phone, enhanced rights; V2: no needs assessment
    assert rows_of(crimes_db, "brk_rights_channel", "rights_channel, enhanced_rights, victims") == [
        ("no needs assessment", "not recorded", 1),
        ("phone", "yes", 1),
    ]
    # V1 declined support and was not referred; V2 wants support (no assessment), referred
    assert rows_of(crimes_db, "brk_support_referral", "support, referral, victims") == [
        ("declined support", "not referred", 1),
        ("wants support", "referred", 1),
    ]
    # V1's survey in June 2025 in C1's area; C2's victim is not a stalking victim
    assert rows_of(crimes_db, "brk_satisfaction", "month, area_code, satisfaction, victims") == [
        (JUNE, "A", "very_satisfied", 1)
    ]
