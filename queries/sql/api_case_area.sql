-- api_case_area: a crime's area, when the crime is within the areas read (no row otherwise):
-- the check before anything of one case is shown or recorded.
-- params: $crime_ref, $areas
-- grain: crime_ref
select
    c.crime_ref,
    c.area_code
from crimes as c
where c.crime_ref = $crime_ref and fn_in_areas(c.area_code, $areas::varchar[]);
