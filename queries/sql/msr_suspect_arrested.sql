-- measure: suspect_arrested
-- label: Suspect arrested
-- numerator: stalking cases with a suspect arrested
-- denominator: stalking cases with a suspect
-- unit: cases
-- recommendation: 18
-- target: none
-- direction: none
-- requires: suspects
-- theme: investigation
-- order: 200
-- grain: month, area_code
create or replace view msr_suspect_arrested as
select
    'suspect_arrested' as measure_id,
    month,
    area_code,
    count(*) filter (where suspect_arrested) as numerator,
    count(*) as denominator
from int_cases
where fn_supplied('suspects') and suspects > 0
group by month, area_code;
