-- api_area_rates: stalking cases per area over a period and per 1,000 residents (no rate when
-- the reference does not know the area's population). Not annualised.
-- params: $start, $end, $areas, $protect (fn_protect_cell)
-- grain: area_code
with
cells as (
    select
        area_code,
        fn_protect_cell(cases, month, area_code, $protect) as cases
    from brk_area_cases
    where fn_in_period(month, $start, $end) and fn_in_areas(area_code, $areas::varchar[])
)

select
    c.area_code,
    coalesce(a.area_name, c.area_code) as area_name,
    cast(sum(c.cases) as bigint) as cases,
    any_value(a.population) as population,
    1000.0 * sum(c.cases) / any_value(a.population) as per_1000
from cells as c
left join areas as a on c.area_code = a.area_code
group by c.area_code, a.area_name
order by per_1000 desc nulls last, c.area_code asc;
