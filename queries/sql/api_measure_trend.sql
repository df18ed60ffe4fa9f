-- api_measure_trend: one measure month by month over a period: numerator, denominator and
-- value (fn_rate).
-- params: $measure_id, $start, $end, $areas
-- grain: month
select
    month,
    cast(sum(numerator) as bigint) as numerator,
    cast(sum(denominator) as bigint) as denominator,
    fn_rate(sum(numerator), sum(denominator)) as value
from measure_summary
where
    measure_id = $measure_id
    and fn_in_period(month, $start, $end)
    and fn_in_areas(area_code, $areas::varchar[])
group by month
order by month;
