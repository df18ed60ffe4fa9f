"""Every measure in docs/measures.md on the hand-made fixture in tests/queries/fixture/.

The fixture (as at Monday 2025-06-30 06:00) has 13 crimes. Stalking cases are K1, K2, K3,
K6, K7, K8, K9, K10: K4 is cancelled, K5's stalking classification was removed, K11/K12 are
harassment and K13 a breach. Cells are (month of report, area):

    2024-04 B: K8        2024-05 B: K6
    2025-05 A: K1, K2    2025-05 B: K7, K9
    2025-06 A: K10       2025-06 B: K3

Edges: K1's recognition, risk assessment, SPO consideration, referral and arrest fall exactly
on their windows (1 d, 24 h, 7 d, 2 d, 24 h); K2's fall one second past them. K3's SPO
consideration and K6's risk assessment and referral are dated before the report. K2 has two
victims. Suspect S9 is on K6 and K7, 364 days apart; S8 on K8 and K9, 366 days apart.

The expected figures below were worked out by hand from the CSVs, one line of working per
measure; a second, independent hand computation from the spec agreed with them.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from pipelines.__main__ import load_extract
from pipelines.reference import DEFAULT_DIR
from tests.helpers import query

HERE = Path(__file__).parent
FIXTURE = HERE / "fixture"

M2404, M2405, M2505, M2506 = (
    date(2024, 4, 1),
    date(2024, 5, 1),
    date(2025, 5, 1),
    date(2025, 6, 1),
)


def reference_with_test_areas(folder: Path) -> Path:
    """The shipped reference data (windows, targets, codes) with the fixture's two areas."""
    shutil.copytree(DEFAULT_DIR, folder)
    shutil.copy(HERE / "fixture_areas.csv", folder / "areas.csv")
    (folder / "lsoas.csv").unlink(missing_ok=True)
    return folder


def load_fixture(tmp: Path, extract: Path = FIXTURE, reference: Path | None = None) -> Path:
    db = tmp / "fixture.duckdb"
    load_extract(extract, db, reference_dir=reference or reference_with_test_areas(tmp / "ref"))
    return db


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return load_fixture(tmp_path_factory.mktemp("measures"))


def cells(db, measure_id):
    rows = query(
        db,
        "select month, area_code, numerator, denominator from measure_summary "
        "where measure_id = ? order by 1, 2",
        [measure_id],
    )
    return {(m, a): (n, d) for m, a, n, d in rows}


