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
-- grain: month, area_code
create or replace view msr_vna_completed as
select
    'vna_completed' as measure_id,
    month,
    area_code,
    count(*) filter (where needs_assessed) as numerator,
    count(*) as denominator
from int_case_victims
where fn_supplied('victims') and fn_supplied('needs_assessments')
group by month, area_code;
