-- dq_crimes_without_principal: crimes (not cancelled) with no current principal
-- classification, usually because their classifications were quarantined at load. Such a crime
-- is in no measure until a later extract gives it a valid classification history.
-- grain: crime_ref
create or replace view dq_crimes_without_principal as
select
    c.crime_ref,
    c.reported_at,
    c.month,
    c.area_code
from stg_crimes as c
where not exists (
    select 1 from classifications as k
    where k.crime_ref = c.crime_ref and k.is_principal and k.removed_at is null
);
