-- api_area_change: stalking cases per area in a period against a comparison period
-- ($before_start to $before_end), largest rise first.
-- params: $start, $end, $before_start, $before_end, $areas, $protect (fn_protect_cell)
-- grain: area_code
with
cells as (
    select
        month,
        area_code,
        fn_protect_cell(cases, month, area_code, $protect) as cases
    from brk_area_cases
    where fn_in_areas(area_code, $areas::varchar[])
),

periods as (
    select
        c.area_code,
        coalesce(a.area_name, c.area_code) as area_name,
        cast(sum(c.cases) filter (where fn_in_period(c.month, $start, $end)) as bigint) as cases,
        cast(
            sum(c.cases) filter (where fn_in_period(c.month, $before_start, $before_end)) as bigint
        ) as previous_cases
    from cells as c
    left join areas as a on c.area_code = a.area_code
    group by c.area_code, a.area_name
)

select
    area_code,
    area_name,
    cases,
    previous_cases,
    cast(coalesce(cases, 0) - coalesce(previous_cases, 0) as bigint) as change
from periods
order by change desc, area_code asc;
