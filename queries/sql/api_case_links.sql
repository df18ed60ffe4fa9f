-- api_case_links: the other crimes (not cancelled) that share a suspect or a victim with one
-- case and were reported within the repeat window (the setting repeat_window_days) before or
-- after it: how each is linked, when and where reported, its principal offence and status. A
-- linked crime outside the areas read shows only "a case in another area", its area and date.
-- params: $crime_ref, $areas
-- grain: crime_ref, link
with
this as (
    select
        c.crime_ref,
        c.reported_at
    from stg_crimes as c
    where c.crime_ref = $crime_ref and fn_in_areas(c.area_code, $areas::varchar[])
),

people as (
    select
        'suspect ' || s.suspect_id as link,
        s.suspect_id as person_id,
        'suspect' as role
    from stg_suspects as s inner join this as t on s.crime_ref = t.crime_ref
    union all
    select
        'victim ' || v.victim_id as link,
        v.victim_id as person_id,
        'victim' as role
    from stg_victims as v inner join this as t on v.crime_ref = t.crime_ref
),

shared as (
    select
        p.link,
        s.crime_ref
    from people as p inner join stg_suspects as s on p.person_id = s.suspect_id
    where p.role = 'suspect'
    union all
    select
        p.link,
        v.crime_ref
    from people as p inner join stg_victims as v on p.person_id = v.victim_id
    where p.role = 'victim'
)

select distinct
    case
        when fn_in_areas(o.area_code, $areas::varchar[]) then o.crime_ref
        else 'a case in another area'
    end as crime_ref,
    s.link,
    o.reported_at,
    coalesce(a.area_name, o.area_code) as area_name,
    case
        when fn_in_areas(o.area_code, $areas::varchar[])
            then coalesce(i.current_principal_code, 'not a stalking case')
    end as current_principal_code,
    case when fn_in_areas(o.area_code, $areas::varchar[]) then o.status end as status
from shared as s
inner join stg_crimes as o on s.crime_ref = o.crime_ref
cross join this as t
left join int_cases as i on o.crime_ref = i.crime_ref
left join areas as a on o.area_code = a.area_code
where
    o.crime_ref <> t.crime_ref
    and abs(epoch(o.reported_at - t.reported_at)) <= epoch(fn_window('repeat_window_days'))
order by o.reported_at desc;
