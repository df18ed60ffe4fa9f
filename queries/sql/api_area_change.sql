-- api_area_change: stalking cases per area in a period against a comparison period
-- ($before_start to $before_end), largest rise first.
-- params: $start, $end, $before_start, $before_end, $areas
-- grain: area_code
with
periods as (
    select
        b.area_code,
        coalesce(a.area_name, b.area_code) as area_name,
        cast(sum(b.cases) filter (where fn_in_period(b.month, $start, $end)) as bigint) as cases,
        cast(
            sum(b.cases) filter (where fn_in_period(b.month, $before_start, $before_end)) as bigint
        ) as previous_cases
    from brk_area_cases as b
    left join areas as a on b.area_code = a.area_code
    where fn_in_areas(b.area_code, $areas::varchar[])
    group by b.area_code, a.area_name
)

select
    area_code,
    area_name,
    cases,
    previous_cases,
    cast(coalesce(cases, 0) - coalesce(previous_cases, 0) as bigint) as change
from periods
order by change desc, area_code asc;
