-- api_measure_cases: the units behind a measure's figure for a period and areas (its msr_*
-- view, checked by the API: the cases, or the victims or breaches it counts), each marked met
-- (in the numerator) or not; those that did not meet the measure first, then newest first.
-- unit_key is the victim (victim measures) or the order breached (order_breaches).
-- params: $view, $start, $end, $areas
-- grain: crime_ref, unit_key
select
    u.crime_ref,
    u.unit_key,
    u.met,
    c.reported_at,
    u.area_code,
    coalesce(a.area_name, u.area_code) as area_name,
    i.current_principal_code,
    c.risk_level,
    c.allocated_unit,
    c.status
from query_table($view) as u
left join stg_crimes as c on u.crime_ref = c.crime_ref
left join int_cases as i on u.crime_ref = i.crime_ref
left join areas as a on u.area_code = a.area_code
where fn_in_period(u.month, $start, $end) and fn_in_areas(u.area_code, $areas::varchar[])
order by u.met asc, c.reported_at desc, u.crime_ref asc, u.unit_key asc;
