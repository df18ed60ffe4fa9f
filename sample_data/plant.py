"""Situations: crimes overwritten with the edge cases the measures and tests need.

`plant` picks, for each situation, the free crime reported nearest a chosen
moment, makes it a plain case (`Planter.crime`) and then sets what the situation
needs. Windows come from pipelines/reference/settings.csv, so "exactly at the
limit" and "one second past it" follow the settings the measures use.
"""

from __future__ import annotations

import numpy as np

from pipelines.contract import (
    ALLOCATED_UNITS,
    INTERVIEWS,
    MAPPA_LEVELS,
    PANELS,
    REFERRAL_OUTCOMES,
    RELATIONSHIPS,
    RIGHTS_CHANNELS,
    RISK_LEVELS,
    RISK_TOOLS,
    SCREENING_OUTCOMES,
    SEARCH_POWERS,
    SERVICES,
    SPO_DECISIONS,
)
from sample_data.basics import DAY, HOUR, MIN, NAT, PLANT_PERSON, idx
from sample_data.casework import CODE_GROUP, COURSE_OF_CONDUCT, STALKING_CODE
from sample_data.people import CONNECTED
from sample_data.plan import Plan, assign
from sample_data.reference import (
    ARREST_WINDOW,
    BANK_HOLIDAYS,
    BREACH,
    HARASS,
    INDICTABLE_STALKING,
    NEEDS_WINDOW,
    NO_SUPPORT,
    OC,
    ORDER_EXPIRY_WARNING,
    RECOGNITION_WINDOW,
    REFERRAL_WORKING_DAYS,
    REPEAT_WINDOW,
    RISK_ASSESSMENT_WINDOW,
    SCREENING_WINDOW,
    SPO_WINDOW,
    STALK,
    SUMMARY_STALKING,
    SUPPORTS,
)


