"""The daily meeting's agenda (dmm_agenda) on the hand-made fixture, with a hand-made log of
decisions, worked by hand.

As at Monday 30 June 2025 06:00 (UK time, BST = UTC+1) the flagged open cases are K1, K3, K7,
K9, K10 and (v2: an open breach-of-order crime) K13 (tests/queries/test_measures.py). Facts the agenda reads:
- order O1 against suspect S1 was breached on 25 June 2025 10:00 (on K13); S1 is a suspect of
  K1 and K3, so their latest breach is 25 June 10:00;
- K1's risk assessment of 2 May 2025 10:00 is graded high (no other case has a high one).
The log (recorded_at in UTC):
- K1 decided 20 June 09:00Z (10:00 BST), review 14 July: the breach came after: new_breach;
- K3 decided 26 June 08:00Z (after the breach), review 30 June: due on the as-at date;
- K7 decided 27 June 08:00Z, review 7 July: in hand;
- K9 and K13: no decision;
- K10 decided 28 June 12:00Z with review 29 June (due), then corrected 29 June 12:00Z with
  review 10 July: the correction is in force, so it is in hand.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipelines.__main__ import load_extract
from pipelines.decisions import import_csv
from queries import api
from tests.helpers import write_extract
from tests.queries.test_measures import load_fixture, reference_with_test_areas

LOG = """\
crime_ref,meeting_on,action,owner,review_on,note,recorded_by,recorded_at
K1,2025-06-20,risk_review,DS 4411,2025-07-14,Review the risk with the ISAC,chair,2025-06-20T09:00:00Z
K3,2025-06-26,arrest,PPU team 2,2025-06-30,,chair,2025-06-26T08:00:00Z
K7,2025-06-27,spo_application,PPU team 1,2025-07-07,Draft the SPO application,chair,2025-06-27T08:00:00Z
K10,2025-06-28,safeguarding,Response B,2025-06-29,,chair,2025-06-28T12:00:00Z
K10,2025-06-29,refer_support,Response B,2025-07-10,Corrected: ISAC referral,chair,2025-06-29T12:00:00Z
"""


@pytest.fixture
def store(tmp_path) -> api.Store:
    db = load_fixture(tmp_path)
    (tmp_path / "log.csv").write_text(LOG)
    assert import_csv(tmp_path / "log.csv", db) == (5, 5)
    return api.Store(db)


def reasons(frame) -> dict[str, str]:
    return dict(zip(frame["crime_ref"], frame["agenda_reasons"], strict=True))


def test_the_agenda_and_the_cases_in_hand(store):
    agenda = api.dmm_agenda(store)
    assert reasons(agenda) == {
        "K1": "new_breach",
        "K3": "review_due",
        "K9": "no_decision",
        "K13": "no_decision",  # v2: a breach-of-order crime is a meeting case
    }
    in_hand = api.dmm_in_hand(store).set_index("crime_ref")
    assert sorted(in_hand.index) == ["K10", "K7"]
    # each case in hand with its latest decision, owner and review date
    assert in_hand.loc["K10", "decided_action"] == "refer_support"
    assert in_hand.loc["K10", "decided_owner"] == "Response B"
    assert str(in_hand.loc["K10", "decided_review_on"].date()) == "2025-07-10"
    assert in_hand.loc["K7", "decided_action"] == "spo_application"
    # the area filter narrows both (A: K1 and K10; B: K3, K7, K9 and K13)
    assert reasons(api.dmm_agenda(store, ["A"])) == {"K1": "new_breach"}
    assert list(api.dmm_in_hand(store, ["B"])["crime_ref"]) == ["K7"]


def test_a_case_leaves_the_agenda_and_comes_back_on_a_new_breach(store, tmp_path):
    """K1 decided again on 29 June 09:00Z, after the breach: in hand. A delta as at Wednesday
    2 July 06:00 brings a breach of O1 on 1 July 10:00 (crime K14) and a high risk assessment
    of K7 on 1 July 11:00: K1 is back with new_breach; K3 (decided 26 June, review 30 June) has
    both new_breach and review_due; K7 (decided 27 June) is back with now_high_risk."""
    later = tmp_path / "later.csv"
    later.write_text(
        "crime_ref,meeting_on,action,owner,review_on,recorded_at\n"
        "K1,2025-06-29,risk_review,DS 4411,2025-07-14,2025-06-29T09:00:00Z\n"
    )
    import_csv(later, store.path)
    assert "K1" not in set(api.dmm_agenda(store)["crime_ref"])
    delta = write_extract(
        tmp_path / "delta",
        {
            "crimes": """
                crime_ref,reported_at,recorded_at,area_code,status,relationship,domestic_abuse,online_element,risk_level,allocated_unit,outcome_code,outcome_at
                K7,2025-05-01 10:00:00,2025-05-01 10:30:00,B,open,work,false,false,medium,,,
                K14,2025-07-01 10:00:00,2025-07-01 10:30:00,A,open,stranger,false,false,medium,response,,
            """,
            "classifications": """
                crime_ref,offence_code,is_principal,classified_at,removed_at
                K7,195/12,true,2025-05-01 10:00:00,
                K14,BRSPO,true,2025-07-01 10:00:00,
            """,
            "risk_assessments": """
                crime_ref,tool,completed_at,risk_level
                K7,dash,2025-05-01 12:00:00,medium
                K7,dash,2025-07-01 11:00:00,high
            """,
            "breaches": """
                order_id,crime_ref,breached_at
                O1,K14,2025-07-01 10:00:00
            """,
        },
        extracted_at="2025-07-02T06:00:00",
        kind="delta",
    )
    load_extract(delta, store.path, reference_dir=reference_with_test_areas(tmp_path / "ref2"))
    agenda = reasons(api.dmm_agenda(store))
    assert agenda["K1"] == "new_breach"
    assert agenda["K3"] == "new_breach, review_due"
    assert agenda["K7"] == "now_high_risk"
    assert agenda["K9"] == "no_decision"


def test_decisions_survive_a_load_and_a_rebuild(store, tmp_path):
    from pipelines.__main__ import rebuild

    before = sorted(api.dmm_in_hand(store)["crime_ref"])
    rebuild(store.path, reference_dir=reference_with_test_areas(tmp_path / "ref3"))
    again = write_extract(tmp_path / "again", {}, extracted_at="2025-06-30T06:00:00")
    for name in ("crimes", "classifications"):
        shutil.copy(Path(__file__).parent / "fixture" / f"{name}.csv", again)
    load_extract(again, store.path, reference_dir=reference_with_test_areas(tmp_path / "ref4"))
    assert sorted(api.dmm_in_hand(store)["crime_ref"]) == before == ["K10", "K7"]
