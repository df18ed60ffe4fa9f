-- stg_spo: Stalking Protection Order consideration per crime and suspect, as loaded: the
-- contract's columns, typed by the loader, no logic (docs/extract.md).
-- grain: crime_ref, suspect_id
create or replace view stg_spo as
select
    crime_ref,
    suspect_id,
    considered_at,
    decision,
    applied_at,
    interim_granted_at,
    granted_at,
    refused_at,
    order_id
from spo;
