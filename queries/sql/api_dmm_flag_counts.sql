-- api_dmm_flag_counts: open cases per daily-meeting flag, most urgent flag first.
-- params: $areas, $protect (fn_protect: a flag's count per area is the cell)
-- grain: flag
with
cells as (
    select
        flag,
        fn_protect(count(distinct crime_ref), hash(fn_disclosure_key(), flag, area_code), $protect)
            as cases,
        min(severity) as severity
    from dmm_flags
    where fn_in_areas(area_code, $areas::varchar[])
    group by flag, area_code
)

select
    flag,
    cast(sum(cases) as bigint) as cases,
    min(severity) as severity
from cells
group by flag
order by severity, flag;
