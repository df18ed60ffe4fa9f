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
-- help: The share of stalking cases risk-assessed with a tool made for stalking (the force's list
-- of risk tools says which).
-- grain: crime_ref
create or replace view msr_stalking_tool_used as
select
    'stalking_tool_used' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    coalesce(stalking_tool_used, false) as met
from int_cases
where fn_supplied('risk_assessments');
