-- measure: allocated_specialist
-- label: Medium and high risk cases with a specialist unit
-- numerator: medium or high risk stalking cases allocated to a specialist unit (units.csv: unit_type specialist)
-- denominator: medium or high risk stalking cases with an allocated_unit
-- unit: cases
-- recommendation: 17
-- target: target_allocated_specialist
-- direction: higher
-- requires: crimes
-- theme: investigation
-- order: 190
-- help: Of the medium- and high-risk stalking cases allocated to a unit, the share allocated to a
-- specialist unit (the force's list of units says which are specialist).
-- grain: crime_ref
create or replace view msr_allocated_specialist as
select
    'allocated_specialist' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    coalesce(allocated_to_specialist, false) as met
from int_cases
where risk_level in ('medium', 'high') and allocated_unit is not null;