class Planter:
    """Overwrites chosen crimes (rows lo.. of the plan) with hand-made situations."""

    def __init__(self, plan: Plan, lo: int, t_lo: int, t_hi: int):
        self.plan, self.lo, self.t_lo, self.t_hi = plan, lo, t_lo, t_hi
        self.used: set[int] = set()
        self.people = 0
        self.breaches: list[tuple[int, int, str]] = []  # (breach crime, order's crime, kind)
        # v2: orders against a crime's suspect (crime, order type, granted, expires).
        self.orders: list[tuple[int, str, int, int]] = []

    def person(self) -> int:
        self.people += 1
        return PLANT_PERSON + self.people

    def ago(self, days: float) -> int:
        """The moment `days` before the upper end of the span."""
        return self.t_hi - int(days * DAY)

    def _nearest_free(self, reported: int) -> int:
        reported_at = self.plan.crimes.reported_at
        n = len(reported_at)
        i = int(np.searchsorted(reported_at, reported).clip(self.lo, n - 1))
        for step in range(n):
            free = [j for j in (i + step, i - step) if self.lo <= j < n and j not in self.used]
            if free:
                return free[0]
        return i

    def crime(self, reported: int, group=STALK, code="8Q", rel="ex_partner", risk="standard"):
        """Pick the crime reported nearest the moment and make it a plain case
        (None when the moment is outside the span)."""
        if not self.t_lo + DAY < reported <= self.t_hi:
            return None
        i = self._nearest_free(reported)
        self.used.add(i)
        r = int(reported)
        self._plain_crime(i, r, group, code, idx(RELATIONSHIPS, rel))
        self._plain_risk(i, r, group == STALK, idx(RISK_LEVELS, risk) if risk else -1)
        self._plain_people(i, r)
        return i

    def _plain_crime(self, i: int, r: int, group: int, code: str, rel: int) -> None:
        plan, stalk = self.plan, group == STALK
        created = r + 30 * MIN
        assign(
            plan.crimes,
            i,
            reported_at=r,
            created_at=created,
            recorded_at=created,
            offence_to_days=0,
            offence_from_days=14,
            lsoa_blank=False,
            coordinates_blank=False,
            neighbourhood_blank=False,
            relationship=rel,
            domestic_abuse=int(rel in CONNECTED),
            online_element=0,
            group=group,
            breached_at=r - 2 * HOUR if group == BREACH else NAT,
            breach_date_blank=False,
        )
        assign(
            plan.classifications,
            i,
            first_code=OC[code],
            first_removed_at=NAT,
            second_code=-1,
            second_at=NAT,
            included_code=-1,
            included_at=NAT,
            included_removed_at=NAT,
            other_code=-1,
            other_at=NAT,
        )
        assign(
            plan.investigation,
            i,
            has_suspect=True,
            second_victim=False,
            second_suspect=False,
            cancelled_at=NAT,
            outcome_code=0,
            outcome_at=NAT,
        )
        assign(
            plan.spo,
            i,
            has_row=stalk,
            row_at=NAT,
            considered_at=r + 2 * DAY if stalk else NAT,
            decision=idx(SPO_DECISIONS, "not_appropriate") if stalk else -1,
            applied_at=NAT,
            interim_at=NAT,
            granted_at=NAT,
            refused_at=NAT,
        )
        assign(plan.online, i, count=0)
        # v2: a course-of-conduct crime is screened 3 hours after the report and found
        # not to be stalking; no panel, no complaint.
        course = CODE_GROUP[OC[code]] in COURSE_OF_CONDUCT
        assign(
            plan.screening,
            i,
            first_at=r + 3 * HOUR if course else NAT,
            first_outcome=idx(SCREENING_OUTCOMES, "not_stalking") if course else -1,
            second_at=NAT,
            second_outcome=-1,
        )
        assign(plan.panels, i, panel=-1, referred_at=NAT, heard_at=NAT)
        assign(plan.complaints, i, received_at=NAT, decided_at=NAT, upheld=-1)

    def _plain_risk(self, i: int, r: int, stalk: bool, risk: int) -> None:
        assign(
            self.plan.risk,
            i,
            record_level=risk,
            raised_level=risk,
            raised_at=NAT,
            first_tool=idx(RISK_TOOLS, "dash"),
            first_at=r + 3 * HOUR,
            first_level=max(risk, 0),
            second_tool=-1,
            second_at=NAT,
            second_level=max(risk, 0),
            first_unit=idx(ALLOCATED_UNITS, "stalking_unit" if stalk else "investigation_hub"),
            first_allocated_at=r + 2 * HOUR,
            later_unit=-1,
            later_allocated_at=NAT,
        )

    def _plain_people(self, i: int, r: int) -> None:
        """One victim (assessed, referred, engaged) and one suspect (not arrested)."""
        v, s = self.plan.victims, self.plan.suspects
        v.person[i] = self.person()
        assign(
            v,
            i,
            vulnerable=0,
            age_blank=False,
            sex_blank=False,
            needs_assessed_at=r + DAY,
            needs_row_at=r + DAY,
            rights_explained=1,
            enhanced_rights=1,
            referral_count=1,
            vps_offered_at=NAT,
            vps_taken_at=NAT,
            rights_channel=idx(RIGHTS_CHANNELS, "in_person"),
            support_declined=0,
            surveyed_at=NAT,
            satisfaction=-1,
        )
        v.referral_service[i, 0] = idx(SERVICES, "victim_support")
        v.referred_at[i, 0] = r + DAY
        v.referral_outcome[i, 0] = idx(REFERRAL_OUTCOMES, "engaged")
        v.referral_outcome_at[i, 0] = r + 5 * DAY
        s.person[i] = self.person()
        assign(
            s,
            i,
            arrested_at=NAT,
            age_blank=False,
            sex_blank=False,
            interview=idx(INTERVIEWS, "none"),
            interview_at=r + 30 * MIN,
            search_if_indictable=0,
            search_otherwise=0,
            search_blank=False,
            mappa_level=idx(MAPPA_LEVELS, "none"),
            charged_at=NAT,
        )

    def reclassify(self, i, at, to="8Q"):
        """Principal first removed at `at`, principal `to` from then on (a course-of-conduct
        crime that becomes stalking was screened then, and found to be stalking)."""
        c = self.plan.classifications
        c.first_removed_at[i], c.second_code[i], c.second_at[i] = at, OC[to], at
        if STALKING_CODE[OC[to]] and not STALKING_CODE[c.first_code[i]]:
            self.found_stalking(i, at)

    def found_stalking(self, i, at):
        """v2: the crime's one screening, at `at`, identified stalking."""
        s = self.plan.screening
        s.first_at[i], s.first_outcome[i] = at, idx(SCREENING_OUTCOMES, "stalking_identified")
        s.second_at[i], s.second_outcome[i] = NAT, -1

    def close(self, i, at, outcome=NO_SUPPORT):
        inv = self.plan.investigation
        inv.outcome_code[i], inv.outcome_at[i] = outcome, at

    def arrest(self, i, at, search="none", interview="under_arrest"):
        s = self.plan.suspects
        s.arrested_at[i] = at
        s.search_if_indictable[i] = s.search_otherwise[i] = idx(SEARCH_POWERS, search)
        s.interview[i] = idx(INTERVIEWS, interview)
        s.interview_at[i] = at + 3 * HOUR

    def share(self, i, j, role):
        """Crime j has the same suspect / victim as crime i."""
        rows = self.plan.suspects if role == "suspect" else self.plan.victims
        rows.person[j] = rows.person[i]

    def apply_for_spo(self, i, applied, interim=NAT, granted=NAT, refused=NAT):
        """An SPO considered a day after the report, applied for, and decided."""
        spo, r = self.plan.spo, self.plan.crimes.reported_at[i]
        spo.considered_at[i], spo.decision[i] = r + DAY, idx(SPO_DECISIONS, "apply")
        spo.applied_at[i], spo.interim_at[i] = applied, interim
        spo.granted_at[i], spo.refused_at[i] = granted, refused

    def no_support(self, i):
        """No risk assessment, SPO consideration, needs assessment or referral."""
        p = self.plan
        p.risk.first_tool[i], p.risk.first_at[i] = -1, NAT
        p.spo.has_row[i], p.spo.considered_at[i], p.spo.decision[i] = False, NAT, -1
        p.victims.needs_assessed_at[i] = p.victims.needs_row_at[i] = NAT
        p.victims.referral_count[i] = 0


