-- training_status: stalking training completion (recommendation 10; v2), one row per area
-- (of the staff record) and role: in_scope counts the staff the force requires to train
-- (in_scope true; false or empty is not in scope), completed those of them with a completion
-- of the course named by setting training_course (settings.text, the learning system's code:
-- an older course code does not count) completed on or after setting training_valid_from
-- (settings.text, a date: from its 00:00) and not after the as-at moment (fn_as_at). target
-- is setting target_training_completed (percent). Not a monthly flow, so not in
-- measure_summary. A role and area with no in-scope staff has no row; a staff record without
-- an area keeps area_code NULL. completed is NULL when training was never supplied (then the
-- page says "no data", never 0 %); no row at all when staff was never supplied.
-- help: Staff the force requires to complete its stalking training, by area and role, and how
-- many of them have completed the current course since it was released (an older course, or
-- a completion before the release date, does not count). The force's target:
-- {target_training_completed:%}.
-- grain: area_code, role
create or replace view training_status as
with
course as (
    select
        max(s.text) filter (where s.name = 'training_course') as course,
        cast(max(s.text) filter (where s.name = 'training_valid_from') as timestamp)
            as valid_from
    from settings as s
),

completions as (
    select distinct t.staff_ref
    from stg_training as t
    cross join course as k
    where
        t.course = k.course
        and t.completed_at >= k.valid_from
        and t.completed_at <= fn_as_at()
)

select
    s.area_code,
    s.role,
    count(*) as in_scope,
    case
        when fn_supplied('training') then count(c.staff_ref)
    end as completed,
    fn_setting('target_training_completed') as target
from stg_staff as s
left join completions as c on s.staff_ref = c.staff_ref
where coalesce(s.in_scope, false)
group by s.area_code, s.role;
