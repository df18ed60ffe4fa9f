-- api_dmm_cases: one row per flagged open case with all its flags and reasons, most urgent
-- first; with flags given, only cases carrying at least one of them (with all their flags).
-- The cases a reason cites are named only within the areas read (fn_cite).
-- params: $areas, $flags
-- grain: crime_ref
select
    d.crime_ref,
    d.area_code,
    coalesce(a.area_name, d.area_code) as area_name,
    d.reported_at,
    d.risk_level,
    d.current_principal_code,
    d.allocated_unit,
    d.severity,
    array_to_string(d.flags, ', ') as flags,
    fn_cite(d.reasons, d.linked, $areas::varchar[]) as reasons
from dmm_cases as d
left join areas as a on d.area_code = a.area_code
where
    fn_in_areas(d.area_code, $areas::varchar[])
    and ($flags::varchar[] is null or list_has_any(d.flags, $flags))
order by d.severity asc, d.reported_at desc, d.crime_ref asc;
