-- measure: referred_timely
-- label: Victim referred in time
-- numerator: victims of stalking cases who want support (no needs assessment with support_declined true) whose earliest referral is within the referral window (working days) of the report
-- denominator: victims of stalking cases who want support (no needs assessment with support_declined true)
-- unit: victims
-- recommendation: 14
-- target: target_referred_timely
-- direction: higher
-- requires: victims, referrals
-- caveats: window: settings referral_window_days, in working days (Monday to Friday, not an England and Wales bank holiday: fn_within_working_days); v2: v1 counted calendar days and every victim
-- theme: victims
-- order: 170
-- help: Of the victims of stalking cases who want support (all but those who declined it at their
-- needs assessment), the share whose first referral to support was within
-- {referral_window_days:working day} of the report (Monday to Friday, not counting bank holidays:
-- reported on a Friday, referred by the Tuesday after).
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
where fn_supplied('victims') and fn_supplied('referrals') and wants_support;
