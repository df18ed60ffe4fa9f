-- brk_referral_delay: victims of stalking cases who want support (v2: not those who declined
-- it, as in the referral measures) by working days from the report to their first referral
-- (recommendation 14). Unit: victims. v2: the bands count working days (Monday to Friday, not
-- a bank holiday: int_case_victims.referral_working_days, the days after the report's date up
-- to and including the referral's), as the Victims' Code's window does; v1 counted calendar
-- days. Bands, all in working days: same day (0: on the report's date, before it, or only
-- weekends and bank holidays between), 1 day, 2 days, 3-5 days, 6-20 days, over 20 days, not
-- referred. timeliness says whether the first referral is within the referral window
-- (settings referral_window_days; the same test as referred_timely), so a chart can split the
-- bands at the window whatever the force sets it to.
-- help: Victims of stalking cases who want support, by the working days (Monday to Friday, not
-- bank holidays) from the report to their first referral to support; in time means within
-- {referral_window_days:working day}. A referral dated before the report counts at the report.
-- grain: month, area_code, delay_band, timeliness
create or replace view brk_referral_delay as
with
delays as (
    select
        month,
        area_code,
        referred_timely,
        referral_working_days as working_days
    from int_case_victims
    where fn_supplied('referrals') and wants_support
)

select
    month,
    area_code,
    case
        when working_days is null then 6
        when working_days <= 2 then working_days
        when working_days <= 5 then 3
        when working_days <= 20 then 4
        else 5
    end as band_order,
    case
        when working_days is null then 'not referred'
        when working_days = 0 then 'same day'
        when working_days = 1 then '1 day'
        when working_days = 2 then '2 days'
        when working_days <= 5 then '3-5 days'
        when working_days <= 20 then '6-20 days'
        else 'over 20 days'
    end as delay_band,
    case when referred_timely then 'within the window' else 'later or not referred' end
        as timeliness,
    count(*) as victims
from delays
group by all;
