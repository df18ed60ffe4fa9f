-- api_measure_by_area: one measure area by area over a period, with the area's name:
-- numerator, denominator and value (fn_rate).
-- params: $measure_id, $start, $end, $areas, $protect (fn_protect_cell)
-- grain: area_code
with
cells as (
    select
        area_code,
        fn_protect_cell(numerator, month, area_code, $protect) as numerator,
        fn_protect_cell(denominator, month, area_code, $protect) as denominator
    from measure_summary
    where
        measure_id = $measure_id
        and fn_in_period(month, $start, $end)
        and fn_in_areas(area_code, $areas::varchar[])
)

select
    c.area_code,
    coalesce(a.area_name, c.area_code) as area_name,
    cast(sum(c.numerator) as bigint) as numerator,
    cast(sum(c.denominator) as bigint) as denominator,
    fn_rate(sum(c.numerator), sum(c.denominator)) as value
from cells as c
left join areas as a on c.area_code = a.area_code
group by all
order by area_name;
