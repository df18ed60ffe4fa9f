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
-- help: Crimes recorded as harassment, malicious communications, breach of an order or controlling
-- or coercive behaviour, and not as stalking, that should be screened for hidden stalking (a
-- breach of an order, an ex-partner, or the same suspect and victim again), by the month and area
-- of their report.
-- grain: crime_ref
create or replace view msr_screening_candidates as
select
    'screening_candidates' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    true as met
from screening_candidates;
