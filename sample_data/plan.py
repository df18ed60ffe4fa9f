"""The plan: every fact of every crime's life, as numpy arrays, grouped by subject.

Conventions for the fields below:

- *moment*: int64 seconds since 1970-01-01, UK local wall-clock time; NAT (the
  smallest int64) means "never happens". Moments run past the as-at moment: the
  snapshot (write.py) blanks what has not happened yet.
- *position*: an index into a vocabulary (a pipelines.contract tuple, or the
  reference's offence codes for a code); -1 means blank.
- *flag3*: int8, 1 true, 0 false, -1 blank (not recorded).
- *person*: int64 person number (basics.SECOND_PERSON ...), shown as a pseudonym.

Per-crime parts have one row per crime, in report order within each drawn part.
Victim and suspect parts have two rows per crime: rows [0, n) are the first
victim / suspect of each crime, rows [n, 2n) a possible second one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta

import numpy as np

from sample_data.basics import HOUR, epoch


def moment():
    """A field holding moments: kept out of the hour the clocks skip (fix_local_times)."""
    return field(metadata={"local_time": True})


@dataclass
class CrimePlan:
    """The crime record (crimes table) and its reference number."""

    reported_at: np.ndarray = moment()  # moment reported
    created_at: np.ndarray = moment()  # moment the record appeared on the system (row exists)
    recorded_at: np.ndarray = moment()  # moment recorded as a crime; NAT: never recorded
    offence_to_days: np.ndarray  # int64 days before the report day the offence ended; -1 blank
    offence_from_days: np.ndarray  # int64 days before the report day it began; -1 blank
    lsoa: np.ndarray  # int64 position in Geography.lsoa (its district and neighbourhood follow)
    lsoa_blank: np.ndarray  # bool: LSOA not recorded
    coordinates_blank: np.ndarray  # bool: latitude and longitude not recorded
    neighbourhood_blank: np.ndarray  # bool: neighbourhood not recorded
    latitude: np.ndarray  # float64 degrees, 5 decimals (LSOA centroid plus up to 300 m)
    longitude: np.ndarray  # float64 degrees, 5 decimals
    relationship: np.ndarray  # int8 position in RELATIONSHIPS (suspect to victim)
    group: np.ndarray  # int8 plan group of the crime's final state (reference.GROUPS position)
    domestic_abuse: np.ndarray  # flag3
    online_element: np.ndarray  # flag3
    breached_at: np.ndarray = moment()  # breach crimes: moment the order was breached; else NAT
    breach_date_blank: np.ndarray  # bool: the breach's moment not recorded
    ref_seq: np.ndarray  # int64 NNNNNN of the reference 42/NNNNNN/YY; -1 until assign_refs
    ref_year: np.ndarray  # int64 YY of the reference (year of creation); -1 until assign_refs
    # v2 (casework.py): the officer in charge, a row of the force's staff (force.py).
    officer: np.ndarray  # int64 staff row of the officer given the first allocation; -1 blank
    later_officer: np.ndarray  # int64 staff row of the officer given the later allocation; -1


@dataclass
class ClassificationPlan:
    """Up to four classifications per crime (classifications table)."""

    first_code: np.ndarray  # int8 position in OFFENCE_CODES: principal from creation
    first_removed_at: np.ndarray = moment()  # moment the first principal was reclassified; NAT
    second_code: np.ndarray  # int8 position: principal after the reclassification; -1 none
    second_at: np.ndarray = moment()  # moment of the second principal; NAT none
    included_code: np.ndarray  # int8 position: an included stalking classification; -1 none
    included_at: np.ndarray = moment()  # moment it was added; NAT none
    included_removed_at: np.ndarray = moment()  # moment it was removed; NAT never
    other_code: np.ndarray  # int8 position: an included other offence; -1 none
    other_at: np.ndarray = moment()  # moment it was added; NAT none
    stalking_at: np.ndarray  # moment the crime became stalking (drawing only); NAT never


@dataclass
class RiskPlan:
    """The crime's risk level and allocation (crimes) and its assessments (risk_assessments)."""

    record_level: np.ndarray  # int8 position in RISK_LEVELS on the crime from the start
    raised_level: np.ndarray  # int8 position: the level after an escalation (else record_level)
    raised_at: np.ndarray = moment()  # moment the crime's level became raised_level; NAT never
    first_tool: np.ndarray  # int8 position in RISK_TOOLS of the first assessment; -1 none
    first_at: np.ndarray = moment()  # moment the first assessment was completed; NAT none
    first_level: np.ndarray  # int8 position in RISK_LEVELS it found; -1 blank
    second_tool: np.ndarray  # int8 position of a second assessment; -1 none
    second_at: np.ndarray = moment()  # moment the second was completed; NAT none
    second_level: np.ndarray  # int8 position in RISK_LEVELS it found
    first_unit: np.ndarray  # int8 position in ALLOCATED_UNITS first allocated; -1 blank
    first_allocated_at: np.ndarray = moment()  # moment of that allocation; NAT none
    later_unit: np.ndarray  # int8 position of a later allocation; -1 none
    later_allocated_at: np.ndarray = moment()  # moment of the later allocation; NAT none


