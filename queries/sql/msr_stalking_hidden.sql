-- measure: stalking_hidden
-- label: Stalking hidden under another principal crime
-- numerator: stalking cases whose current principal classification is not stalking
-- denominator: stalking cases
-- unit: cases
-- recommendation: 7
-- target: none
-- direction: none
-- requires: crimes, classifications
-- theme: recording
-- order: 20
-- grain: month, area_code
create or replace view msr_stalking_hidden as
select
    'stalking_hidden' as measure_id,
    month,
    area_code,
    count(*) filter (where is_hidden) as numerator,
    count(*) as denominator
from int_cases
where true
group by month, area_code;
