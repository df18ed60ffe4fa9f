-- measure: stalking_cases
-- label: Stalking cases recorded
-- numerator: stalking cases (not cancelled, with a current stalking classification)
-- denominator: none
-- unit: cases
-- recommendation: 11
-- target: none
-- direction: none
-- requires: crimes, classifications
-- theme: recording
-- order: 10
-- help: Crimes recorded as stalking, as the principal crime or as an included classification under
-- another crime, and not cancelled, by month of report.
-- grain: crime_ref
create or replace view msr_stalking_cases as
select
    'stalking_cases' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    true as met
from int_cases;
