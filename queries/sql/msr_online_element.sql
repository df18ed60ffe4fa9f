-- measure: online_element
-- label: Online element
-- numerator: stalking cases with online_element true
-- denominator: stalking cases
-- unit: cases
-- recommendation: 20
-- target: none
-- direction: none
-- requires: crimes
-- caveats: a missing online_element counts in the denominator only
-- theme: recording
-- order: 260
-- help: The share of stalking cases recorded with an online element (a case whose record does not
-- say counts as not online).
-- grain: crime_ref
create or replace view msr_online_element as
select
    'online_element' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    coalesce(online_element, false) as met
from int_cases;
