-- measure: voluntary_interview
-- label: Voluntary interview
-- numerator: stalking cases with a voluntary interview
-- denominator: stalking cases with any interview (voluntary or under_arrest)
-- unit: cases
-- recommendation: 18
-- target: none
-- direction: none
-- requires: suspects
-- theme: investigation
-- order: 220
-- grain: month, area_code
create or replace view msr_voluntary_interview as
select
    'voluntary_interview' as measure_id,
    month,
    area_code,
    count(*) filter (where voluntary_interview) as numerator,
    count(*) as denominator
from int_cases
where fn_supplied('suspects') and any_interview
group by month, area_code;
