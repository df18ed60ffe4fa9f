-- api_screening_triggers: screening candidates in a period per trigger (a crime meeting two
-- triggers counts under both).
-- params: $start, $end, $areas, $protect (fn_protect: a trigger's count per month and area)
-- grain: trigger
with
cells as (
    select
        t.trigger,
        fn_protect(count(*), hash(fn_disclosure_key(), t.month, t.area_code, t.trigger), $protect)
            as crimes
    from (
        select
            s.month,
            s.area_code,
            unnest(s.triggers) as trigger
        from screening_candidates as s
        where fn_in_period(s.month, $start, $end) and fn_in_areas(s.area_code, $areas::varchar[])
    ) as t
    group by t.month, t.area_code, t.trigger
)

select
    trigger,
    cast(sum(crimes) as bigint) as crimes
from cells
group by trigger
having sum(crimes) > 0
order by crimes desc, trigger asc;
