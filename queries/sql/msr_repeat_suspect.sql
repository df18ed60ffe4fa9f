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
-- help: Of the stalking cases with a suspect, the share whose suspect was also a suspect in
-- another stalking case reported in the {repeat_window_days:day} before.
-- grain: crime_ref
create or replace view msr_repeat_suspect as
select
    'repeat_suspect' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    coalesce(repeat_suspect, false) as met
from int_cases
where fn_supplied('suspects') and suspects > 0;
