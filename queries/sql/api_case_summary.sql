-- api_case_summary: one crime as its case page heads it, when it is within the areas read (no
-- row otherwise): when and where it was reported, its status, risk, unit and classifications.
-- current_principal_code is the crime's current principal classification whether or not it is
-- a stalking case (v2: a breach-of-order crime is a daily meeting case too).
-- params: $crime_ref, $areas
-- grain: crime_ref
select
    c.crime_ref,
    c.reported_at,
    c.recorded_at,
    c.area_code,
    coalesce(a.area_name, c.area_code) as area_name,
    c.status,
    c.risk_level,
    c.allocated_unit,
    c.relationship,
    c.domestic_abuse,
    c.online_element,
    c.outcome_code,
    coalesce(i.current_principal_code, p.offence_code) as current_principal_code,
    i.crime_ref is not null as is_stalking_case
from crimes as c
left join int_cases as i on c.crime_ref = i.crime_ref
left join stg_classifications as p
    on c.crime_ref = p.crime_ref and p.is_current and p.is_principal
left join areas as a on c.area_code = a.area_code
where c.crime_ref = $crime_ref and fn_in_areas(c.area_code, $areas::varchar[]);
