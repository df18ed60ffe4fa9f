-- measure: referred_specialist
-- label: Victim referred to a specialist stalking service
-- numerator: victims of stalking cases who want support (no needs assessment with support_declined true) referred to a specialist stalking service (services.csv: specialist)
-- denominator: victims of stalking cases who want support (no needs assessment with support_declined true)
-- unit: victims
-- recommendation: 14
-- target: none
-- direction: none
-- requires: victims, referrals
-- caveats: v2: a victim whose needs assessment records that they declined support is left out (v1 counted every victim)
-- theme: victims
-- order: 180
-- help: Of the victims of stalking cases who want support (all but those who declined it at their
-- needs assessment), the share referred to a specialist stalking service
-- (such as an independent stalking advocacy caseworker, ISAC).
-- grain: crime_ref, unit_key
create or replace view msr_referred_specialist as
select
    'referred_specialist' as measure_id,
    crime_ref,
    victim_id as unit_key,
    month,
    area_code,
    coalesce(referred_specialist, false) as met
from int_case_victims
where fn_supplied('victims') and fn_supplied('referrals') and wants_support;
