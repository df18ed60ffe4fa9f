-- int_case_victims: one row per victim of a stalking case (crime_ref + victim_id), with the
-- needs assessment, referral and victim personal statement facts the victim measures need.
-- Materialised at each load. Sources: victims, needs_assessments, referrals, int_cases,
-- settings (referral and needs windows), services (which services are specialist stalking
-- services), bank_holidays (working days). v2: wants_support is false only when the needs
-- assessment has support_declined true (no assessment, or support_declined false or empty:
-- wants support); the referral measures' denominators are the victims who want support.
-- referred_timely (v2): the earliest referral within referral_window_days WORKING days of the
-- report (fn_within_working_days; v1 counted calendar days); referral_working_days, the
-- working days from the report to it (fn_working_days; NULL when not referred), kept here so
-- the referral-delay breakdown does not count them again on every page.
-- needs_assessed_timely (v2): completed_at within needs_window_hours of the report.
-- grain: crime_ref, victim_id
create or replace table int_case_victims as
with
referral_facts as (
    select
        r.crime_ref,
        r.victim_id,
        min(r.referred_at) as first_referred_at,
        coalesce(bool_or(s.specialist), false) as referred_specialist
    from stg_referrals as r
    left join services as s on r.service = s.service
    where r.crime_ref in (select c.crime_ref from int_cases as c)  -- cases' victims only
    group by r.crime_ref, r.victim_id
),

needs as (
    select *
    from stg_needs_assessments
    where crime_ref in (select c.crime_ref from int_cases as c)  -- cases' victims only
),

case_victims as (
    select
        v.crime_ref,
        v.victim_id,
        c.month,
        c.area_code,
        c.reported_at,
        c.status,
        v.age_band,
        v.sex,
        v.vulnerable,
        na.completed_at as needs_assessed_at,
        na.completed_at is not null as needs_assessed,
        coalesce(na.rights_explained, false) as rights_explained,
        na.enhanced_rights,
        coalesce(na.completed_at <= c.reported_at + fn_window('needs_window_hours'), false)
            as needs_assessed_timely,
        na.support_declined,
        not coalesce(na.support_declined, false) as wants_support,
        rf.first_referred_at,
        rf.first_referred_at is not null as referred,
        -- counted once here, and compared with the window below
        -- (fn_within_working_days would count them again)
        case
            when rf.first_referred_at is not null
                then fn_working_days(c.reported_at, rf.first_referred_at)
        end as referral_working_days,
        coalesce(rf.referred_specialist, false) as referred_specialist,
        v.vps_offered_at,
        v.vps_taken_at,
        c.is_charged
    from stg_victims as v
    inner join int_cases as c on v.crime_ref = c.crime_ref
    left join needs as na on v.crime_ref = na.crime_ref and v.victim_id = na.victim_id
    left join referral_facts as rf on v.crime_ref = rf.crime_ref and v.victim_id = rf.victim_id
)

select
    crime_ref,
    victim_id,
    month,
    area_code,
    reported_at,
    status,
    age_band,
    sex,
    vulnerable,
    needs_assessed_at,
    needs_assessed,
    rights_explained,
    enhanced_rights,
    needs_assessed_timely,
    support_declined,
    wants_support,
    first_referred_at,
    referred,
    referral_working_days,
    -- fn_within_working_days: the working days at most the window (NULL when not referred)
    coalesce(referral_working_days <= fn_setting('referral_window_days'), false)
        as referred_timely,
    referred_specialist,
    vps_offered_at,
    vps_taken_at,
    is_charged
from case_victims;
