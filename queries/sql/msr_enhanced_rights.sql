-- measure: enhanced_rights
-- label: Enhanced rights under the Victims' Code
-- numerator: victims of stalking cases whose needs assessment has enhanced_rights true
-- denominator: victims of stalking cases
-- unit: victims
-- recommendation: 14
-- target: target_enhanced_rights
-- direction: higher
-- requires: victims, needs_assessments
-- caveats: victims of stalking are persistently targeted, so entitled to enhanced rights; a victim without a needs assessment is in the denominator (v2)
-- theme: victims
-- order: 155
-- help: Of the victims of stalking cases, the share whose needs assessment records the enhanced rights
-- of the Victims' Code (victims of stalking are persistently targeted, so entitled to them).
-- grain: crime_ref, unit_key
create or replace view msr_enhanced_rights as
select
    'enhanced_rights' as measure_id,
    crime_ref,
    victim_id as unit_key,
    month,
    area_code,
    coalesce(enhanced_rights, false) as met
from int_case_victims
where fn_supplied('victims') and fn_supplied('needs_assessments');
