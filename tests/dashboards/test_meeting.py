"""The Daily meeting page runs the meeting (AppTest on the fixture, as at Monday 30 June 2025):
the agenda first, a decision recorded in a form, the case moving to "in hand", a refusal that
names the field and keeps what was typed; the case page; the cases behind a figure.

With no decision recorded, the agenda holds every flagged case: K1, K3, K7, K9, K10 and (v2: an
open breach-of-order crime) K13."""

from __future__ import annotations

import pytest

from tests.dashboards.conftest import open_app
from tests.dashboards.test_roles import AUTH, SIGNED_IN


@pytest.fixture
def meeting(fixture_db, tmp_path, monkeypatch):
    """Open a page with a decisions store of its own (the shared fixture's stays empty)."""
    monkeypatch.setenv("STALKING_DB", str(fixture_db))
    monkeypatch.setenv("STALKING_DECISIONS_DB", str(tmp_path / "decisions.sqlite"))
    monkeypatch.setenv("STALKING_AUDIT_DB", str(tmp_path / "audit.sqlite"))
    return lambda page="Daily meeting", **kw: open_app(page, **kw)


def agenda_refs(at) -> list[str]:
    frame = next(d.value for d in at.dataframe if "agenda_reasons" in d.value.columns)
    return sorted(frame["crime_ref"])


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def decide(at, ref: str, owner: str, note: str = ""):
    at.selectbox(key="dmm-case").set_value(ref)
    at.text_input(key="dmm-owner").input(owner)
    at.text_area(key="dmm-note").input(note)
    at.button(key="FormSubmitter:decide-dmm-Record the decision").click()
    return at.run()


def test_a_decision_moves_the_case_from_the_agenda_to_in_hand(meeting):
    at = meeting()
    # v2: K13 (open breach-of-order crime) joins; was 5
    assert agenda_refs(at) == ["K1", "K10", "K13", "K3", "K7", "K9"]
    assert metrics(at)["On the agenda today"] == "6" and metrics(at)["In hand"] == "0"
    at = decide(at, "K9", "PPU team 1", "Refer to the ISAC today")
    assert not at.exception
    assert any("Recorded: No further action for K9" in s.value for s in at.success)
    assert agenda_refs(at) == ["K1", "K10", "K13", "K3", "K7"]
    assert metrics(at)["In hand"] == "1"
    hand = next(
        d.value
        for d in at.dataframe
        if "decided_owner" in d.value.columns and "K9" in set(d.value["crime_ref"])
    )
    assert hand.set_index("crime_ref").loc["K9", "decided_owner"] == "PPU team 1"


def test_a_note_that_looks_like_a_person_is_refused_and_the_form_keeps_it(meeting):
    at = meeting()
    at = decide(at, "K3", "PPU team 2", "Victim moved to AL1 3JE")
    assert "the note: it looks like it holds personal data (a postcode)" in at.error[
        0
    ].value.replace("\\", "")
    assert at.text_area(key="dmm-note").value == "Victim moved to AL1 3JE"  # kept to correct
    assert at.text_input(key="dmm-owner").value == "PPU team 2"
    assert agenda_refs(at) == ["K1", "K10", "K13", "K3", "K7", "K9"]  # nothing recorded


def test_a_read_only_supervisor_sees_the_agenda_but_records_nothing(meeting, tmp_path, monkeypatch):
    roles = tmp_path / "roles.toml"
    roles.write_text(
        '[users."rae@force.example"]\nrole = "supervisor"\nareas = ["B"]\ndecisions = "read"\n'
    )
    monkeypatch.setenv("STALKING_ROLES", str(roles))
    at = meeting(auth=AUTH, user={**SIGNED_IN, "email": "rae@force.example"})
    assert agenda_refs(at) == ["K13", "K3", "K7", "K9"]  # area B; v2: K13 joins
    assert not at.get("form") and any("records none" in c.value for c in at.caption)


def test_the_case_page_shows_the_case_whole(meeting):
    """K1: reported 1 May 2025 10:00 in North; classified 8Q; risk assessed high (DASH) on
    2 May; suspect S1 arrested on 2 May; interim SPO O1 granted 12 May; O1 breached 25 June."""
    at = meeting("Case")
    assert at.title[0].value == "Case"  # no reference yet: it asks for one
    at.text_input(key="case-ref").input("K1").run()
    assert not at.exception
    assert at.title[0].value == "Case K1"
    timeline = next(d.value for d in at.dataframe if "event" in d.value.columns)
    events = list(timeline["event"])
    assert events[0] == "Reported"
    for expected in (
        "Suspect S1 arrested",
        "Order O1 (Interim Stalking Protection Order) breached",
        "Interim SPO granted (suspect S1)",
    ):
        assert expected in events, expected
    flags = " ".join(m.value for m in at.markdown)
    assert "Recent breach of an order" in flags and "Suspect also on K3" in flags


def test_the_cases_behind_a_figure(meeting):
    """SPO considered, June 2024 to May 2025: K1 and K2 met it; K7 and K9 did not."""
    at = meeting("Cases behind a figure")
    at.selectbox(key="drill-measure").set_value("spo_considered").run()
    assert not at.exception
    assert metrics(at) == {"Met the measure": "2", "Did not": "2"}
    did_not, did = [d.value for d in at.dataframe][:2]
    assert sorted(did_not["crime_ref"]) == ["K7", "K9"] and sorted(did["crime_ref"]) == ["K1", "K2"]


def test_a_long_agenda_lists_its_most_urgent_cases_and_counts_them_all(meeting, monkeypatch):
    """At 1 M crimes the agenda held 84,086 cases: the page lists the most urgent LISTED (here
    4 of the fixture's 6), in the agenda's own order, and says so; the counts keep all six."""
    import dashboards.meeting

    whole = next(d.value for d in meeting().dataframe if "agenda_reasons" in d.value.columns)
    monkeypatch.setattr(dashboards.meeting, "LISTED", 4)
    at = meeting()
    listed = next(d.value for d in at.dataframe if "agenda_reasons" in d.value.columns)
    assert list(listed["crime_ref"]) == list(whole["crime_ref"][:4])
    assert metrics(at)["On the agenda today"] == "6"
    assert any(
        "The 4 most urgent of 6 cases on the agenda are listed" in c.value for c in at.caption
    )
    shown = [o.split(":")[0] for o in at.selectbox(key="dmm-case").options]  # "K1: why"
    assert shown == list(whole["crime_ref"][:4])
