-- measure: stalking_recognised_timely
-- label: Stalking recognised in time
-- numerator: stalking cases whose earliest stalking classification (current or removed) is within the recognition window of the report
-- denominator: stalking cases
-- unit: cases
-- recommendation: 23
-- target: target_stalking_recognised_timely
-- direction: higher
-- requires: crimes, classifications
-- caveats: window: settings recognition_window_days
-- theme: recording
-- order: 40
-- help: The share of stalking cases where stalking was first recorded within
-- {recognition_window_days:day} of the report.
-- grain: crime_ref
create or replace view msr_stalking_recognised_timely as
select
    'stalking_recognised_timely' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    coalesce(recognised_timely, false) as met
from int_cases;
