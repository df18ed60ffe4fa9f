-- dmm_cases: the daily meeting's agenda (recommendations 12, 13, 14, 17, 18): one row per open
-- stalking case with at least one dmm_flags flag, all its flags (most urgent first) and their
-- reasons in one sentence list. Materialised at each load, so the page filters one small table
-- instead of aggregating the flags on every click. severity is the most urgent flag's (1 =
-- recent breach, 2 = high risk, ...; see dmm_flags). linked: the other cases the reasons cite,
-- with their areas (the API writes them where a reason holds {refs}).
-- grain: crime_ref
create or replace table dmm_cases as
select
    f.crime_ref,
    c.area_code,
    c.reported_at,
    c.risk_level,
    c.current_principal_code,
    c.allocated_unit,
    cast(min(f.severity) as integer) as severity,
    list(f.flag order by f.severity) as flags,
    string_agg(f.reason, '; ' order by f.severity) as reasons,
    flatten(list(f.linked order by f.severity) filter (where f.linked is not null)) as linked
from dmm_flags as f
inner join int_cases as c on f.crime_ref = c.crime_ref
group by
    f.crime_ref, c.area_code, c.reported_at, c.risk_level, c.current_principal_code,
    c.allocated_unit;
