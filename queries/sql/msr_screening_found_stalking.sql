-- measure: screening_found_stalking
-- label: Screening found stalking
-- numerator: course-of-conduct crimes with a screening whose outcome is stalking_identified
-- denominator: course-of-conduct crimes with at least one screening
-- unit: crimes
-- recommendation: 23
-- target: none
-- direction: none
-- requires: crimes, classifications, screenings
-- caveats: v2; a crime counts once however many of its screenings found stalking; the denominator is the screened crimes, so it is not the share of all course-of-conduct crimes
-- theme: recording
-- order: 56
-- help: Of the screened crimes first recorded as harassment, malicious communications, breach of an
-- order or controlling or coercive behaviour, the share in which a screening identified stalking.
-- grain: crime_ref
create or replace view msr_screening_found_stalking as
select
    'screening_found_stalking' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    found_stalking as met
from int_course_of_conduct
where fn_supplied('screenings') and screened;
