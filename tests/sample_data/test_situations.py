"""Every situation the measures need, every daily-meeting flag and every change a delta must
carry occur in the generated worlds (read as a loader would: DuckDB over the files)."""

from __future__ import annotations

import pytest

from tests.sample_data.conftest import AS_AT, one

STALK = "('8Q', '195/12', '8/65', '8/66')"
DAY = 86400
SITUATIONS = {
    "reclassified harassment -> stalking": """
        with firstp as (select crime_ref, arg_min(offence_code, classified_at) code,
                               arg_min(removed_at, classified_at) removed
                        from x.classifications where is_principal group by crime_ref)
        select count(*) from firstp f join x.cls c using (crime_ref)
        where f.code = '8L' and f.removed is not null and c.is_principal and c.current and c.grp = 'stalking'""",
    "stalking hidden as an included classification": """
        select count(*) from x.cls p join x.cls i using (crime_ref)
        where p.is_principal and p.current and p.offence_code in ('8R', '8U')
          and not i.is_principal and i.current and i.grp = 'stalking'""",
    "stalking classification removed": """
        select count(distinct crime_ref) from x.cls where grp = 'stalking' and not current
          and crime_ref not in (select crime_ref from x.cls where grp = 'stalking' and current)""",
    "repeat suspect within 365 days": """
        with c as (select suspect_id, crime_ref, reported_at from x.suspects join x.cases using (crime_ref))
        select count(*) from c a join c b using (suspect_id)
        where epoch(b.reported_at) - epoch(a.reported_at) between 1 and 365 * 86400""",
    "repeat suspect just beyond 365 days": """
        with c as (select suspect_id, crime_ref, reported_at from x.suspects join x.cases using (crime_ref))
        select count(*) from c a join c b using (suspect_id)
        where epoch(b.reported_at) - epoch(a.reported_at) between 365 * 86400 + 1 and 372 * 86400""",
    "repeat victim within 365 days": """
        with c as (select victim_id, crime_ref, reported_at from x.victims join x.cases using (crime_ref))
        select count(*) from c a join c b using (victim_id)
        where epoch(b.reported_at) - epoch(a.reported_at) between 1 and 365 * 86400""",
    "repeat victim just beyond 365 days": """
        with c as (select victim_id, crime_ref, reported_at from x.victims join x.cases using (crime_ref))
        select count(*) from c a join c b using (victim_id)
        where epoch(b.reported_at) - epoch(a.reported_at) between 365 * 86400 + 1 and 372 * 86400""",
    "same suspect and victim on two harassment crimes": """
        with h as (select crime_ref, reported_at from x.crimes where status <> 'cancelled'
                     and crime_ref in (select crime_ref from x.cls where current and grp = 'harassment')
                     and crime_ref not in (select crime_ref from x.cls where current and grp = 'stalking')),
             pr as (select suspect_id, victim_id, h.* from h join x.suspects using (crime_ref)
                    join x.victims using (crime_ref))
        select count(*) from pr a join pr b using (suspect_id, victim_id)
        where epoch(b.reported_at) - epoch(a.reported_at) between 1 and 365 * 86400""",
    "ex-partner harassment without stalking": """
        select count(*) from x.crimes where relationship = 'ex_partner' and status <> 'cancelled'
          and crime_ref in (select crime_ref from x.cls where current and grp = 'harassment')
          and crime_ref not in (select crime_ref from x.cls where current and grp = 'stalking')""",
    "breach crime against an order of its suspect": """
        select count(*) from x.breaches b join x.orders o using (order_id)
        join x.suspects s on s.crime_ref = b.crime_ref and s.suspect_id = o.suspect_id
        where b.crime_ref in (select crime_ref from x.cls where current and grp = 'breach_of_order')""",
    "cancelled crime": "select count(*) from x.crimes where status = 'cancelled'",
    "SPO considered before the report": """
        select count(*) from x.spo join x.crimes using (crime_ref) where considered_at < reported_at""",
    "outcome before recording": """
        select count(*) from x.crimes where outcome_at < recorded_at""",
    "s18 search where the only stalking offence is s.2A (195/12)": """
        select count(*) from x.suspects s where search_power = 's18'
          and crime_ref in (select crime_ref from x.cls where current and offence_code = '195/12')
          and crime_ref not in (select crime_ref from x.cls where current and (indictable or
                                (grp = 'stalking' and offence_code <> '195/12')))""",
    "s18 search with an indictable stalking offence": """
        select count(*) from x.suspects s where search_power = 's18'
          and crime_ref in (select crime_ref from x.cls where current and offence_code in ('8/65', '8/66'))""",
    "SPO applied and granted, order linked": """
        select count(*) from x.spo join x.orders using (order_id)
        where order_type in ('spo', 'interim_spo') and spo.suspect_id = orders.suspect_id""",
    "SPO refused": "select count(*) from x.spo where refused_at is not null",
}
for _lag, _name in ((0, "at"), (1, "one second past")):
    SITUATIONS[f"risk assessment {_name} 24 h"] = f"""
        select count(*) from (select crime_ref, min(completed_at) t from x.risk_assessments group by 1)
        join x.cases using (crime_ref) where epoch(t) - epoch(reported_at) = {DAY + _lag}"""
    SITUATIONS[f"SPO considered {_name} 7 days"] = f"""
        select count(*) from x.spo join x.cases using (crime_ref)
        where epoch(considered_at) - epoch(reported_at) = {7 * DAY + _lag}"""
    SITUATIONS[f"needs assessment {_name} 24 h (v2)"] = f"""
        select count(*) from x.needs_assessments join x.cases using (crime_ref)
        where epoch(completed_at) - epoch(reported_at) = {DAY + _lag}"""
    SITUATIONS[f"earliest screening {_name} 24 h (v2)"] = f"""
        select count(*) from (select crime_ref, min(screened_at) t from x.screenings group by 1)
        join x.crimes using (crime_ref) where epoch(t) - epoch(reported_at) = {DAY + _lag}"""
    SITUATIONS[f"earliest stalking classification {_name} 1 day"] = f"""
        select count(*) from (select crime_ref, min(classified_at) t from x.cls where grp = 'stalking' group by 1)
        join x.cases using (crime_ref) where epoch(t) - epoch(reported_at) = {DAY + _lag}"""
    SITUATIONS[f"high-risk arrest {_name} 24 h"] = f"""
        select count(*) from (select crime_ref, min(arrested_at) t from x.suspects group by 1)
        join x.cases using (crime_ref) where risk_level = 'high'
          and epoch(t) - epoch(reported_at) = {DAY + 60 * _lag}"""

