-- api_measure_league: every catalogue measure for every area in a period: numerator,
-- denominator, value (fn_rate), target, and whether its tables were supplied. One row per
-- measure and area that has a row in measure_summary for the period (an area with no case
-- in a ratio's denominator has no value).
-- params: $start, $end, $areas, $protect (fn_protect_cell)
-- grain: measure_id, area_code
with
sums as (
    select
        m.measure_id,
        m.area_code,
        coalesce(a.area_name, m.area_code) as area_name,
        cast(sum(fn_protect_cell(m.numerator, m.month, m.area_code, $protect)) as bigint)
            as numerator,
        cast(sum(fn_protect_cell(m.denominator, m.month, m.area_code, $protect)) as bigint)
            as denominator
    from measure_summary as m
    left join areas as a on m.area_code = a.area_code
    where fn_in_period(m.month, $start, $end) and fn_in_areas(m.area_code, $areas::varchar[])
    group by m.measure_id, m.area_code, a.area_name
)

select
    s.measure_id,
    s.area_code,
    s.area_name,
    s.numerator,
    s.denominator,
    c.label,
    c.recommendation,
    c.unit,
    c.is_ratio,
    c.direction,
    t.value as target,
    fn_supplied_all(c.requires) as supplied,
    fn_rate(s.numerator, s.denominator) as value
from sums as s
inner join measure_catalogue as c on s.measure_id = c.measure_id
left join settings as t on c.target_setting = t.name
order by s.area_name, s.measure_id;
