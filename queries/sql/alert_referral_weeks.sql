-- alert_referral_weeks: victims of stalking cases and those referred to support (the referred
-- measure's denominator and numerator) by week of report (Monday to Sunday) and area, for the
-- low-referrals alert (Essex 14.5, api_alert_referrals). Only weeks every report of which is
-- older than the referral window at the as-at moment (the week's Monday + 7 days +
-- referral_window_days at or before as at): a victim of a later week may still be referred in
-- time. Unit: victims.
-- grain: week, area_code
create or replace view alert_referral_weeks as
select
    cast(date_trunc('week', reported_at) as date) as week,
    area_code,
    count(*) as victims,
    count(*) filter (where referred) as referred
from int_case_victims
where
    fn_supplied('victims')
    and fn_supplied('referrals')
    and date_trunc('week', reported_at) + interval 7 day + fn_window('referral_window_days')
    <= fn_as_at()
group by all;