def plant(plan: Plan, as_at: int, t0: int) -> Planter:
    """The situations the measures and tests need, each at least once."""
    pl = Planter(plan, 0, t0, as_at)
    for situations in (
        _classifications,
        _repeat_people,
        _window_limits,
        _oddities,
        _spo_pipeline,
        _daily_meeting,
        _delta_changes,
        _contract_v2,
    ):
        situations(pl)
    return pl


def _classifications(pl: Planter) -> None:
    """Reclassified harassment -> stalking; stalking hidden as an included
    classification; stalking reclassified away (no longer a stalking case)."""
    created, c = pl.plan.crimes.created_at, pl.plan.classifications
    i = pl.crime(pl.ago(120), code="8L")
    if i is not None:
        pl.reclassify(i, created[i] + 5 * DAY)
        pl.close(i, pl.ago(60))
    i = pl.crime(pl.ago(100), code="8R")
    if i is not None:
        c.included_code[i], c.included_at[i] = OC["8Q"], created[i]
        pl.found_stalking(i, created[i])
    i = pl.crime(pl.ago(90), code="8U")
    if i is not None:
        c.included_code[i], c.included_at[i] = OC["8/65"], created[i] + 3 * DAY
        pl.found_stalking(i, created[i] + 3 * DAY)
    i = pl.crime(pl.ago(80), group=HARASS, code="8Q")
    if i is not None:
        pl.reclassify(i, created[i] + 4 * DAY, to="8L")


def _repeat_people(pl: Planter) -> None:
    """Repeat suspects and victims: within the repeat window and just beyond; the
    same (suspect, victim) pair on two harassment crimes; an ex-partner harassment
    crime with no stalking classification."""
    ago = pl.ago
    for role, first, second in (
        ("suspect", ago(300), ago(100)),
        ("suspect", ago(500), ago(500) + REPEAT_WINDOW + HOUR),
        ("victim", ago(250), ago(150)),
        ("victim", ago(480), ago(480) + REPEAT_WINDOW + 2 * HOUR),
    ):
        i, j = pl.crime(first), pl.crime(second)
        if i is not None and j is not None:
            pl.share(i, j, role)
            pl.close(i, first + 40 * DAY)
    i, j = (
        pl.crime(ago(200), HARASS, "8L", "acquaintance"),
        pl.crime(ago(140), HARASS, "8L", "acquaintance"),
    )
    if i is not None and j is not None:
        pl.share(i, j, "suspect")
        pl.share(i, j, "victim")
    pl.crime(ago(60), HARASS, "8L", "ex_partner")


