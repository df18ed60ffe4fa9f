-- measure: voluntary_interview
-- label: Voluntary interview
-- numerator: stalking cases with a voluntary interview
-- denominator: stalking cases with any interview (voluntary or under_arrest)
-- unit: cases
-- recommendation: 18
-- target: none
-- direction: none
-- requires: suspects
-- theme: investigation
-- order: 220
-- help: Of the stalking cases where a suspect was interviewed, the share interviewed voluntarily
-- rather than under arrest.
-- grain: crime_ref
create or replace view msr_voluntary_interview as
select
    'voluntary_interview' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    coalesce(voluntary_interview, false) as met
from int_cases
where fn_supplied('suspects') and any_interview;
