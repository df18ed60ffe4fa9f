-- stg_screenings: supervisors' screenings of a crime for hidden stalking (v2), as loaded: the contract's columns, typed by the loader, no logic
-- (docs/extract.md).
-- grain: crime_ref, screened_at
create or replace view stg_screenings as
select
    crime_ref,
    screened_at,
    outcome
from screenings;
