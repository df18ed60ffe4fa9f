-- measure: referred_timely
-- label: Victim referred in time
-- numerator: victims of stalking cases whose earliest referral is within the referral window of the report
-- denominator: victims of stalking cases
-- unit: victims
-- recommendation: 14
-- target: target_referred_timely
-- direction: higher
-- requires: victims, referrals
-- caveats: window: settings referral_window_days (calendar days; the Victims' Code speaks of two working days)
-- theme: victims
-- order: 170
-- help: Of the victims of stalking cases, the share whose first referral to support was within
-- {referral_window_days:day} of the report (calendar days; the Victims' Code speaks of two working
-- days).
-- grain: crime_ref, unit_key
create or replace view msr_referred_timely as
select
    'referred_timely' as measure_id,
    crime_ref,
    victim_id as unit_key,
    month,
    area_code,
    coalesce(referred_timely, false) as met
from int_case_victims
where fn_supplied('victims') and fn_supplied('referrals');