EXPECTED = {
    # count of cases per cell (see the module docstring)
    "stalking_cases": {
        (M2404, "B"): (1, None),
        (M2405, "B"): (1, None),
        (M2505, "A"): (2, None),
        (M2505, "B"): (2, None),
        (M2506, "A"): (1, None),
        (M2506, "B"): (1, None),
    },
    # K3: current principal 8R, stalking only included
    "stalking_hidden": {
        (M2404, "B"): (0, 1),
        (M2405, "B"): (0, 1),
        (M2505, "A"): (0, 2),
        (M2505, "B"): (0, 2),
        (M2506, "A"): (0, 1),
        (M2506, "B"): (1, 1),
    },
    # K2: first principal 8L (removed), now 8Q. K3 is hidden, not reclassified.
    "stalking_reclassified": {
        (M2404, "B"): (0, 1),
        (M2405, "B"): (0, 1),
        (M2505, "A"): (1, 2),
        (M2505, "B"): (0, 2),
        (M2506, "A"): (0, 1),
        (M2506, "B"): (0, 1),
    },
    # K1 8Q exactly 1 day after: yes. K2 1 day + 1 s: no. K3 8Q 2 days after: no. Rest at report.
    "stalking_recognised_timely": {
        (M2404, "B"): (1, 1),
        (M2405, "B"): (1, 1),
        (M2505, "A"): (1, 2),
        (M2505, "B"): (2, 2),
        (M2506, "A"): (1, 1),
        (M2506, "B"): (0, 1),
    },
    # K5 (ex_partner, 8L after 8Q removed) May A; K11 (pair S5-V5 on K12) June A;
    # K13 (BRSPO, pair S1-V1 on K1) June B.
    "screening_candidates": {
        (M2505, "A"): (1, None),
        (M2506, "A"): (1, None),
        (M2506, "B"): (1, None),
    },
    # K1 exactly 24 h yes; K2 24 h + 1 s no; K6 before report yes; K7 2 h yes; K10 2 h yes;
    # K3, K8, K9 none.
    "risk_assessed_timely": {
        (M2404, "B"): (0, 1),
        (M2405, "B"): (1, 1),
        (M2505, "A"): (1, 2),
        (M2505, "B"): (1, 2),
        (M2506, "A"): (1, 1),
        (M2506, "B"): (0, 1),
    },
    # K2 sst, K6 s_dash
    "stalking_tool_used": {
        (M2404, "B"): (0, 1),
        (M2405, "B"): (1, 1),
        (M2505, "A"): (1, 2),
        (M2505, "B"): (0, 2),
        (M2506, "A"): (0, 1),
        (M2506, "B"): (0, 1),
    },
    # high: K1, K3. K9 has no risk_level: out of the denominator.
    "high_risk": {
        (M2404, "B"): (0, 1),
        (M2405, "B"): (0, 1),
        (M2505, "A"): (1, 2),
        (M2505, "B"): (0, 1),
        (M2506, "A"): (0, 1),
        (M2506, "B"): (1, 1),
    },
    # considered: K1, K2, K3 (K7's spo row has no considered_at)
    "spo_considered": {
        (M2404, "B"): (0, 1),
        (M2405, "B"): (0, 1),
        (M2505, "A"): (2, 2),
        (M2505, "B"): (0, 2),
        (M2506, "A"): (0, 1),
        (M2506, "B"): (1, 1),
    },
    # K1 exactly 7 days yes; K2 7 days + 1 s no; K3 before report yes
    "spo_considered_timely": {
        (M2404, "B"): (0, 1),
        (M2405, "B"): (0, 1),
        (M2505, "A"): (1, 2),
        (M2505, "B"): (0, 2),
        (M2506, "A"): (0, 1),
        (M2506, "B"): (1, 1),
    },
    # of K1, K2, K3 (considered): applied K1, K3. K7 applied without consideration: in neither.
    "spo_applied": {(M2505, "A"): (1, 2), (M2506, "B"): (1, 1)},
    # applied: K1 (interim granted), K3 (refused), K7 (nothing)
    "spo_granted": {(M2505, "A"): (1, 1), (M2505, "B"): (0, 1), (M2506, "B"): (0, 1)},
    # O1 breached 2025-06-25 on K13 (area B)
    "order_breaches": {(M2506, "B"): (1, None)},
    # victims: K1 V1 yes; K2 V2 yes, V3 no; K6 V4 yes; K7 V4 (completed_at empty) no;
    # K8 V6 yes; K9 V7 no; K10 V8 yes
    "vna_completed": {
        (M2404, "B"): (1, 1),
        (M2405, "B"): (1, 1),
        (M2505, "A"): (2, 3),
        (M2505, "B"): (0, 2),
        (M2506, "A"): (1, 1),
    },
    # rights: V1 yes, V2 no, V3 no assessment, K6 V4 yes, K7 V4 yes (not completed, but rights
    # given), V6 yes, V7 none, V8 yes
    "rights_explained": {
        (M2404, "B"): (1, 1),
        (M2405, "B"): (1, 1),
        (M2505, "A"): (1, 3),
        (M2505, "B"): (1, 2),
        (M2506, "A"): (1, 1),
    },
    # referred: V1, V2, K6 V4, V6, V8
    "referred": {
        (M2404, "B"): (1, 1),
        (M2405, "B"): (1, 1),
        (M2505, "A"): (2, 3),
        (M2505, "B"): (0, 2),
        (M2506, "A"): (1, 1),
    },
    # v2: working days (Mon-Fri, not a bank holiday, after the report's date up to the
    # referral's date, at most 2), and no victim here declined support (no support_declined).
    # V1 Thu 1 May -> Sat 3 May: Fri 2 = 1 yes; V2 Thu 1 May -> Sat 3 May 10:00:01: 1 yes;
    # K6 V4 before report yes; V6 Tue 30 Apr 2024 -> Fri 10 May: 1,2,3,7,8,9,10 May (6 May bank
    # holiday) = 7 no; V8 Sat 28 Jun -> Sun 29 Jun: 0 yes.
    # v2: May A was (1, 3) because V2's referral, 2 days + 1 s, was past 2 calendar days.
    "referred_timely": {
        (M2404, "B"): (0, 1),
        (M2405, "B"): (1, 1),
        (M2505, "A"): (2, 3),
        (M2505, "B"): (0, 2),
        (M2506, "A"): (1, 1),
    },
    # V1 isac, V2 paladin (second referral), V6 national_stalking_helpline
    "referred_specialist": {
        (M2404, "B"): (1, 1),
        (M2405, "B"): (0, 1),
        (M2505, "A"): (2, 3),
        (M2505, "B"): (0, 2),
        (M2506, "A"): (0, 1),
    },
    # v2, needs window 24 h: V1 Thu 10:00 -> Fri 10:00 exactly 24 h yes; V2 48 h no; V3 none;
    # K6 V4 exactly 24 h yes; K7 V4 no completed_at no; V6 24 h yes; V7 none; V8 2 h yes.
    "vna_timely": {
        (M2404, "B"): (1, 1),
        (M2405, "B"): (1, 1),
        (M2505, "A"): (1, 3),
        (M2505, "B"): (0, 2),
        (M2506, "A"): (1, 1),
    },
    # v2: enhanced_rights true: V1, K6 V4, V6, V8; V2 false; K7 V4 empty; V3, V7 no assessment.
    "enhanced_rights": {
        (M2404, "B"): (1, 1),
        (M2405, "B"): (1, 1),
        (M2505, "A"): (1, 3),
        (M2505, "B"): (0, 2),
        (M2506, "A"): (1, 1),
    },
    # medium/high with a unit: K1 stalking_unit yes, K2 response no, K3 response no, K6 cid yes.
    # K7 (medium) has no unit; K8, K10 standard; K9 no risk.
    "allocated_specialist": {(M2405, "B"): (1, 1), (M2505, "A"): (1, 2), (M2506, "B"): (0, 1)},
    # with a suspect: all but K10. Arrested: K1, K2, K6.
    "suspect_arrested": {
        (M2404, "B"): (0, 1),
        (M2405, "B"): (1, 1),
        (M2505, "A"): (2, 2),
        (M2505, "B"): (0, 2),
        (M2506, "B"): (0, 1),
    },
    # high risk with a suspect: K1 (arrested exactly 24 h: yes), K3 (not arrested)
    "high_risk_arrest_timely": {(M2505, "A"): (1, 1), (M2506, "B"): (0, 1)},
    # any interview: K1 under_arrest, K2 voluntary, K6 under_arrest (K3 'none' is no interview)
    "voluntary_interview": {(M2405, "B"): (0, 1), (M2505, "A"): (1, 2)},
    # s18: K2 (only 8Q current: indictability unknown, not known summary) no; K3 (8R current
    # is indictable) no. v2: May A was (1, 1) because v1 read 8Q's unknown as summary only.
    "s18_without_indictable": {(M2505, "A"): (0, 1), (M2506, "B"): (0, 1)},
    # charged cases: K2 (charged_at and outcome 1). Victims V2 (no VPS), V3 (VPS taken).
    "vps_taken": {(M2505, "A"): (1, 2)},
    # closed: K2 outcome 1, K6 outcome 16, K8 outcome 18
    "charged": {(M2404, "B"): (0, 1), (M2405, "B"): (0, 1), (M2505, "A"): (1, 1)},
    # online: K1, K10
    "online_element": {
        (M2404, "B"): (0, 1),
        (M2405, "B"): (0, 1),
        (M2505, "A"): (1, 2),
        (M2505, "B"): (0, 2),
        (M2506, "A"): (1, 1),
        (M2506, "B"): (0, 1),
    },
    # K3: S1 also on K1, 40 days before: yes. K7: S9 on K6 364 days before: yes.
    # K9: S8 on K8 366 days before: no. K1: S1's other case K3 is later: no.
    "repeat_suspect": {
        (M2404, "B"): (0, 1),
        (M2405, "B"): (0, 1),
        (M2505, "A"): (0, 2),
        (M2505, "B"): (1, 2),
        (M2506, "B"): (1, 1),
    },
    # K7: V4 also on K6 364 days before. K1's V1 is also on K13, which is not stalking.
    "repeat_victim": {
        (M2404, "B"): (0, 1),
        (M2405, "B"): (0, 1),
        (M2505, "A"): (0, 2),
        (M2505, "B"): (1, 2),
        (M2506, "A"): (0, 1),
    },
}


