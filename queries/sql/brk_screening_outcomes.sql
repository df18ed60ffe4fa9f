-- brk_screening_outcomes: course-of-conduct crimes (v2: status not cancelled, first principal
-- classification's group harassment, malicious_communications, breach_of_order or
-- coercive_control; first principal as int_cases: earliest classified_at, ties by the earlier
-- removed_at, then offence_code) by their first group and what screening found
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
first_principal as (
    select
        crime_ref,
        offence_group
    from stg_classifications
    where is_principal
    qualify row_number() over (
        partition by crime_ref order by classified_at, removed_at nulls last, offence_code
    ) = 1
),

course_of_conduct as (
    select
        c.crime_ref,
        c.month,
        c.area_code,
        f.offence_group as first_group
    from stg_crimes as c
    inner join first_principal as f on c.crime_ref = f.crime_ref
    where
        f.offence_group in (
            'harassment', 'malicious_communications', 'breach_of_order', 'coercive_control'
        )
),

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
    c.first_group,
    coalesce(f.outcome, 'not screened') as outcome,
    count(*) as crimes
from course_of_conduct as c
left join found as f on c.crime_ref = f.crime_ref
where fn_supplied('screenings')
group by all;
