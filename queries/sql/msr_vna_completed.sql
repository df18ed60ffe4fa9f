-- measure: vna_completed
-- label: Victim needs assessment completed
-- numerator: victims of stalking cases with a needs assessment completed_at
-- denominator: victims of stalking cases
-- unit: victims
-- recommendation: 14
-- target: target_vna_completed
-- direction: higher
-- requires: victims, needs_assessments
-- theme: victims
-- order: 140
-- help: Of the victims of stalking cases, the share whose needs assessment was completed.
-- grain: crime_ref, unit_key
create or replace view msr_vna_completed as
select
    'vna_completed' as measure_id,
    crime_ref,
    victim_id as unit_key,
    month,
    area_code,
    coalesce(needs_assessed, false) as met
from int_case_victims
where fn_supplied('victims') and fn_supplied('needs_assessments');
