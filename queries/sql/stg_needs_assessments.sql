-- stg_needs_assessments: victims' needs assessments (and Victims' Code rights), as loaded: the
-- contract's columns, typed by the loader, no logic (docs/extract.md).
-- grain: crime_ref, victim_id
create or replace view stg_needs_assessments as
select
    crime_ref,
    victim_id,
    completed_at,
    rights_explained,
    enhanced_rights,
    rights_channel,
    support_declined
from needs_assessments;
