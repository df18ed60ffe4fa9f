-- int_course_of_conduct: one row per course-of-conduct crime (spec measures.md, Terms, v2): a
-- crime, status not cancelled, whose FIRST principal classification (int_first_principal) is
-- in offence group harassment, malicious_communications, breach_of_order or
-- coercive_control, whatever it became since. It counts in the month of reported_at and its
-- area_code. With its screenings for hidden stalking (recommendation 23): screened (at least
-- one), first_screened_at, screened_timely (earliest screened_at within screening_window_hours
-- of the report; a screening dated before the report counts at the report) and
-- found_stalking (a screening with outcome stalking_identified). Materialised at each load.
-- grain: crime_ref
create or replace table int_course_of_conduct as
with
screening_facts as (
    select
        crime_ref,
        min(screened_at) as first_screened_at,
        bool_or(outcome = 'stalking_identified') as found_stalking
    from stg_screenings
    group by crime_ref
)

select
    c.crime_ref,
    c.reported_at,
    c.month,
    c.area_code,
    c.status,
    fp.offence_code as first_principal_code,
    fp.offence_group as first_principal_group,
    sf.first_screened_at,
    sf.crime_ref is not null as screened,
    coalesce(sf.first_screened_at <= c.reported_at + fn_window('screening_window_hours'), false)
        as screened_timely,
    coalesce(sf.found_stalking, false) as found_stalking
from stg_crimes as c
inner join int_first_principal as fp on c.crime_ref = fp.crime_ref
left join screening_facts as sf on c.crime_ref = sf.crime_ref
where
    fp.offence_group in (
        'harassment', 'malicious_communications', 'breach_of_order', 'coercive_control'
    );
