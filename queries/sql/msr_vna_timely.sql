-- measure: vna_timely
-- label: Victim needs assessment in time
-- numerator: victims of stalking cases whose needs assessment completed_at is within the needs window of the report
-- denominator: victims of stalking cases
-- unit: victims
-- recommendation: 14
-- target: target_vna_timely
-- direction: higher
-- requires: victims, needs_assessments
-- caveats: window: settings needs_window_hours; an assessment completed before the report counts as at the report (v2)
-- theme: victims
-- order: 145
-- help: Of the victims of stalking cases, the share whose needs assessment was completed within
-- {needs_window_hours:hour} of the report.
-- grain: crime_ref, unit_key
create or replace view msr_vna_timely as
select
    'vna_timely' as measure_id,
    crime_ref,
    victim_id as unit_key,
    month,
    area_code,
    needs_assessed_timely as met
from int_case_victims
where fn_supplied('victims') and fn_supplied('needs_assessments');
