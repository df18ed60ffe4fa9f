-- api_case_flags: one case's daily-meeting flags and reasons, most urgent first; the cases a
-- reason cites named only within the areas read (fn_cite).
-- params: $crime_ref, $areas
-- grain: flag
select
    f.flag,
    fn_cite(f.reason, f.linked, $areas::varchar[]) as reason
from dmm_flags as f
where f.crime_ref = $crime_ref and fn_in_areas(f.area_code, $areas::varchar[])
order by f.severity;