@dataclass
class InvestigationPlan:
    """Who is involved and how the crime ends (crimes' status and outcome)."""

    has_suspect: np.ndarray  # bool: a suspect is identified (a suspects row)
    second_victim: np.ndarray  # bool: the crime has a second victim row
    second_suspect: np.ndarray  # bool: the crime has a second suspect row
    cancelled_at: np.ndarray = moment()  # moment the crime was cancelled; NAT never
    outcome_code: np.ndarray  # int16 Home Office outcome number; 0 none
    outcome_at: np.ndarray = moment()  # moment of the outcome (crime closed); NAT never


@dataclass
class SpoPlan:
    """The Stalking Protection Order pipeline, for the first suspect (spo table)."""

    has_row: np.ndarray  # bool: the crime has an SPO row
    row_at: np.ndarray = moment()  # moment a row with no consideration moment appears; NAT
    considered_at: np.ndarray = moment()  # moment an SPO was considered; NAT blank
    decision: np.ndarray  # int8 position in SPO_DECISIONS; -1 blank
    applied_at: np.ndarray = moment()  # moment the application was made; NAT none
    interim_at: np.ndarray = moment()  # moment an interim SPO was granted; NAT none
    granted_at: np.ndarray = moment()  # moment the full SPO was granted; NAT none
    refused_at: np.ndarray = moment()  # moment the application was refused; NAT none
    interim_order: np.ndarray  # int64 order number of the interim SPO; -1 none (make_orders)
    full_order: np.ndarray  # int64 order number of the full SPO; -1 none (make_orders)


@dataclass
class OnlinePlan:
    """Online methods (online_methods table): up to three per crime."""

    count: np.ndarray  # int8 number of methods, 0-3
    method: np.ndarray  # int8 (n, 3) distinct positions in ONLINE_METHODS
    platform: np.ndarray  # int8 (n, 3) positions in draw.PLATFORMS; -1 blank


@dataclass
class VictimPlan:
    """Victims, their needs assessments and referrals: two rows per crime."""

    person: np.ndarray  # person of the victim; -1 until link_people
    vulnerable: np.ndarray  # flag3
    age_blank: np.ndarray  # bool: age band not recorded on this crime
    sex_blank: np.ndarray  # bool: sex not recorded on this crime
    needs_assessed_at: np.ndarray = moment()  # moment the needs assessment was completed; NAT
    needs_row_at: np.ndarray = moment()  # moment the needs-assessment row appears; NAT none
    rights_explained: np.ndarray  # flag3
    enhanced_rights: np.ndarray  # flag3
    referral_count: np.ndarray  # int8 referrals, 0-3 (the first count columns below are used)
    referral_service: np.ndarray  # int8 (m, 3) distinct positions in SERVICES
    referred_at: np.ndarray = moment()  # (m, 3) moments of the referrals
    referral_outcome: np.ndarray  # int8 (m, 3) position in REFERRAL_OUTCOMES; -1 blank
    referral_outcome_at: np.ndarray = moment()  # (m, 3) moments the outcome is known; NAT
    vps_offered_at: np.ndarray = moment()  # moment a personal statement was offered; NAT never
    vps_taken_at: np.ndarray = moment()  # moment it was taken; NAT never
    # v2 (casework.py)
    rights_channel: np.ndarray  # int8 position in RIGHTS_CHANNELS the rights were given by; -1
    support_declined: np.ndarray  # flag3: the victim declined referral to support services
    surveyed_at: np.ndarray = moment()  # moment of a satisfaction survey; NAT none
    satisfaction: np.ndarray  # int8 position in SATISFACTION; -1 blank


@dataclass
class SuspectPlan:
    """Suspects: two rows per crime."""

    person: np.ndarray  # person of the suspect; -1 until link_people
    age_blank: np.ndarray  # bool: age band not recorded on this crime
    sex_blank: np.ndarray  # bool: sex not recorded on this crime
    arrested_at: np.ndarray = moment()  # moment of arrest; NAT never
    interview: np.ndarray  # int8 position in INTERVIEWS; -1 blank
    interview_at: np.ndarray = moment()  # moment the interview becomes known
    search_if_indictable: np.ndarray  # int8 SEARCH_POWERS position on arrest, indictable crime
    search_otherwise: np.ndarray  # int8 SEARCH_POWERS position on arrest, otherwise
    search_blank: np.ndarray  # bool: search power not recorded
    mappa_level: np.ndarray  # int8 position in MAPPA_LEVELS; -1 blank
    charged_at: np.ndarray = moment()  # moment charged; NAT never


