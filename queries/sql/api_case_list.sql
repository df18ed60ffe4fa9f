-- api_case_list: stalking cases in a period for a drill-down, newest first, with the area's
-- name; each filter narrows when given (NULL: no narrowing). method: cases with that online
-- method; s18: cases with an s.18 search all of whose current classifications are known to be
-- summary only (the s18_without_indictable measure's numerator; v2: unknown indictability, 8Q,
-- is not summary).
-- params: $start, $end, $areas, $online, $hidden, $reclassified, $risk, $status,
-- $relationship, $method, $s18
-- grain: crime_ref
select
    c.crime_ref,
    c.reported_at,
    c.area_code,
    coalesce(a.area_name, c.area_code) as area_name,
    c.neighbourhood_code,
    c.current_principal_code,
    c.relationship,
    c.domestic_abuse,
    c.online_element,
    c.risk_level,
    c.allocated_unit,
    c.status,
    c.outcome_code,
    c.is_hidden,
    c.is_reclassified,
    c.spo_considered,
    c.suspects,
    c.victims,
    c.suspect_arrested,
    c.s18_search,
    c.has_current_indictable
from int_cases as c
left join areas as a on c.area_code = a.area_code
where
    fn_in_period(c.month, $start, $end)
    and fn_in_areas(c.area_code, $areas::varchar[])
    and ($online::boolean is null or coalesce(c.online_element, false) = $online)
    and ($hidden::boolean is null or c.is_hidden = $hidden)
    and ($reclassified::boolean is null or c.is_reclassified = $reclassified)
    and ($risk::varchar is null or c.risk_level = $risk)
    and ($status::varchar is null or c.status = $status)
    and ($relationship::varchar is null or coalesce(c.relationship, 'not recorded') = $relationship)
    and (
        $method::varchar is null
        or c.crime_ref in (
            select o.crime_ref from stg_online_methods as o
            where o.method = $method
        )
    )
    and ($s18::boolean is null or (c.s18_search and c.all_current_summary) = $s18)
order by c.reported_at desc, c.crime_ref asc;
