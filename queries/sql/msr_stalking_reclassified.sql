-- measure: stalking_reclassified
-- label: Reclassified to stalking
-- numerator: stalking cases whose current principal is stalking and whose first principal classification was not
-- denominator: stalking cases
-- unit: cases
-- recommendation: 23
-- target: none
-- direction: none
-- requires: crimes, classifications
-- caveats: first principal: the is_principal row with the earliest classified_at (current or removed)
-- theme: recording
-- order: 30
-- help: The share of stalking cases first recorded as another crime and now recorded as stalking.
-- grain: crime_ref
create or replace view msr_stalking_reclassified as
select
    'stalking_reclassified' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    coalesce(is_reclassified, false) as met
from int_cases;
