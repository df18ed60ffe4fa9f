-- measure: repeat_victim
-- label: Repeat victim
-- numerator: stalking cases with a victim also on another stalking case reported in the repeat window before
-- denominator: stalking cases with a victim
-- unit: cases
-- recommendation: 14
-- target: none
-- direction: none
-- requires: victims
-- caveats: window: settings repeat_window_days; 'before' is strictly earlier
-- theme: victims
-- order: 280
-- help: Of the stalking cases with a victim, the share whose victim was also a victim in another
-- stalking case reported in the {repeat_window_days:day} before.
-- grain: crime_ref
create or replace view msr_repeat_victim as
select
    'repeat_victim' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    coalesce(repeat_victim, false) as met
from int_cases
where fn_supplied('victims') and victims > 0;
