-- api_screening_triggers: screening candidates in a period per trigger (a crime meeting two
-- triggers counts under both).
-- params: $start, $end, $areas
-- grain: trigger
select
    t.trigger,
    count(*) as crimes
from (
    select unnest(triggers) as trigger
    from screening_candidates
    where fn_in_period(month, $start, $end) and fn_in_areas(area_code, $areas::varchar[])
) as t
group by t.trigger
order by crimes desc, t.trigger asc;
