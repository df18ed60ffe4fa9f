-- brk_satisfaction: victim satisfaction surveys (feedback, v2) of victims of stalking cases by
-- answer (recommendation 11), in the month of surveyed_at and the case's area (as the
-- victim_satisfied measure counts them). satisfaction is 'not recorded' when empty. Unit:
-- victims (one per crime_ref + victim_id in a month and answer: a victim surveyed twice in a
-- month with the same answer counts once there). No rows when feedback was never supplied.
-- help: Satisfaction surveys of victims of stalking cases, by their answer, in the month the
-- victim was surveyed.
-- grain: month, area_code, satisfaction
create or replace view brk_satisfaction as
select
    cast(date_trunc('month', f.surveyed_at) as date) as month,
    c.area_code,
    coalesce(f.satisfaction, 'not recorded') as satisfaction,
    count(distinct { 'crime_ref': f.crime_ref, 'victim_id': f.victim_id }) as victims
from stg_feedback as f
inner join int_cases as c on f.crime_ref = c.crime_ref
where f.surveyed_at is not null
group by all;