@pytest.mark.parametrize("measure_id", sorted(EXPECTED))
def test_measure_cells(db, measure_id):
    assert cells(db, measure_id) == EXPECTED[measure_id]


# v2 measures whose tables this (v1) fixture does not supply: no rows here ("no data"); their
# figures are in test_measures_v2.py.
NOT_SUPPLIED = {
    "screened",  # screenings
    "screened_timely",  # screenings
    "screening_found_stalking",  # screenings
    "high_risk_to_panel",  # panels
    "victim_satisfied",  # feedback
    "complaints",  # complaints
}


@pytest.mark.parametrize("measure_id", sorted(NOT_SUPPLIED))
def test_measure_of_a_table_not_supplied_has_no_rows(db, measure_id):
    assert cells(db, measure_id) == {}


def test_every_catalogue_measure_is_tested():
    from queries.catalogue import catalogue

    assert {m.id for m in catalogue()} == set(EXPECTED) | NOT_SUPPLIED


def test_case_table_derived_fields(db):
    """The hard part of the case table, asserted on its own."""
    rows = query(
        db,
        """
        select crime_ref, current_principal_code, first_principal_code, is_hidden,
               is_reclassified, first_stalking_at is not null, has_current_indictable,
               suspects, victims
        from int_cases order by crime_ref""",
    )
    assert rows == [
        ("K1", "8Q", "8Q", False, False, True, False, 1, 1),
        ("K10", "8Q", "8Q", False, False, True, False, 0, 1),
        ("K2", "8Q", "8L", False, True, True, False, 1, 2),
        ("K3", "8R", "8R", True, False, True, True, 1, 0),
        ("K6", "8/65", "8/65", False, False, True, True, 1, 1),
        ("K7", "195/12", "195/12", False, False, True, False, 1, 1),
        ("K8", "8Q", "8Q", False, False, True, False, 1, 1),
        ("K9", "8/66", "8/66", False, False, True, True, 1, 1),
    ]


