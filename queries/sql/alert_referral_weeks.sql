-- alert_referral_weeks: victims of stalking cases who want support and those referred to
-- support (the referred measure's denominator and numerator; v2: a victim who declined support
-- is left out) by week of report (Monday to Sunday) and area, for the low-referrals alert (Essex
-- 14.5, api_alert_referrals). Only weeks every report of which is past the referral window at
-- the as-at moment: v2, the working days after the week's Sunday up to the as-at date exceed
-- referral_window_days (fn_working_days): a victim of a later week may still be referred in
-- time. Unit: victims.
-- grain: week, area_code
create or replace view alert_referral_weeks as
with
weeks as (
    select
        cast(date_trunc('week', reported_at) as date) as week,
        area_code,
        count(*) as victims,
        count(*) filter (where referred) as referred
    from int_case_victims
    where fn_supplied('victims') and fn_supplied('referrals') and wants_support
    group by all
),

now_ as (
    select fn_as_at() as as_at
)

select
    w.week,
    w.area_code,
    w.victims,
    w.referred
from weeks as w
cross join now_ as n
where fn_working_days(w.week + interval 6 day, n.as_at) > fn_setting('referral_window_days');
