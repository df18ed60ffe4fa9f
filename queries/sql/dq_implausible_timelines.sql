-- dq_implausible_timelines: records whose dates are possible but implausible (data quality):
-- an event dated before the report, an outcome before recording, a recording before the
-- report, a course of conduct that ends before it starts. They load and count in the measures
-- (an event before the report counts as at the report); this view counts them,
-- one row per check and crime (crimes in any measure: not cancelled).
-- help: Records whose dates are possible but unlikely: an event dated before the report, an
-- outcome before the crime was recorded, a recording before the report, a course of conduct that
-- ends before it starts. They load and count in the measures (an event dated before the report
-- counts as at the report).
-- grain: check_name, crime_ref
create or replace view dq_implausible_timelines as
with
checks as (
    select
        crime_ref,
        'recorded before report' as check_name
    from stg_crimes
    where recorded_at < reported_at
    union all
    select
        crime_ref,
        'outcome before recording' as check_name
    from stg_crimes
    where outcome_at < recorded_at
    union all
    select
        crime_ref,
        'outcome before report' as check_name
    from stg_crimes
    where outcome_at < reported_at
    union all
    select
        crime_ref,
        'offence_to before offence_from' as check_name
    from stg_crimes
    where offence_to < offence_from
    union all
    select
        r.crime_ref,
        'risk assessment before report' as check_name
    from risk_assessments as r
    inner join stg_crimes as c on r.crime_ref = c.crime_ref
    where r.completed_at < c.reported_at
    union all
    select
        s.crime_ref,
        'SPO considered before report' as check_name
    from spo as s
    inner join stg_crimes as c on s.crime_ref = c.crime_ref
    where s.considered_at < c.reported_at
    union all
    select
        s.crime_ref,
        'SPO applied without a recorded consideration' as check_name
    from spo as s
    where s.applied_at is not null and s.considered_at is null
    union all
    select
        r.crime_ref,
        'referral before report' as check_name
    from referrals as r
    inner join stg_crimes as c on r.crime_ref = c.crime_ref
    where r.referred_at < c.reported_at
    union all
    select
        s.crime_ref,
        'arrest before report' as check_name
    from suspects as s
    inner join stg_crimes as c on s.crime_ref = c.crime_ref
    where s.arrested_at < c.reported_at
    union all
    select
        s.crime_ref,
        'charge before arrest' as check_name
    from suspects as s
    where s.charged_at < s.arrested_at
)

select distinct
    k.check_name,
    k.crime_ref,
    c.month,
    c.area_code
from checks as k
inner join stg_crimes as c on k.crime_ref = c.crime_ref;