# v2: referrals counted in working days (Monday to Friday, not a bank holiday; the
# conftest's working_days macro counts the dates after the report's up to the referral's).
EARLIEST_REFERRAL = """(select crime_ref, victim_id, min(referred_at) t from x.referrals group by all)
    join x.cases using (crime_ref)"""
HOLIDAY_BETWEEN = (
    "exists (select 1 from hol where holiday_on > reported_at::date and holiday_on <= t::date)"
)
SITUATIONS |= {
    # Friday 13 Nov 2026 -> Tuesday 17 Nov: Monday and Tuesday, 2 working days (within).
    "Friday report referred on the Tuesday: 2 working days": f"""
        select count(*) from {EARLIEST_REFERRAL} where isodow(reported_at) = 5 and isodow(t) = 2
          and t::date - reported_at::date = 4 and working_days(reported_at, t) = 2""",
    # Friday -> Wednesday: Monday, Tuesday, Wednesday, 3 working days (one past).
    "Friday report referred on the Wednesday: 3 working days": f"""
        select count(*) from {EARLIEST_REFERRAL} where isodow(reported_at) = 5 and isodow(t) = 3
          and t::date - reported_at::date = 5 and not {HOLIDAY_BETWEEN}
          and working_days(reported_at, t) = 3""",
    # Friday 28 Aug 2026 -> Wednesday 2 Sep, Monday 31 Aug a bank holiday: 2 working days.
    "referral across a bank holiday: 2 working days in 5 calendar days": f"""
        select count(*) from {EARLIEST_REFERRAL} where {HOLIDAY_BETWEEN}
          and t::date - reported_at::date = 5 and working_days(reported_at, t) = 2""",
    "referral across a bank holiday: 3 working days": f"""
        select count(*) from {EARLIEST_REFERRAL} where {HOLIDAY_BETWEEN}
          and working_days(reported_at, t) = 3""",
    "victim who declined support and was not referred": """
        select count(*) from x.needs_assessments n join x.cases using (crime_ref)
        where support_declined and (crime_ref, victim_id) not in
              (select (crime_ref, victim_id) from x.referrals)""",
    "victim who declined support but was referred": """
        select count(*) from x.needs_assessments n join x.referrals r using (crime_ref, victim_id)
        where support_declined""",
    "high-risk stalking case without a panel": """
        select count(*) from x.cases where risk_level = 'high'
          and crime_ref not in (select crime_ref from x.panels)""",
    "high-risk stalking case with a panel": """
        select count(*) from x.cases where risk_level = 'high'
          and crime_ref in (select crime_ref from x.panels)""",
    "s18 search where the only classification is 8Q (indictability unknown)": """
        select count(*) from x.suspects where search_power = 's18'
          and crime_ref in (select crime_ref from x.cls where current group by 1
                            having bool_and(offence_code = '8Q'))""",
    "screening found stalking, crime now stalking": """
        select count(*) from x.screenings where outcome = 'stalking_identified'
          and crime_ref in (select crime_ref from x.cases)""",
    "screening found no stalking": "select count(*) from x.screenings where outcome = 'not_stalking'",
    "screening sent for further enquiry": """
        select count(*) from x.screenings where outcome = 'further_enquiry'""",
    "complaint upheld": "select count(*) from x.complaints where upheld",
    "complaint not upheld": "select count(*) from x.complaints where not upheld",
    "victim dissatisfied": """
        select count(*) from x.feedback where satisfaction in ('fairly_dissatisfied', 'very_dissatisfied')""",
    "training of the old course or before the valid-from date": """
        select count(*) filter (where course <> 'STALK-EL-2024')
               * count(*) filter (where course = 'STALK-EL-2024' and completed_at < date '2024-09-01')
        from x.training""",
    "action overdue": f"""
        select count(*) from x.actions where status <> 'complete' and due_on < date '{AS_AT[:10]}'""",
}

