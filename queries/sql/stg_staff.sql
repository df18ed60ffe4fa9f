-- stg_staff: the people the stalking training requirement applies to (v2), as loaded: the contract's columns, typed by the loader, no logic
-- (docs/extract.md).
-- grain: staff_ref
create or replace view stg_staff as
select
    staff_ref,
    role,
    area_code,
    in_scope
from staff;
