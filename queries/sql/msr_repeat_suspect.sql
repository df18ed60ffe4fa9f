-- measure: repeat_suspect
-- label: Repeat suspect
-- numerator: stalking cases with a suspect also on another stalking case reported in the repeat window before
-- denominator: stalking cases with a suspect
-- unit: cases
-- recommendation: 12
-- target: none
-- direction: none
-- requires: suspects
-- caveats: window: settings repeat_window_days; 'before' is strictly earlier
-- theme: risk_and_protection
-- order: 270
-- grain: month, area_code
create or replace view msr_repeat_suspect as
select
    'repeat_suspect' as measure_id,
    month,
    area_code,
    count(*) filter (where repeat_suspect) as numerator,
    count(*) as denominator
from int_cases
where fn_supplied('suspects') and suspects > 0
group by month, area_code;
