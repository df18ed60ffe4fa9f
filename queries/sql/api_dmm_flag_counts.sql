-- api_dmm_flag_counts: open cases per daily-meeting flag, most urgent flag first.
-- params: $areas
-- grain: flag
select
    flag,
    count(distinct crime_ref) as cases,
    min(severity) as severity
from dmm_flags
where fn_in_areas(area_code, $areas::varchar[])
group by flag
order by severity, flag;
