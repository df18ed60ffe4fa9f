-- brk_outcomes: closed stalking cases by Home Office outcome (recommendation 18). Unit: cases.
-- help: Closed stalking cases by their Home Office outcome.
-- grain: month, area_code, outcome_code, outcome, outcome_group
create or replace view brk_outcomes as
select
    c.month,
    c.area_code,
    c.outcome_code,
    coalesce(o.label, 'Outcome ' || c.outcome_code, 'no outcome recorded') as outcome,
    coalesce(o.outcome_group, 'unknown') as outcome_group,
    count(*) as cases
from int_cases as c
left join outcome_codes as o on c.outcome_code = o.outcome_code
where c.status = 'closed'
group by all;
