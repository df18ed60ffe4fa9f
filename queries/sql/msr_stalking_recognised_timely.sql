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
-- grain: month, area_code
create or replace view msr_stalking_recognised_timely as
select
    'stalking_recognised_timely' as measure_id,
    month,
    area_code,
    count(*) filter (where recognised_timely) as numerator,
    count(*) as denominator
from int_cases
where true
group by month, area_code;
