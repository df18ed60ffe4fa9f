-- stg_classifications: every classification row with its offence group and indictability. A
-- code the reference data does not know counts as group 'other' (dq_unknown_codes lists it for
-- the force to map). indictable is true, false (summary only) or NULL: unknown, for a code
-- whose reference row leaves it empty (8Q) or a code the reference data does not know (v2: v1
-- read both as summary only).
-- grain: crime_ref, offence_code, classified_at
create or replace view stg_classifications as
select
    c.crime_ref,
    c.offence_code,
    c.is_principal,
    c.classified_at,
    c.removed_at,
    c.removed_at is null as is_current,
    coalesce(o.offence_group, 'other') as offence_group,
    o.indictable
from classifications as c
left join offence_codes as o on c.offence_code = o.offence_code;