def _window_limits(pl: Planter) -> None:
    """Events exactly at a window's limit and one second (a minute) past it."""
    p = pl.plan
    r = p.crimes.reported_at
    for k, extra in enumerate((0, 1)):
        i = pl.crime(pl.ago(50 - k))
        if i is not None:
            p.risk.first_at[i] = r[i] + RISK_ASSESSMENT_WINDOW + extra
        i = pl.crime(pl.ago(48 - k))
        if i is not None:
            p.spo.considered_at[i] = r[i] + SPO_WINDOW + extra
        i = pl.crime(pl.ago(46 - k))  # v2
        if i is not None:
            p.victims.needs_assessed_at[i] = p.victims.needs_row_at[i] = r[i] + NEEDS_WINDOW + extra
        i = pl.crime(pl.ago(38 - k), group=HARASS, code="8L", rel="acquaintance")  # v2
        if i is not None:
            p.screening.first_at[i] = r[i] + SCREENING_WINDOW + extra
        i = pl.crime(pl.ago(44 - k), code="8L")
        if i is not None:
            p.crimes.created_at[i] = p.crimes.recorded_at[i] = r[i] + HOUR
            pl.reclassify(i, r[i] + RECOGNITION_WINDOW + extra)
        i = pl.crime(pl.ago(42 - k), risk="high")
        if i is not None:
            pl.arrest(i, r[i] + ARREST_WINDOW + 60 * extra)


def _oddities(pl: Planter) -> None:
    """Implausible but loadable: an SPO considered an hour before the report; an
    outcome before the crime was recorded. A cancelled stalking crime; an s.18
    search where the only stalking offence is summary (s.2A); one under s.4A."""
    p = pl.plan
    r = p.crimes.reported_at
    i = pl.crime(pl.ago(40))
    if i is not None:
        p.spo.considered_at[i] = r[i] - HOUR
    i = pl.crime(pl.ago(210), group=HARASS, code="8L", rel="work")
    if i is not None:
        pl.close(i, r[i] + 10 * DAY, outcome=SUPPORTS)
        p.crimes.recorded_at[i] = r[i] + 12 * DAY
    i = pl.crime(pl.ago(70))
    if i is not None:
        p.investigation.cancelled_at[i] = p.crimes.created_at[i] + 2 * DAY
    i = pl.crime(pl.ago(65), code=SUMMARY_STALKING)
    if i is not None:
        pl.arrest(i, r[i] + 5 * HOUR, search="s18")
        pl.close(i, pl.ago(20), outcome=NO_SUPPORT)
    i = pl.crime(pl.ago(64), code=INDICTABLE_STALKING)
    if i is not None:
        pl.arrest(i, r[i] + 4 * HOUR, search="s18")


def _spo_pipeline(pl: Planter) -> None:
    """The SPO pipeline end to end: an application granted (interim, then full
    order) and one refused."""
    for days, granted in ((150, True), (130, False)):
        i = pl.crime(pl.ago(days), risk="high")
        if i is not None:
            r = pl.plan.crimes.reported_at[i]
            if granted:
                pl.apply_for_spo(i, r + 4 * DAY, interim=r + 7 * DAY, granted=r + 60 * DAY)
            else:
                pl.apply_for_spo(i, r + 4 * DAY, refused=r + 60 * DAY)
            pl.arrest(i, r + 6 * HOUR)


def _daily_meeting(pl: Planter) -> None:
    """Open stalking cases that trip every daily-meeting flag."""
    p, ago = pl.plan, pl.ago
    pl.crime(pl.t_hi - 5 * HOUR)  # new
    # High risk, no RA, no SPO, no VNA, no referral, no arrest, no protection,
    # with a response team.
    i = pl.crime(ago(12), risk="high")
    if i is not None:
        pl.no_support(i)
        p.risk.first_unit[i] = idx(ALLOCATED_UNITS, "response")
    i = pl.crime(ago(20), risk="medium")
    if i is not None:
        p.risk.first_unit[i] = idx(ALLOCATED_UNITS, "neighbourhood")
    i, j = pl.crime(ago(200)), pl.crime(ago(15))  # repeat suspect
    if i is not None and j is not None:
        pl.share(i, j, "suspect")
        pl.close(i, ago(150))
    # A recent breach of an interim SPO, reported a day before as-at: the breach
    # is still recent at the delta five days later.
    x, y = pl.crime(ago(40), risk="high"), pl.crime(ago(1), group=BREACH, code="BRSPO")
    if x is not None and y is not None:
        r = p.crimes.reported_at[x]
        pl.apply_for_spo(x, r + 3 * DAY, interim=r + 8 * DAY, granted=pl.t_hi + 40 * DAY)
        pl.arrest(x, r + 10 * HOUR)
        p.crimes.breached_at[y] = p.crimes.reported_at[y] - 3 * HOUR
        pl.breaches.append((y, x, "interim"))


