-- api_area_rates: stalking cases per area over a period and per 1,000 residents (no rate when
-- the reference does not know the area's population). Not annualised.
-- params: $start, $end, $areas
-- grain: area_code
select
    b.area_code,
    coalesce(a.area_name, b.area_code) as area_name,
    cast(sum(b.cases) as bigint) as cases,
    any_value(a.population) as population,
    1000.0 * sum(b.cases) / any_value(a.population) as per_1000
from brk_area_cases as b
left join areas as a on b.area_code = a.area_code
where fn_in_period(b.month, $start, $end) and fn_in_areas(b.area_code, $areas::varchar[])
group by b.area_code, a.area_name
order by per_1000 desc nulls last, b.area_code asc;
