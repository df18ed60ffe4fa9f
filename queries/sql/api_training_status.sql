-- api_training_status: training_status for the areas asked for ($areas; a staff record
-- without an area is read only with every area, $areas NULL), one row per area and role:
-- in_scope, completed (NULL when training was never supplied), the percentage completed
-- (fn_rate, from the counts shown) and the target. For an aggregate-only role each row (an
-- area and role: a cell) has its counts randomly rounded first ($protect, fn_protect, keyed
-- by area, role and 'training'), and the percentage comes from the rounded counts.
-- params: $areas, $protect
-- grain: area_code, role
with
cells as (
    select
        t.area_code,
        t.role,
        fn_protect(
            t.in_scope, hash(fn_disclosure_key(), t.area_code, t.role, 'training'), $protect
        ) as in_scope,
        fn_protect(
            t.completed, hash(fn_disclosure_key(), t.area_code, t.role, 'training'), $protect
        ) as completed,
        t.target
    from training_status as t
    where fn_in_areas(t.area_code, $areas::varchar[])
)

select
    area_code,
    role,
    cast(in_scope as bigint) as in_scope,
    cast(completed as bigint) as completed,
    fn_rate(completed, in_scope) as value,
    target
from cells
order by area_code nulls last, role;
