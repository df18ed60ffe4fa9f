-- brk_area_cases: stalking cases by area with the area's resident population, for rates per
-- 1,000 residents (recommendation 11). Unit: cases. population is per area, not per month: the
-- API sums cases over the period, then divides by the population once (an area the reference
-- does not know has no rate).
-- grain: month, area_code
create or replace view brk_area_cases as
select
    month,
    area_code,
    count(*) as cases
from int_cases
group by all;
