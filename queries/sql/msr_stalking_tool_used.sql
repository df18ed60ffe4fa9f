-- measure: stalking_tool_used
-- label: Stalking risk tool used
-- numerator: stalking cases with a risk assessment by a stalking-specific tool (risk_tools.csv: stalking_specific)
-- denominator: stalking cases
-- unit: cases
-- recommendation: 12
-- target: none
-- direction: none
-- requires: risk_assessments
-- theme: risk_and_protection
-- order: 70
-- grain: month, area_code
create or replace view msr_stalking_tool_used as
select
    'stalking_tool_used' as measure_id,
    month,
    area_code,
    count(*) filter (where stalking_tool_used) as numerator,
    count(*) as denominator
from int_cases
where fn_supplied('risk_assessments')
group by month, area_code;
