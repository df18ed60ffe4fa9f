-- brk_referral_delay: victims of stalking cases by days from report to first referral
-- (recommendation 14). Unit: victims. Bands are spans after the report, each including its
-- upper end: within 1 day, 1-2 days, 2-3 days, 3-7 days, 7-28 days, over 28 days, not
-- referred. A referral dated before the report counts at the report. timeliness says whether
-- the first referral is within the referral window (settings referral_window_days; the same
-- test as referred_timely), so a chart can split the bands at the window whatever the force
-- sets it to.
-- help: Victims of stalking cases by the days from the report to their first referral to support;
-- in time means within {referral_window_days:day}. A referral dated before the report counts at
-- the report.
-- grain: month, area_code, delay_band, timeliness
create or replace view brk_referral_delay as
select
    month,
    area_code,
    case
        when first_referred_at is null then 7
        when first_referred_at <= reported_at + interval 1 day then 0
        when first_referred_at <= reported_at + interval 2 day then 1
        when first_referred_at <= reported_at + interval 3 day then 2
        when first_referred_at <= reported_at + interval 7 day then 3
        when first_referred_at <= reported_at + interval 28 day then 4
        else 5
    end as band_order,
    case
        when first_referred_at is null then 'not referred'
        when first_referred_at <= reported_at + interval 1 day then 'within 1 day'
        when first_referred_at <= reported_at + interval 2 day then '1-2 days'
        when first_referred_at <= reported_at + interval 3 day then '2-3 days'
        when first_referred_at <= reported_at + interval 7 day then '3-7 days'
        when first_referred_at <= reported_at + interval 28 day then '7-28 days'
        else 'over 28 days'
    end as delay_band,
    case when referred_timely then 'within the window' else 'later or not referred' end
        as timeliness,
    count(*) as victims
from int_case_victims
where fn_supplied('referrals')
group by all;
