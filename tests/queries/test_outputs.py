"""What goes out (docs/outputs.md): the national context's rates, the low-referrals alert and
the NPCC update's action plan, each on a tiny hand-made input with its figures worked out by
hand beside the test. (The real Home Office table: tests/pipelines/test_context.py.)"""

from __future__ import annotations

import math
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from pipelines.__main__ import load_extract
from pipelines.context import load_context
from pipelines.reference import DEFAULT_DIR
from queries import api
from queries.access import Access
from queries.door import Door
from tests.helpers import write_extract
from tests.queries.test_measures import FIXTURE, load_fixture

AS_AT = "2025-06-30T06:00:00"  # a Monday; the referral window is 2 days (settings.csv)


def reference(folder: Path) -> Path:
    """The shipped reference data with areas A, B, C and three made-up forces: Alpha (100,000
    residents in 2011, 125,000 in 2019), Beta (200,000) and Gamma (400,000); Alpha's most
    similar group is Beta and Gamma."""
    shutil.copytree(DEFAULT_DIR, folder)
    (folder / "lsoas.csv").unlink()
    (folder / "areas.csv").write_text(
        "area_code,area_name,population\nA,North,100000\nB,South,50000\nC,East,80000\n"
    )
    (folder / "force_populations.csv").write_text(
        "force,population,year,source\n"
        "Alpha,100000,2011,test\nAlpha,125000,2019,test\nBeta,200000,2011,test\n"
        "Gamma,400000,2011,test\n"
    )
    (folder / "most_similar_group.csv").write_text(
        "force,member,source\nAlpha,Beta,test\nAlpha,Gamma,test\n"
    )
    return folder


# Victims per area and moment of report (one victim per crime), and how many were referred.
# As at Monday 30 June 2025 06:00 with a 2-day window, the newest week whose reports are all
# older than the window starts Monday 16 June (16 + 7 + 2 = 25 June <= 30 June; the week of
# 23 June ends 29 June, + 2 days > 30 June). The last 4 weeks: 26 May to 22 June; the 12
# before: 3 March to 25 May.
REPORTS = [
    ("A", "2025-04-07 10:00:00", 10, 9),  # before: 9 of 10
    ("A", "2025-06-16 10:00:00", 5, 2),  # recent (the newest complete week): 2 of 5
    ("B", "2025-03-03 00:00:00", 4, 4),  # before, at its first moment: 4 of 4
    ("B", "2025-05-26 00:00:00", 4, 3),  # recent, at its first moment: 3 of 4
    ("B", "2025-06-23 09:00:00", 1, 0),  # a week not yet older than the window: left out
    ("B", "2025-03-02 23:00:00", 1, 0),  # a Sunday before the 16 weeks: left out
    ("C", "2025-04-14 10:00:00", 10, 5),  # before: 5 of 10
    ("C", "2025-06-02 10:00:00", 10, 7),  # recent: 7 of 10
]


def referral_extract(folder: Path) -> Path:
    crimes, classes, victims, referrals = [], [], [], []
    n = 0
    for area, reported, count, referred in REPORTS:
        for i in range(count):
            n += 1
            ref = f"R{n}"
            crimes.append(f"{ref},{reported},{area},open")
            classes.append(f"{ref},8Q,true,{reported},")
            victims.append(f"{ref},V1")
            if i < referred:
                referrals.append(
                    f"{ref},V1,isac,{reported[:8]}{int(reported[8:10]) + 1:02d} 12:00:00"
                )
    return write_extract(
        folder,
        {
            "crimes": "crime_ref,reported_at,area_code,status\n" + "\n".join(crimes),
            "classifications": "crime_ref,offence_code,is_principal,classified_at,removed_at\n"
            + "\n".join(classes),
            "victims": "crime_ref,victim_id\n" + "\n".join(victims),
            "referrals": "crime_ref,victim_id,service,referred_at\n" + "\n".join(referrals),
        },
        extracted_at=AS_AT,
    )


