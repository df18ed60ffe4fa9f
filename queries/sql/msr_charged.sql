-- measure: charged
-- label: Charged
-- numerator: closed stalking cases whose outcome is a charge or summons (outcome group charged: outcome_code 1)
-- denominator: closed stalking cases
-- unit: cases
-- recommendation: 18
-- target: none
-- direction: none
-- requires: crimes
-- theme: investigation
-- order: 250
-- grain: month, area_code
create or replace view msr_charged as
select
    'charged' as measure_id,
    month,
    area_code,
    count(*) filter (where outcome_charged) as numerator,
    count(*) as denominator
from int_cases
where status = 'closed'
group by month, area_code;
