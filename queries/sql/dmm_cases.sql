-- dmm_cases: the daily meeting's agenda (recommendations 12, 13, 14, 17, 18): one row per open
-- stalking case with at least one dmm_flags flag, all its flags (most urgent first) and their
-- reasons in one sentence list. Materialised at each load, so the page filters one small table
-- instead of aggregating the flags on every click. severity is the most urgent flag's (1 =
-- recent breach, 2 = high risk, ...; see dmm_flags).
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
    string_agg(f.reason, '; ' order by f.severity) as reasons
from dmm_flags as f
inner join int_cases as c on c.crime_ref = f.crime_ref
group by f.crime_ref, c.area_code, c.reported_at, c.risk_level, c.current_principal_code,
    c.allocated_unit;
