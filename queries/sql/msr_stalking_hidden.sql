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
-- help: The share of stalking cases where stalking is recorded only as an included classification
-- under another principal crime.
-- grain: crime_ref
create or replace view msr_stalking_hidden as
select
    'stalking_hidden' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    coalesce(is_hidden, false) as met
from int_cases;
