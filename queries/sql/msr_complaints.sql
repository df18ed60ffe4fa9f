-- measure: complaints
-- label: Complaints about stalking cases
-- numerator: complaints whose crime is a stalking case, by the month of received_at and the case's area
-- denominator: none
-- unit: complaints
-- recommendation: 11
-- target: none
-- direction: none
-- requires: complaints
-- caveats: v2; a complaint without received_at counts in the month its case was reported (as an
-- order breach without breached_at does), so a total over any span holds every complaint
-- theme: victims
-- order: 186
-- help: Complaints about the handling of stalking cases, counted in the month they were received and
-- the area of the case.
-- grain: crime_ref, unit_key
create or replace view msr_complaints as
select
    'complaints' as measure_id,
    k.crime_ref,
    k.complaint_ref as unit_key,
    cast(date_trunc('month', coalesce(k.received_at, c.reported_at)) as date) as month,
    c.area_code,
    true as met
from stg_complaints as k
inner join int_cases as c on k.crime_ref = c.crime_ref
where fn_supplied('complaints');
