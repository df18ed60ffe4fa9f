"""Who may record the daily meeting's decisions (queries.decisions): analysts and supervisors
on cases within their areas, unless their roles entry says decisions = "read"; never the
board. Each decision is audited. Fixture: K1 is in area A, K3 in area B."""

from __future__ import annotations

from datetime import date

import pytest

from common import decisions as log
from queries import api, audit
from queries.access import LOCAL, Access
from queries.decisions import record
from queries.door import NotPermitted
from tests.queries.test_measures import load_fixture

ANN = Access("ann@force.example", "analyst", None, signed_in=True)
SAM = Access("sam@force.example", "supervisor", ("B",), signed_in=True)
READER = Access("rae@force.example", "supervisor", ("B",), signed_in=True, read_only=True)
BOARD = Access("cc@force.example", "board", None, signed_in=True)


@pytest.fixture
def store(tmp_path):
    return api.Store(load_fixture(tmp_path))


def decide(store, who, ref="K3", **fields):
    values = dict(
        meeting_on=date(2025, 6, 30),
        action="arrest",
        owner="PPU team 2",
        review_on=date(2025, 7, 7),
        note="Arrest on sight",
    )
    values.update(fields)
    return record(
        store,
        who,
        crime_ref=ref,
        audit_file=store.path.with_name("audit.sqlite"),
        page="Daily meeting",
        **values,
    )


def test_who_records_and_on_which_cases(store):
    assert decide(store, ANN, "K1").recorded_by == "ann@force.example"
    assert decide(store, SAM, "K3").recorded_by == "sam@force.example"
    assert decide(store, LOCAL, "K1").recorded_by == "local"  # sign-in off
    for who, ref in ((SAM, "K1"), (READER, "K3"), (BOARD, "K3")):
        with pytest.raises(NotPermitted):
            decide(store, who, ref)
    kept = log.read(log.decisions_path(store.path))
    assert [(d.crime_ref, d.recorded_by) for d in kept] == [
        ("K1", "ann@force.example"),
        ("K3", "sam@force.example"),
        ("K1", "local"),
    ]
    trail = [
        r for r in audit.rows(store.path.with_name("audit.sqlite"), 10) if r["action"] == "decide"
    ]
    assert len(trail) == 3 and {r["what"] for r in trail} == {"K1", "K3"}


@pytest.mark.parametrize(
    ("fields", "field", "said"),
    [
        ({"note": "Victim's mum on 07700 900123"}, "note", "a phone number"),
        ({"note": "x" * 281}, "note", "at most 280"),
        ({"owner": "jo.bloggs@force.example"}, "owner", "an e-mail address"),
        ({"action": "ignore"}, "action", "not an action"),
        ({"review_on": date(2025, 6, 1)}, "review_on", "before the meeting"),
    ],
)
def test_a_field_that_breaks_a_rule_is_refused_naming_it(store, fields, field, said):
    with pytest.raises(log.DecisionRefused) as refused:
        decide(store, ANN, **fields)
    assert refused.value.field == field and said in refused.value.problem
    assert log.read(log.decisions_path(store.path)) == []


def test_the_case_page_shows_only_the_cases_decisions_within_the_areas(store):
    decide(store, ANN, "K1")
    decide(store, ANN, "K1", action="risk_review")
    shown = api.case_decisions(store, "K1")
    assert list(shown["action"]) == ["risk_review", "arrest"]  # newest first
    assert api.case_decisions(store, "K1", ["B"]).empty  # K1 is in A
