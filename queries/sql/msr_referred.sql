-- measure: referred
-- label: Victim referred to support
-- numerator: victims of stalking cases with at least one referral
-- denominator: victims of stalking cases
-- unit: victims
-- recommendation: 14
-- target: target_referred
-- direction: higher
-- requires: victims, referrals
-- theme: victims
-- order: 160
-- help: Of the victims of stalking cases, the share referred to a support service at least once.
-- grain: crime_ref, unit_key
create or replace view msr_referred as
select
    'referred' as measure_id,
    crime_ref,
    victim_id as unit_key,
    month,
    area_code,
    coalesce(referred, false) as met
from int_case_victims
where fn_supplied('victims') and fn_supplied('referrals');
