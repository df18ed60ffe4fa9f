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
-- help: Of the stalking cases, the share with a risk assessment completed within
-- {risk_assessment_window_hours:hour} of the report.
-- grain: crime_ref
create or replace view msr_risk_assessed_timely as
select
    'risk_assessed_timely' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    coalesce(risk_assessed_timely, false) as met
from int_cases
where fn_supplied('risk_assessments');
