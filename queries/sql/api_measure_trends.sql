-- api_measure_trends: every measure month by month over a period in one query (the alerts
-- read each targeted measure's series at once): numerator, denominator and value (fn_rate),
-- as api_measure_trend gives one measure's.
-- params: $start, $end, $areas, $protect (fn_protect_cell)
-- grain: measure_id, month
with
cells as (
    select
        measure_id,
        month,
        fn_protect_cell(numerator, month, area_code, $protect) as numerator,
        fn_protect_cell(denominator, month, area_code, $protect) as denominator
    from measure_summary
    where
        fn_in_period(month, $start, $end)
        and fn_in_areas(area_code, $areas::varchar[])
)

select
    measure_id,
    month,
    cast(sum(numerator) as bigint) as numerator,
    cast(sum(denominator) as bigint) as denominator,
    fn_rate(sum(numerator), sum(denominator)) as value
from cells
group by measure_id, month
order by measure_id, month;
