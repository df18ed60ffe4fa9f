-- measure: rights_explained
-- label: Victims' Code rights explained
-- numerator: victims of stalking cases whose needs assessment has rights_explained true
-- denominator: victims of stalking cases
-- unit: victims
-- recommendation: 14
-- target: target_rights_explained
-- direction: higher
-- requires: victims, needs_assessments
-- theme: victims
-- order: 150
-- help: Of the victims of stalking cases, the share whose needs assessment records that their
-- rights under the Victims' Code were explained.
-- grain: crime_ref, unit_key
create or replace view msr_rights_explained as
select
    'rights_explained' as measure_id,
    crime_ref,
    victim_id as unit_key,
    month,
    area_code,
    coalesce(rights_explained, false) as met
from int_case_victims
where fn_supplied('victims') and fn_supplied('needs_assessments');
