-- brk_reclassification: how crimes that have ever carried a stalking classification moved from
-- their first principal offence group to their current one (recommendations 7, 23). Unit:
-- crimes (not cancelled). is_case is false for a crime whose stalking classifications were all
-- removed.
-- help: How crimes that have ever been recorded as stalking moved from the crime first recorded to
-- the crime recorded now (recommendations 7 and 23).
-- grain: month, area_code, first_group, current_group, is_case
create or replace view brk_reclassification as
with
ever_stalking as (
    select distinct crime_ref from stg_classifications
    where offence_group = 'stalking'
),

current_principal as (
    select
        crime_ref,
        offence_group
    from stg_classifications
    where is_principal and is_current
)

select
    c.month,
    c.area_code,
    coalesce(f.offence_group, 'none') as first_group,
    coalesce(p.offence_group, 'none') as current_group,
    c.crime_ref in (select i.crime_ref from int_cases as i) as is_case,
    count(*) as crimes
from stg_crimes as c
inner join ever_stalking as e on c.crime_ref = e.crime_ref
left join int_first_principal as f on c.crime_ref = f.crime_ref
left join current_principal as p on c.crime_ref = p.crime_ref
group by all;
