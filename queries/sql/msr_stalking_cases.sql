-- measure: stalking_cases
-- label: Stalking cases recorded
-- numerator: stalking cases (not cancelled, with a current stalking classification)
-- denominator: none
-- unit: cases
-- recommendation: 11
-- target: none
-- direction: none
-- requires: crimes, classifications
-- theme: recording
-- order: 10
-- grain: month, area_code
create or replace view msr_stalking_cases as
select
    'stalking_cases' as measure_id,
    month,
    area_code,
    count(*) as numerator,
    cast(null as bigint) as denominator
from int_cases
group by month, area_code;
