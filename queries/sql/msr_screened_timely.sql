-- measure: screened_timely
-- label: Course-of-conduct crime screened in time
-- numerator: course-of-conduct crimes whose earliest screened_at is within the screening window of the report
-- denominator: course-of-conduct crimes
-- unit: crimes
-- recommendation: 23
-- target: target_screened_timely
-- direction: higher
-- requires: crimes, classifications, screenings
-- caveats: window: settings screening_window_hours; a screening dated before the report counts as at the report (v2)
-- theme: recording
-- order: 54
-- help: Of the crimes first recorded as harassment, malicious communications, breach of an order or
-- controlling or coercive behaviour, the share first screened for hidden stalking within
-- {screening_window_hours:hour} of the report.
-- grain: crime_ref
create or replace view msr_screened_timely as
select
    'screened_timely' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    screened_timely as met
from int_course_of_conduct
where fn_supplied('screenings');
