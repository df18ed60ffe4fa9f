-- measure: high_risk
-- label: High risk
-- numerator: stalking cases whose current risk_level is high
-- denominator: stalking cases with a risk_level
-- unit: cases
-- recommendation: 12
-- target: none
-- direction: none
-- requires: crimes
-- theme: risk_and_protection
-- order: 80
-- grain: month, area_code
create or replace view msr_high_risk as
select
    'high_risk' as measure_id,
    month,
    area_code,
    count(*) filter (where risk_level = 'high') as numerator,
    count(*) as denominator
from int_cases
where risk_level is not null
group by month, area_code;
