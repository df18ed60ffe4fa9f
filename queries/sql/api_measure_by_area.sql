-- api_measure_by_area: one measure area by area over a period, with the area's name:
-- numerator, denominator and value (fn_rate).
-- params: $measure_id, $start, $end, $areas
-- grain: area_code
select
    m.area_code,
    coalesce(a.area_name, m.area_code) as area_name,
    cast(sum(m.numerator) as bigint) as numerator,
    cast(sum(m.denominator) as bigint) as denominator,
    fn_rate(sum(m.numerator), sum(m.denominator)) as value
from measure_summary as m
left join areas as a on m.area_code = a.area_code
where
    m.measure_id = $measure_id
    and fn_in_period(m.month, $start, $end)
    and fn_in_areas(m.area_code, $areas::varchar[])
group by all
order by area_name;
