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
-- help: Of the stalking cases with a risk grade, the share whose latest grade is high.
-- grain: crime_ref
create or replace view msr_high_risk as
select
    'high_risk' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    coalesce(risk_level = 'high', false) as met
from int_cases
where risk_level is not null;