@dataclass
class ScreeningPlan:
    """v2: supervisors' screening of a course-of-conduct crime for hidden stalking
    (screenings table): up to two per crime (casework.py)."""

    first_at: np.ndarray = moment()  # moment of the first screening; NAT none
    first_outcome: np.ndarray  # int8 position in SCREENING_OUTCOMES; -1 blank
    second_at: np.ndarray = moment()  # moment of a second screening (after further enquiry); NAT
    second_outcome: np.ndarray  # int8 position in SCREENING_OUTCOMES; -1 blank


@dataclass
class PanelPlan:
    """v2: a multi-agency panel referral (panels table): at most one per crime."""

    panel: np.ndarray  # int8 position in PANELS; -1 none
    referred_at: np.ndarray = moment()  # moment referred; NAT none
    heard_at: np.ndarray = moment()  # moment the panel heard the case; NAT not (yet) recorded


@dataclass
class ComplaintPlan:
    """v2: a complaint about the handling of the crime (complaints table): at most one."""

    received_at: np.ndarray = moment()  # moment received; NAT no complaint
    decided_at: np.ndarray = moment()  # moment it was decided upheld or not; NAT never
    upheld: np.ndarray  # flag3 (known from decided_at)


@dataclass
class Plan:
    crimes: CrimePlan
    classifications: ClassificationPlan
    risk: RiskPlan
    investigation: InvestigationPlan
    spo: SpoPlan
    online: OnlinePlan
    victims: VictimPlan
    suspects: SuspectPlan
    screening: ScreeningPlan
    panels: PanelPlan
    complaints: ComplaintPlan

    @property
    def n(self) -> int:
        """Number of crimes."""
        return len(self.crimes.reported_at)

    def crime_parts(self) -> tuple:
        return (
            self.crimes,
            self.classifications,
            self.risk,
            self.investigation,
            self.spo,
            self.online,
            self.screening,
            self.panels,
            self.complaints,
        )

    def person_parts(self) -> tuple:
        return (self.victims, self.suspects)

    def parts(self) -> dict:
        """Every part by its field name."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass
class OrderPlan:
    """Protective orders (orders table), in order of their number."""

    number: np.ndarray  # int64 order number (ORD-NNNNNN)
    order_type: np.ndarray  # int64 position in ORDER_TYPES
    granted_at: np.ndarray  # moment granted (the row exists from then)
    expires_at: np.ndarray  # moment it expires (midnight); NAT until further order
    suspect: np.ndarray  # person the order is against
    victim: np.ndarray  # person it protects
    origin_crime: np.ndarray  # int64 crime (plan row) it came from; -1 none here
    spo_link: np.ndarray  # int64 1 the origin's interim SPO, 2 its full SPO, 0 neither


@dataclass
class BreachPlan:
    """Breaches (breaches table): one per breach crime."""

    crime: np.ndarray  # int64 plan row of the breach crime
    order_number: np.ndarray  # int64 number of the order breached


def assign(part, i: int, **values) -> None:
    """Row i of a plan part takes the given values."""
    for name, value in values.items():
        getattr(part, name)[i] = value


def stacked(x, y):
    """Rows of y after rows of x, field by field (two parts of one dataclass)."""
    return type(x)(
        **{f.name: np.concatenate([getattr(x, f.name), getattr(y, f.name)]) for f in fields(x)}
    )


def concat(a: Plan, b: Plan) -> Plan:
    """The plan of two parts as one (victim and suspect rows keep their layout)."""

    def person_part(x, y):
        out = {}
        for f in fields(x):
            xx, yy = getattr(x, f.name), getattr(y, f.name)
            hx, hy = len(xx) // 2, len(yy) // 2
            out[f.name] = np.concatenate([xx[:hx], yy[:hy], xx[hx:], yy[hy:]])
        return type(x)(**out)

    people = ("victims", "suspects")
    pa, pb = a.parts(), b.parts()
    return Plan(
        **{name: (person_part if name in people else stacked)(pa[name], pb[name]) for name in pa}
    )


def _local_time_fields(part) -> list[str]:
    return [f.name for f in fields(part) if f.metadata.get("local_time")]


def fix_local_times(plan: Plan, start: int, t0: int, t1: int) -> None:
    """No moment in the hour the clocks skip in spring (UK local time), for the
    crimes from `start` on."""
    year = lambda t: (datetime(1970, 1, 1) + timedelta(seconds=int(t))).year  # noqa: E731
    years = range(year(t0) - 1, year(t1) + 4)

    def fix(t):
        for y in years:
            d = date(y, 3, 31)
            d -= timedelta(days=(d.weekday() + 1) % 7)
            g = epoch(datetime(d.year, d.month, d.day, 1))
            t = np.where((t >= g) & (t < g + HOUR), g + HOUR, t)
        return t

    n = plan.n
    for part in plan.crime_parts():
        for name in _local_time_fields(part):
            values = getattr(part, name)
            values[start:] = fix(values[start:])
    for part in plan.person_parts():
        for name in _local_time_fields(part):
            values = getattr(part, name)
            for rows in (slice(start, n), slice(n + start, 2 * n)):
                values[rows] = fix(values[rows])
