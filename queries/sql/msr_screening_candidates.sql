-- measure: screening_candidates
-- label: Crimes to screen for hidden stalking
-- numerator: crimes to screen (see screening_candidates), in the month and area of their report
-- denominator: none
-- unit: crimes
-- recommendation: 23
-- target: none
-- direction: none
-- requires: crimes, classifications
-- theme: recording
-- order: 50
-- grain: month, area_code
create or replace view msr_screening_candidates as
select
    'screening_candidates' as measure_id,
    month,
    area_code,
    count(*) as numerator,
    cast(null as bigint) as denominator
from screening_candidates
group by month, area_code;
