-- stg_classifications: every classification row with its offence group and indictability. A
-- code the reference data does not know counts as group 'other', not indictable
-- (dq_unknown_codes lists it for the force to map).
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
    coalesce(o.indictable, false) as indictable
from classifications as c
left join offence_codes as o on c.offence_code = o.offence_code;
