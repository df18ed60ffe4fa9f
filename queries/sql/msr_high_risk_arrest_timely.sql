-- measure: high_risk_arrest_timely
-- label: High-risk suspect arrested in time
-- numerator: high risk stalking cases with a suspect arrested within the high-risk arrest window of the report
-- denominator: high risk stalking cases with a suspect
-- unit: cases
-- recommendation: 12, 18
-- target: target_high_risk_arrest_timely
-- direction: higher
-- requires: suspects
-- caveats: window: settings high_risk_arrest_window_hours
-- theme: investigation
-- order: 210
-- grain: month, area_code
create or replace view msr_high_risk_arrest_timely as
select
    'high_risk_arrest_timely' as measure_id,
    month,
    area_code,
    count(*) filter (where arrested_within_window) as numerator,
    count(*) as denominator
from int_cases
where fn_supplied('suspects') and suspects > 0 and risk_level = 'high'
group by month, area_code;
