-- measure: spo_considered_timely
-- label: SPO considered in time
-- numerator: stalking cases whose earliest SPO considered_at is within the SPO window of the report
-- denominator: stalking cases
-- unit: cases
-- recommendation: 13
-- target: target_spo_considered_timely
-- direction: higher
-- requires: spo
-- caveats: window: settings spo_window_days
-- theme: risk_and_protection
-- order: 100
-- help: The share of stalking cases where a Stalking Protection Order (SPO) was first considered
-- within {spo_window_days:day} of the report.
-- grain: crime_ref
create or replace view msr_spo_considered_timely as
select
    'spo_considered_timely' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    coalesce(spo_considered_timely, false) as met
from int_cases
where fn_supplied('spo');
