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
-- grain: month, area_code
create or replace view msr_referred_timely as
select
    'referred_timely' as measure_id,
    month,
    area_code,
    count(*) filter (where referred_timely) as numerator,
    count(*) as denominator
from int_case_victims
where fn_supplied('victims') and fn_supplied('referrals')
group by month, area_code;