# Daily management meeting flags (spec/measures.md), on open stalking cases.
OPEN = "(select * from x.cases where status = 'open') c"
NOW = f"timestamp '{AS_AT}'"
FLAGS = {
    "new": f"select count(*) from {OPEN} where reported_at > {NOW} - interval 24 hours",
    "high_risk": f"select count(*) from {OPEN} where risk_level = 'high'",
    "recent_breach": f"""
        select count(*) from {OPEN} join x.suspects s using (crime_ref) join x.orders o using (suspect_id)
        join x.breaches b using (order_id) where b.breached_at > {NOW} - interval 7 days""",
    "no_risk_assessment": f"""select count(*) from {OPEN} where reported_at < {NOW} - interval 24 hours
        and crime_ref not in (select crime_ref from x.risk_assessments)""",
    "spo_not_considered": f"""select count(*) from {OPEN} where reported_at < {NOW} - interval 7 days
        and crime_ref not in (select crime_ref from x.spo where considered_at is not null)""",
    "vna_missing": f"""select count(*) from {OPEN} join x.victims v using (crime_ref)
        where reported_at < {NOW} - interval 2 days and (crime_ref, victim_id) not in
        (select (crime_ref, victim_id) from x.needs_assessments where completed_at is not null)""",
    "no_referral": f"""select count(*) from {OPEN} join x.victims v using (crime_ref)
        where reported_at < {NOW} - interval 2 days
          and (crime_ref, victim_id) not in (select (crime_ref, victim_id) from x.referrals)""",
    "high_risk_no_arrest": f"""select count(*) from {OPEN} where risk_level = 'high'
        and reported_at < {NOW} - interval 24 hours
        and crime_ref in (select crime_ref from x.suspects group by 1 having count(arrested_at) = 0)""",
    "no_protection": f"""select count(*) from {OPEN} join x.suspects s using (crime_ref)
        where risk_level = 'high' and mappa_level = 'none'
          and suspect_id not in (select suspect_id from x.orders
                                 where granted_at <= {NOW} and (expires_at is null or expires_at > {NOW}))""",
    "allocation_mismatch": f"""select count(*) from {OPEN}
        where risk_level in ('medium', 'high') and allocated_unit in ('response', 'neighbourhood')""",
    # v2, on an open breach-of-order crime: no stalking classification ever, no screening.
    "not_screened": f"""select count(*) from x.crimes where status = 'open'
        and reported_at < {NOW} - interval 24 hours
        and crime_ref in (select crime_ref from x.cls where current and grp = 'breach_of_order')
        and crime_ref not in (select crime_ref from x.cls where grp = 'stalking')
        and crime_ref not in (select crime_ref from x.screenings)""",
    "order_expiring": f"""select count(*) from {OPEN} join x.suspects s using (crime_ref)
        join x.orders o using (suspect_id)
        where o.granted_at <= {NOW} and o.expires_at > {NOW}
          and o.expires_at <= {NOW} + interval 28 days""",
    "repeat_suspect": f"""select count(*) from {OPEN} join x.suspects s using (crime_ref)
        join x.suspects o on o.suspect_id = s.suspect_id and o.crime_ref <> s.crime_ref
        join x.cases oc on oc.crime_ref = o.crime_ref
        where oc.reported_at > {NOW} - interval 365 days""",
}


