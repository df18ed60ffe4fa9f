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
-- help: Of the high-risk stalking cases with a suspect, the share where a suspect was arrested
-- within {high_risk_arrest_window_hours:hour} of the report.
-- grain: crime_ref
create or replace view msr_high_risk_arrest_timely as
select
    'high_risk_arrest_timely' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    coalesce(arrested_within_window, false) as met
from int_cases
where fn_supplied('suspects') and suspects > 0 and risk_level = 'high';
