-- measure: vps_taken
-- label: Victim personal statement taken
-- numerator: victims of charged stalking cases with vps_taken_at
-- denominator: victims of charged stalking cases (a suspect charged_at set, or outcome_code 1)
-- unit: victims
-- recommendation: 18
-- target: none
-- direction: none
-- requires: victims
-- theme: investigation
-- order: 240
-- grain: month, area_code
create or replace view msr_vps_taken as
select
    'vps_taken' as measure_id,
    month,
    area_code,
    count(*) filter (where vps_taken_at is not null) as numerator,
    count(*) as denominator
from int_case_victims
where fn_supplied('victims') and is_charged
group by month, area_code;
