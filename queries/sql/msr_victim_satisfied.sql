-- measure: victim_satisfied
-- label: Victim satisfied
-- numerator: surveys of victims of stalking cases answering very_satisfied or fairly_satisfied
-- denominator: surveys of victims of stalking cases
-- unit: surveys
-- recommendation: 11
-- target: none
-- direction: none
-- requires: feedback
-- caveats: v2; a survey counts in the month of surveyed_at and the area of its case; a survey with no answer is in the denominator (not satisfied); every survey counts, so a victim surveyed twice counts twice
-- theme: victims
-- order: 185
-- help: Of the satisfaction surveys of victims of stalking cases, the share answering very or fairly
-- satisfied, by the month of the survey.
-- grain: crime_ref, unit_key
create or replace view msr_victim_satisfied as
select
    'victim_satisfied' as measure_id,
    f.crime_ref,
    f.victim_id || ' ' || strftime(f.surveyed_at, '%Y-%m-%d %H:%M:%S') as unit_key,
    cast(date_trunc('month', f.surveyed_at) as date) as month,
    c.area_code,
    coalesce(f.satisfaction in ('very_satisfied', 'fairly_satisfied'), false) as met
from stg_feedback as f
inner join int_cases as c on f.crime_ref = c.crime_ref
where fn_supplied('feedback');