def _delta_changes(pl: Planter) -> None:
    """Changes that fall in the delta span (as_at, as_at + 5 days]."""
    p, a = pl.plan, pl.t_hi
    i = pl.crime(pl.ago(4), code="8L")  # reclassified to stalking
    if i is not None:
        p.spo.has_row[i], p.spo.considered_at[i], p.spo.decision[i] = False, NAT, -1
        pl.reclassify(i, a + DAY)
    i = pl.crime(pl.ago(6))  # SPO considered
    if i is not None:
        p.spo.considered_at[i] = a + 2 * DAY
    i = pl.crime(pl.ago(25), group=HARASS, code="8L", rel="acquaintance")  # closed
    if i is not None:
        pl.close(i, a + 36 * HOUR)
    i = pl.crime(pl.ago(3))  # first referral
    if i is not None:
        p.victims.referred_at[i, 0] = a + DAY
    i = pl.crime(pl.ago(30))  # SPO granted: a new order
    if i is not None:
        r = p.crimes.reported_at[i]
        pl.apply_for_spo(i, r + 5 * DAY, granted=a + 3 * DAY)


def _working_day(day: int) -> bool:
    """A day (since 1970-01-01, a Thursday) is Monday to Friday and not a bank holiday."""
    return (day + 3) % 7 < 5 and day not in BANK_HOLIDAYS


def _nth_working_day_after(day: int, n: int) -> int:
    """The n-th working day after `day` (the referral window's last day when n is it)."""
    while n > 0:
        day += 1
        n -= _working_day(day)
    return day


def _contract_v2(pl: Planter) -> None:
    """Contract v2's situations: a breach crime not screened (daily meeting: not_screened);
    an order against an open case's suspect expiring within the warning; a victim who
    declined support (and is not referred); referrals counted in working days: a Friday
    report referred on the Tuesday (the window's last day) and on the Wednesday (one
    working day past it), and the same across a bank holiday Monday; a high-risk case
    with no panel; an s.18 search where the only stalking offence is 8Q (indictability
    unknown: not counted as summary only)."""
    p, ago, A = pl.plan, pl.ago, pl.t_hi
    r = p.crimes.reported_at
    i = pl.crime(ago(3), group=BREACH, code="BRNMO", risk="medium")
    if i is not None:
        p.screening.first_at[i], p.screening.first_outcome[i] = NAT, -1
    i = pl.crime(ago(32), risk="high")
    if i is not None:
        midnight = (A // DAY) * DAY
        expires = midnight + ORDER_EXPIRY_WARNING - 14 * DAY
        pl.orders.append((i, "restraining_order", midnight - 400 * DAY + 11 * HOUR, expires))
        p.panels.panel[i], p.panels.referred_at[i] = idx(PANELS, "marac"), r[i] + 2 * DAY
    i = pl.crime(ago(33))
    if i is not None:
        p.victims.support_declined[i], p.victims.referral_count[i] = 1, 0
    pl.crime(ago(27), risk="high")  # high risk, no panel
    i = pl.crime(ago(63), code="8Q")
    if i is not None:
        pl.arrest(i, r[i] + 5 * HOUR, search="s18")

    # Referrals in working days: Fridays whose next Monday to Wednesday are working days,
    # and the latest bank holiday Monday whose Tuesday to Thursday are.
    friday = (ago(35) // DAY) - ((ago(35) // DAY + 3) % 7 - 4) % 7
    fridays = []
    while len(fridays) < 2:
        if all(_working_day(friday + k) for k in (3, 4, 5)):
            fridays.append(friday)
        friday -= 7
    holiday_mondays = [
        d
        for d in BANK_HOLIDAYS
        if (d + 3) % 7 == 0
        and pl.t_lo // DAY + 10 < d - 3 < ago(10) // DAY
        and all(_working_day(d + k) for k in (1, 2, 3))
    ]
    reports = [(fridays[0], 0), (fridays[1], 1)]
    if holiday_mondays:
        reports += [(holiday_mondays[-1] - 3, 0), (holiday_mondays[-1] - 3, 1)]
    for k, (day, past) in enumerate(reports):
        i = pl.crime(day * DAY + 15 * HOUR + k * 7 * MIN)
        if i is not None:
            last = _nth_working_day_after(day, REFERRAL_WORKING_DAYS + past)
            p.victims.referred_at[i, 0] = last * DAY + 11 * HOUR
            p.victims.referral_outcome_at[i, 0] = last * DAY + 3 * DAY
            p.victims.needs_assessed_at[i] = p.victims.needs_row_at[i] = r[i] + 2 * HOUR
