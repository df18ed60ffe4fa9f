-- measure: suspect_arrested
-- label: Suspect arrested
-- numerator: stalking cases with a suspect arrested
-- denominator: stalking cases with a suspect
-- unit: cases
-- recommendation: 18
-- target: none
-- direction: none
-- requires: suspects
-- theme: investigation
-- order: 200
-- help: Of the stalking cases with a suspect, the share where a suspect was arrested.
-- grain: crime_ref
create or replace view msr_suspect_arrested as
select
    'suspect_arrested' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    coalesce(suspect_arrested, false) as met
from int_cases
where fn_supplied('suspects') and suspects > 0;
