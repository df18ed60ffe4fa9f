-- brk_allocation: stalking cases by current risk level and allocated unit (recommendation 17:
-- allocation in line with College guidance). Unit: cases.
-- help: Stalking cases by their latest risk grade and the unit they are allocated to
-- (recommendation 17: allocation in line with College of Policing guidance).
-- grain: month, area_code, risk_level, allocated_unit, unit_type
create or replace view brk_allocation as
select
    month,
    area_code,
    coalesce(risk_level, 'not recorded') as risk_level,
    coalesce(allocated_unit, 'not allocated') as allocated_unit,
    coalesce(allocated_unit_type, 'not allocated') as unit_type,
    count(*) as cases
from int_cases
group by all;
