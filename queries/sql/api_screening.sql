-- api_screening: crimes to screen for hidden stalking in a period, newest first, with their
-- triggers; with triggers given, only crimes meeting at least one of them. The earlier crimes
-- of the same pair are named only within the areas read (fn_refs).
-- params: $start, $end, $areas, $triggers
-- grain: crime_ref
select
    s.crime_ref,
    s.reported_at,
    s.area_code,
    coalesce(a.area_name, s.area_code) as area_name,
    array_to_string(s.triggers, ', ') as triggers,
    s.current_principal_code,
    s.current_codes,
    s.relationship,
    s.domestic_abuse,
    s.online_element,
    s.risk_level,
    s.status,
    s.suspects,
    s.victims,
    fn_refs(s.earlier_crimes_same_pair, $areas::varchar[]) as earlier_crimes_same_pair
from screening_candidates as s
left join areas as a on s.area_code = a.area_code
where
    fn_in_period(s.month, $start, $end)
    and fn_in_areas(s.area_code, $areas::varchar[])
    and ($triggers::varchar[] is null or list_has_any(s.triggers, $triggers))
order by s.reported_at desc, s.crime_ref asc;
