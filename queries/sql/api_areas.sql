-- api_areas: every area code seen in the cases or the reference, with its name and population.
-- params: $areas (NULL: every area; a list: just those)
-- grain: area_code
with
case_areas as (
    select distinct area_code from int_cases
)

select
    coalesce(a.area_code, c.area_code) as area_code,
    coalesce(a.area_name, c.area_code) as area_name,
    a.population
from areas as a
full join case_areas as c on a.area_code = c.area_code
where fn_in_areas(coalesce(a.area_code, c.area_code), $areas::varchar[])
order by area_name;