@pytest.mark.parametrize("name", SITUATIONS)
def test_situation_occurs(any_db, name):
    assert one(any_db, SITUATIONS[name]) >= 1, name


@pytest.mark.parametrize("flag", FLAGS)
def test_daily_meeting_flag_occurs(any_db, flag):
    assert one(any_db, FLAGS[flag]) >= 1, flag


DELTA_CHANGES = {
    "new crime": "select count(*) from d.crimes where crime_ref not in (select crime_ref from x.crimes)",
    "reclassified harassment -> stalking": """
        select count(*) from d.classifications d join x.classifications x using (crime_ref, offence_code, classified_at)
        where x.offence_code = '8L' and x.removed_at is null and d.removed_at is not null
          and crime_ref in (select crime_ref from d.classifications where offence_code in ('8Q', '195/12', '8/65', '8/66')
                            and removed_at is null and is_principal)""",
    "SPO considered": """
        select count(*) from d.spo where considered_at > timestamp '2026-11-16 06:00:00'""",
    "closed with an outcome": """
        select count(*) from d.crimes d join x.crimes x using (crime_ref)
        where x.status = 'open' and d.status = 'closed' and d.outcome_code is not null""",
    "new referral": """
        select count(*) from d.referrals where referred_at > timestamp '2026-11-16 06:00:00'
          and crime_ref in (select crime_ref from x.crimes)""",
    "new order": "select count(*) from d.orders where order_id not in (select order_id from x.orders)",
    "new breach": "select count(*) from d.breaches where crime_ref not in (select crime_ref from x.crimes)",
    "new screening (v2)": """
        select count(*) from d.screenings where screened_at > timestamp '2026-11-16 06:00:00'""",
    # The register supplied in full (a load that supplies actions replaces it) with one
    # action completed in the span.
    "action plan in full, an action completed (v2)": """
        select ((select count(*) from d.actions) = (select count(*) from x.actions))::int
               * (select count(*) from d.actions d join x.actions x using (action_ref)
                  where x.status <> 'complete' and d.status = 'complete')""",
}


@pytest.mark.parametrize("name", DELTA_CHANGES)
def test_delta_change_occurs(db, name):
    assert one(db, DELTA_CHANGES[name]) >= 1, name
