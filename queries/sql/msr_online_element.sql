-- measure: online_element
-- label: Online element
-- numerator: stalking cases with online_element true
-- denominator: stalking cases
-- unit: cases
-- recommendation: 20
-- target: none
-- direction: none
-- requires: crimes
-- caveats: a missing online_element counts in the denominator only
-- theme: recording
-- order: 260
-- grain: month, area_code
create or replace view msr_online_element as
select
    'online_element' as measure_id,
    month,
    area_code,
    count(*) filter (where online_element) as numerator,
    count(*) as denominator
from int_cases
where true
group by month, area_code;
