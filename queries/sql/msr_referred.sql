-- measure: referred
-- label: Victim referred to support
-- numerator: victims of stalking cases who want support (no needs assessment with support_declined true) with at least one referral
-- denominator: victims of stalking cases who want support (no needs assessment with support_declined true)
-- unit: victims
-- recommendation: 14
-- target: target_referred
-- direction: higher
-- requires: victims, referrals
-- caveats: v2: a victim whose needs assessment records that they declined support is left out (v1 counted every victim)
-- theme: victims
-- order: 160
-- help: Of the victims of stalking cases who want support (all but those who declined it at their
-- needs assessment), the share referred to a support service at least once.
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
where fn_supplied('victims') and fn_supplied('referrals') and wants_support;
