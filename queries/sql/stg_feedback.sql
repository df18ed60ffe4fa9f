-- stg_feedback: victims' satisfaction surveys (v2), as loaded: the contract's columns, typed by the loader, no logic
-- (docs/extract.md).
-- grain: crime_ref, victim_id, surveyed_at
create or replace view stg_feedback as
select
    crime_ref,
    victim_id,
    surveyed_at,
    satisfaction
from feedback;
