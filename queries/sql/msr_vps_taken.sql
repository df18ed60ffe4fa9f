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
-- help: Of the victims of stalking cases where a suspect was charged, the share who gave a victim
-- personal statement.
-- grain: crime_ref, unit_key
create or replace view msr_vps_taken as
select
    'vps_taken' as measure_id,
    crime_ref,
    victim_id as unit_key,
    month,
    area_code,
    coalesce(vps_taken_at is not null, false) as met
from int_case_victims
where fn_supplied('victims') and is_charged;
