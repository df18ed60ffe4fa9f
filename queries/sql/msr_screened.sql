-- measure: screened
-- label: Course-of-conduct crime screened for stalking
-- numerator: course-of-conduct crimes with at least one screening
-- denominator: course-of-conduct crimes (not cancelled; first principal classification harassment, malicious communications, breach of an order or controlling or coercive behaviour)
-- unit: crimes
-- recommendation: 23
-- target: target_screened
-- direction: higher
-- requires: crimes, classifications, screenings
-- caveats: a crime counts by its first principal classification, whatever it became, in the month of its report (v2)
-- theme: recording
-- order: 52
-- help: Of the crimes first recorded as harassment, malicious communications, breach of an order or
-- controlling or coercive behaviour, the share screened at least once for hidden stalking.
-- grain: crime_ref
create or replace view msr_screened as
select
    'screened' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    screened as met
from int_course_of_conduct
where fn_supplied('screenings');
