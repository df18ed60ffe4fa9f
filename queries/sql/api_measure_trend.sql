-- api_measure_trend: one measure month by month over a period: numerator, denominator and
-- value (fn_rate).
-- params: $measure_id, $start, $end, $areas, $protect (fn_protect_cell)
-- grain: month
with
cells as (
    select
        month,
        fn_protect_cell(numerator, month, area_code, $protect) as numerator,
        fn_protect_cell(denominator, month, area_code, $protect) as denominator
    from measure_summary
    where
        measure_id = $measure_id
        and fn_in_period(month, $start, $end)
        and fn_in_areas(area_code, $areas::varchar[])
)

select
    month,
    cast(sum(numerator) as bigint) as numerator,
    cast(sum(denominator) as bigint) as denominator,
    fn_rate(sum(numerator), sum(denominator)) as value
from cells
group by month
order by month;