def test_screening_candidates_and_their_triggers(db):
    assert query(
        db,
        "select crime_ref, month, area_code, triggers, "
        "fn_refs(earlier_crimes_same_pair, null) from screening_candidates "
        "order by crime_ref",
    ) == [
        ("K11", M2506, "A", ["repeat_pair"], "K12"),
        ("K13", M2506, "B", ["breach_of_order", "repeat_pair"], "K1"),
        ("K5", M2505, "A", ["ex_partner"], None),
    ]


EXPECTED_FLAGS = [
    # K1: high risk; O1 (against S1) breached 2025-06-25 10:00, 4 d 20 h before as-at;
    # S1 also on K3 (2025-06-10), within 365 days of as-at.
    ("K1", "high_risk", "Risk assessed as high"),
    ("K1", "recent_breach", "Order O1 (Interim Stalking Protection Order) breached 4 days ago"),
    ("K1", "repeat_suspect", "Suspect also on K3 in the last 365 days"),
    # K10: reported 2025-06-28 10:00, 44 h before a Monday as-at (72 h window): new.
    ("K10", "new", "Reported 44 hours ago"),
    # v2: no SPO row and 44 h > dmm_spo_after_hours 24 h (v1 waited for the 7-day SPO window).
    ("K10", "spo_not_considered", "SPO not considered 44 hours after report"),
    # v2: K13 (open, current BRSPO) is a breach-of-order DMM case. Reported Fri 2025-06-20
    # 10:00, 9 d 20 h before as-at; medium risk allocated to response; no risk assessment; S1's
    # O1 breached 4 d 20 h ago; S1 also on stalking cases K1, K3; V1 has no assessment on K13
    # and no referral on K13, working days Mon 23 - Mon 30 Jun = 6 > 2. Not a stalking case: no
    # SPO flag; screenings not supplied: no not_screened flag.
    ("K13", "allocation_mismatch", "Risk medium but allocated to Response"),
    # K13: Fri 20 Jun -> Mon 30 Jun: 23-27 Jun and 30 Jun, 6 working days
    ("K13", "no_referral", "1 victim(s) not referred to support 6 working days after report"),
    ("K13", "no_risk_assessment", "No risk assessment 9 days after report"),
    ("K13", "recent_breach", "Order O1 (Interim Stalking Protection Order) breached 4 days ago"),
    ("K13", "repeat_suspect", "Suspect also on K1, K3 in the last 365 days"),
    ("K13", "vna_missing", "1 victim(s) without a needs assessment 9 days after report"),
    # K3: reported 2025-06-10 09:00, 19 d 21 h before as-at; high risk; allocated to response;
    # no risk assessment; S1 not arrested; S1 is under O1, in force, so not 'no_protection'.
    ("K3", "allocation_mismatch", "Risk high but allocated to Response"),
    ("K3", "high_risk", "Risk assessed as high"),
    ("K3", "high_risk_no_arrest", "High risk and no suspect arrested 19 days after report"),
    ("K3", "no_risk_assessment", "No risk assessment 19 days after report"),
    ("K3", "recent_breach", "Order O1 (Interim Stalking Protection Order) breached 4 days ago"),
    ("K3", "repeat_suspect", "Suspect also on K1 in the last 365 days"),
    # K7: reported 2025-05-01 10:00, 59 d 20 h before; spo row without considered_at;
    # V4's assessment has no completed_at; no referral. S9's other case K6 is over 365 days.
    # K7, K9: Thu 1 May -> Mon 30 Jun: 42 weekdays less the bank holidays 5 and 26 May: 40
    ("K7", "no_referral", "1 victim(s) not referred to support 40 working days after report"),
    ("K7", "spo_not_considered", "SPO not considered 59 days after report"),
    ("K7", "vna_missing", "1 victim(s) without a needs assessment 59 days after report"),
    # K9: nothing recorded at all.
    ("K9", "no_referral", "1 victim(s) not referred to support 40 working days after report"),
    ("K9", "no_risk_assessment", "No risk assessment 59 days after report"),
    ("K9", "spo_not_considered", "SPO not considered 59 days after report"),
    ("K9", "vna_missing", "1 victim(s) without a needs assessment 59 days after report"),
]


