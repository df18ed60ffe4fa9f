-- api_dmm_flags: every open case's daily-meeting flags, most urgent first; the cases a reason
-- cites are named only within the areas read (fn_cite).
-- params: $areas, $flags (NULL: every flag; a list: those)
-- grain: crime_ref, flag
select
    crime_ref,
    flag,
    fn_cite(reason, linked, $areas::varchar[]) as reason,
    severity,
    area_code,
    reported_at
from dmm_flags
where
    fn_in_areas(area_code, $areas::varchar[])
    and ($flags::varchar[] is null or list_contains($flags, flag))
order by severity asc, reported_at desc, crime_ref asc;
