-- brk_screening_outcomes: course-of-conduct crimes (v2, int_course_of_conduct: the screened
-- measures' crimes) by their first principal classification's group and what screening found
-- (recommendation 23), in the month of the report and the crime's area. outcome:
-- stalking_identified when any screening of the crime identified stalking (as the
-- screening_found_stalking measure counts it), otherwise the latest screening's outcome
-- ('not recorded' when empty), or 'not screened' when the crime has no screening. Unit:
-- crimes, each once. No rows when screenings was never supplied ("no data", never 0).
-- help: Harassment, malicious communications, coercive control and breach-of-order crimes, by
-- what they were first recorded as and what the supervisors' screening for hidden stalking
-- found: stalking identified if any screening found it, otherwise the latest screening's
-- result, or not screened.
-- grain: month, area_code, first_group, outcome
create or replace view brk_screening_outcomes as
with
found as (
    select
        crime_ref,
        case
            when bool_or(outcome = 'stalking_identified') then 'stalking_identified'
            else arg_max(coalesce(outcome, 'not recorded'), screened_at)
        end as outcome
    from stg_screenings
    group by crime_ref
)

select
    c.month,
    c.area_code,
    c.first_principal_group as first_group,
    coalesce(f.outcome, 'not screened') as outcome,
    count(*) as crimes
from int_course_of_conduct as c
left join found as f on c.crime_ref = f.crime_ref
where fn_supplied('screenings')
group by all;
