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
-- help: Of the closed stalking cases, the share closed with a charge or summons.
-- grain: crime_ref
create or replace view msr_charged as
select
    'charged' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    coalesce(outcome_charged, false) as met
from int_cases
where status = 'closed';