def test_daily_meeting_flags(db):
    # A reason that cites other cases holds {refs} and the cases with their areas (linked):
    # fn_cite writes them in for a reader of every area, as the API does for an analyst.
    assert query(
        db, "select crime_ref, flag, fn_cite(reason, linked, null) from dmm_flags order by 1, 2"
    ) == (EXPECTED_FLAGS)


def test_new_case_window_is_24_hours_on_other_days(tmp_path):
    """As at Tuesday 2025-07-01 06:00, K10 (reported 44 h + 24 h earlier) is no longer new;
    as at Monday it was (72 h)."""
    extract = tmp_path / "tuesday"
    shutil.copytree(FIXTURE, extract)
    (extract / "manifest.json").write_text('{"extracted_at": "2025-07-01T06:00:00"}')
    db = load_fixture(tmp_path, extract)
    assert query(db, "select crime_ref from dmm_flags where flag = 'new'") == []


def test_windows_come_from_settings(tmp_path):
    """With the SPO window at 8 days, K2 (7 days + 1 s) is timely too: 2 of 2 in May A."""
    reference = reference_with_test_areas(tmp_path / "ref8")
    settings = reference / "settings.csv"
    settings.write_text(settings.read_text().replace("spo_window_days,7,", "spo_window_days,8,"))
    db = load_fixture(tmp_path, reference=reference)
    assert cells(db, "spo_considered_timely")[(M2505, "A")] == (2, 2)


def test_a_measure_whose_table_was_not_supplied_has_no_rows(tmp_path):
    """Without spo.csv: no SPO measures, no SPO flags; everything else is unchanged."""
    extract = tmp_path / "no_spo"
    shutil.copytree(FIXTURE, extract)
    (extract / "spo.csv").unlink()
    db = load_fixture(tmp_path, extract)
    ids = {r[0] for r in query(db, "select distinct measure_id from measure_summary")}
    assert ids == set(EXPECTED) - {
        "spo_considered",
        "spo_considered_timely",
        "spo_applied",
        "spo_granted",
    }
    assert query(db, "select count(*) from dmm_flags where flag = 'spo_not_considered'") == [(0,)]
    assert cells(db, "stalking_cases") == EXPECTED["stalking_cases"]


def test_invariants_hold(db):
    for audit in (
        "audit_measure_bounds",
        "audit_base_keys",
        "audit_unique_keys",
        "audit_view_grains",
        "audit_future_events",
    ):
        assert query(db, f"select count(*) from {audit}") == [(0,)], audit
