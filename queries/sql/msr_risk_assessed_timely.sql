-- measure: risk_assessed_timely
-- label: Risk assessed in time
-- numerator: stalking cases with any risk assessment completed within the risk-assessment window of the report
-- denominator: stalking cases
-- unit: cases
-- recommendation: 12
-- target: target_risk_assessed_timely
-- direction: higher
-- requires: risk_assessments
-- caveats: window: settings risk_assessment_window_hours
-- theme: risk_and_protection
-- order: 60
-- grain: month, area_code
create or replace view msr_risk_assessed_timely as
select
    'risk_assessed_timely' as measure_id,
    month,
    area_code,
    count(*) filter (where risk_assessed_timely) as numerator,
    count(*) as denominator
from int_cases
where fn_supplied('risk_assessments')
group by month, area_code;
