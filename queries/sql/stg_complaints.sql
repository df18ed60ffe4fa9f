-- stg_complaints: complaints about the handling of a crime (v2), as loaded: the contract's columns, typed by the loader, no logic
-- (docs/extract.md).
-- grain: complaint_ref
create or replace view stg_complaints as
select
    complaint_ref,
    crime_ref,
    received_at,
    upheld
from complaints;
