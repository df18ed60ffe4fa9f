-- brk_arrest_delay: stalking cases with a suspect by time from report to first arrest, split
-- by risk level (recommendations 12, 18). Unit: cases. An arrest dated before the report
-- counts at the report. timeliness: first arrest within the high-risk arrest window (settings
-- high_risk_arrest_window_hours; the test high_risk_arrest_timely uses) or not.
-- help: Stalking cases with a suspect by the time from the report to the first arrest, by risk
-- grade; in time means within {high_risk_arrest_window_hours:hour}, the high-risk arrest window.
-- An arrest dated before the report counts at the report.
-- grain: month, area_code, risk_level, band_order, delay_band, timeliness
create or replace view brk_arrest_delay as
select
    month,
    area_code,
    coalesce(risk_level, 'not recorded') as risk_level,
    case
        when first_arrest_at is null then 5
        when first_arrest_at <= reported_at + interval 24 hour then 0
        when first_arrest_at <= reported_at + interval 72 hour then 1
        when first_arrest_at <= reported_at + interval 7 day then 2
        when first_arrest_at <= reported_at + interval 28 day then 3
        else 4
    end as band_order,
    case
        when first_arrest_at is null then 'not arrested'
        when first_arrest_at <= reported_at + interval 24 hour then 'within 24 hours'
        when first_arrest_at <= reported_at + interval 72 hour then '1-3 days'
        when first_arrest_at <= reported_at + interval 7 day then '3-7 days'
        when first_arrest_at <= reported_at + interval 28 day then '7-28 days'
        else 'over 28 days'
    end as delay_band,
    case when arrested_within_window then 'within the window' else 'later or not arrested' end
        as timeliness,
    count(*) as cases
from int_cases
where fn_supplied('suspects') and suspects > 0
group by all;