CONTEXT = """Financial Year,Financial Quarter,Force Name,Offence Code,Number of Offences
2018/19,1,Alpha,8Q,10
2018/19,2,Alpha,8Q,12
2018/19,3,Alpha,8Q,-2
2018/19,4,Alpha,8Q,5
2018/19,1,Alpha,8L,30
2018/19,1,Alpha,8M,3
2018/19,1,Alpha,8R,40
2018/19,1,Alpha,3A,99
2018/19,1,Beta,8Q,50
2018/19,1,Gamma,8Q,20
2018/19,1,British Transport Police,8Q,7
2019/20,1,Alpha,8Q,20
2019/20,2,Alpha,8Q,10
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> api.Store:
    tmp = tmp_path_factory.mktemp("outputs")
    folder = reference(tmp / "reference")
    db = tmp / "outputs.duckdb"
    load_extract(referral_extract(tmp / "extract"), db, reference_dir=folder)
    (tmp / "context.csv").write_text(CONTEXT)
    load_context(tmp / "context.csv", db)
    return api.Store(db)


def by(frame, key: str, value):
    return frame[frame[key] == value].iloc[0]


def test_context_rates_beside_england_and_wales_and_the_most_similar_group(store):
    """2018/19 stalking (8Q). Alpha: 10 + 12 - 2 + 5 = 25 (the negative quarter is the Home
    Office's adjustment, kept), 2011 residents 100,000 (the latest at or before 2018): 0.25
    per 1,000. Beta 50 / 200,000 = 0.25; Gamma 20 / 400,000 = 0.05. England and Wales: the
    forces of force_populations.csv, not British Transport Police: 95 of 700,000 = 0.13571.
    Most similar group: the mean of Beta's and Gamma's rates, (0.25 + 0.05) / 2 = 0.15.
    Rank: Alpha and Beta share the highest rate: 1 of 3."""
    rates = api.context_rates(store)  # Alpha: the force most_similar_group.csv names
    stalking = rates[
        (rates["financial_year"] == "2018/19") & (rates["offence_group"] == "stalking")
    ]
    row = stalking.iloc[0]
    assert (row["force"], row["offences"], row["population"]) == ("Alpha", 25, 100_000)
    assert row["rate"] == pytest.approx(0.25)
    assert (row["ew_offences"], row["ew_population"], row["ew_forces"]) == (95, 700_000, 3)
    assert row["ew_rate"] == pytest.approx(95 / 700)
    assert row["msg_rate"] == pytest.approx(0.15)
    assert (row["msg_forces"], row["ew_rank"], row["quarters"]) == (2, 1, 4)


def test_context_groups_and_forces_without_rows(store):
    """2018/19 harassment is 8L + 8M: Alpha 30 + 3 = 33 (0.33 per 1,000); Beta and Gamma have
    no harassment row: none recorded, their residents still in England and Wales: 33 of
    700,000. Malicious communications (8R): Alpha 40. 3A is in no group. Stalking first."""
    rates = api.context_rates(store)
    year = rates[rates["financial_year"] == "2018/19"]
    assert list(year["offence_group"]) == ["stalking", "harassment", "malicious_communications"]
    harassment = by(year, "offence_group", "harassment")
    assert (harassment["offences"], harassment["ew_offences"]) == (33, 33)
    assert harassment["ew_rate"] == pytest.approx(33 / 700)
    assert harassment["msg_rate"] == pytest.approx(0.0)  # (0 + 0) / 2
    assert by(year, "offence_group", "malicious_communications")["offences"] == 40


def test_a_part_year_and_a_later_population(store):
    """2019/20 holds quarters 1 and 2 only: Alpha 20 + 10 = 30, its 2019 population 125,000:
    0.24 per 1,000. No other force is in 2019/20: England and Wales is Alpha alone, and the
    group has no rate."""
    rates = api.context_rates(store)
    row = rates[(rates["financial_year"] == "2019/20") & (rates["offence_group"] == "stalking")]
    row = row.iloc[0]
    assert (row["offences"], row["population"], row["quarters"], row["ew_forces"]) == (
        30,
        125_000,
        2,
        1,
    )
    assert row["rate"] == pytest.approx(0.24)
    assert math.isnan(row["msg_rate"])


def test_context_of_another_force_and_of_a_body_without_population(store):
    """Beta's own context has no group (most_similar_group.csv names Alpha's); British
    Transport Police has no population: no rate and no rank."""
    beta = api.context_rates(store, force="Beta")
    assert by(beta, "offence_group", "stalking")["rate"] == pytest.approx(0.25)
    assert math.isnan(by(beta, "offence_group", "stalking")["msg_rate"])
    btp = api.context_rates(store, force="British Transport Police")
    row = by(btp, "offence_group", "stalking")
    assert row["offences"] == 7 and math.isnan(row["rate"]) and pd.isna(row["ew_rank"])


def test_low_referrals_alert(store):
    """Weeks 26 May to 22 June against 3 March to 25 May.
    A: 2 of 5 = 40.0 % against 9 of 10 = 90.0 %; two standard deviations: 200 x
       sqrt(0.9 x 0.1 / 5) = 26.83 points, and 40.0 < 90.0 - 26.83 = 63.17: below; 40 < 60
       (referral_floor): below the floor too. Alert.
    B: 3 of 4 = 75.0 % against 4 of 4 = 100 %: a share of 100 % has no spread, so any fall is
       below; 75 >= 60. Alert. (The report of 23 June and the one of 2 March are left out:
       else 3 of 5 and 4 of 5.)
    C: 7 of 10 = 70.0 % against 5 of 10 = 50.0 %: no alert."""
    rows = api.alert_referrals(store).set_index("area_code")
    a, b, c = rows.loc["A"], rows.loc["B"], rows.loc["C"]
    assert (a["victims"], a["referred"], a["before_victims"], a["before_referred"]) == (5, 2, 10, 9)
    assert a["rate"] == pytest.approx(40.0) and a["before_rate"] == pytest.approx(90.0)
    assert a["two_sd_points"] == pytest.approx(26.8328, abs=1e-3)
    assert (a["below_before"], a["below_floor"], a["alert"]) == (True, True, True)
    assert (b["victims"], b["referred"], b["before_victims"], b["before_referred"]) == (4, 3, 4, 4)
    assert (b["below_before"], b["below_floor"], b["alert"]) == (True, False, True)
    assert (c["rate"], c["before_rate"], c["alert"]) == (70.0, 50.0, False)
    assert (a["weeks_from"].date(), a["weeks_to"].date()) == (date(2025, 5, 26), date(2025, 6, 22))
    assert list(rows.index[:2]) == ["A", "B"]  # alerts first, lowest share first


def test_low_referrals_for_the_board_are_rounded_cells(store):
    """The board role's counts are sums of week-and-area cells randomly rounded to multiples
    of 5 (the door refuses anything else), and the shares come from the rounded counts."""
    rows = Door(store, Access("b", "board", None))(api.alert_referrals)
    for column in ("victims", "referred", "before_victims", "before_referred"):
        assert (rows[column] % 5 == 0).all()
    shown = rows[rows["victims"] > 0]
    assert (shown["rate"] == 100.0 * shown["referred"] / shown["victims"]).all()


def test_a_supervisor_reads_only_their_areas(store):
    rows = Door(store, Access("s", "supervisor", ("C",)))(api.alert_referrals)
    assert list(rows["area_code"]) == ["C"]


def test_the_npcc_update_has_no_action_plan_until_one_is_loaded(store):
    actions = api.npcc_actions(store)
    assert actions.empty
    assert list(actions.columns) == [
        "recommendation",
        "action",
        "owner",
        "due",
        "status",
        "overdue",
    ]


def test_the_npcc_update_lists_the_plan_once_one_is_loaded(tmp_path):
    """Three actions loaded as at Monday 2025-06-30 06:00: A2 due 29 Jun (before the as-at
    date) and in progress is overdue; A1 due 30 Jun is not (due on the as-at date); A3 due
    1 Mar but complete never is. Recommendation 10 lists A2 (overdue) before A1."""
    extract = tmp_path / "extract"
    shutil.copytree(FIXTURE, extract)
    (extract / "actions.csv").write_text(
        "action_ref,recommendation,description,owner,due_on,status,completed_on\n"
        "A1,10,Refresh the e-learning,Head of Learning,2025-06-30,in_progress,\n"
        "A2,10,Train every supervisor,Head of Learning,2025-06-29,not_started,\n"
        "A3,28,Publish the plan,Chief of Staff,2025-03-01,complete,2025-02-20\n"
    )
    actions = api.npcc_actions(api.Store(load_fixture(tmp_path, extract)))
    assert actions.to_dict("records") == [
        {
            "recommendation": 10,
            "action": "Train every supervisor",
            "owner": "Head of Learning",
            "due": "29 Jun 2025",
            "status": "Not started",
            "overdue": True,
        },
        {
            "recommendation": 10,
            "action": "Refresh the e-learning",
            "owner": "Head of Learning",
            "due": "30 Jun 2025",
            "status": "In progress",
            "overdue": False,
        },
        {
            "recommendation": 28,
            "action": "Publish the plan",
            "owner": "Chief of Staff",
            "due": "1 Mar 2025",
            "status": "Complete",
            "overdue": False,
        },
    ]
