-- api_measure_totals: one row per catalogue measure for a period and areas: numerator,
-- denominator, value (fn_rate: a percentage for ratios, the count for counts), target, and
-- whether the tables it needs were supplied. A ratio with no case in its denominator has no
-- value; a count with no case is 0 when its tables were supplied, and no data when not.
-- params: $start, $end (first-of-month dates), $areas (NULL: every area), $protect (an
-- aggregate-only role: every count a sum of randomly rounded cells, fn_protect_cell)
-- grain: measure_id
with
sums as (
    select
        measure_id,
        cast(sum(fn_protect_cell(numerator, month, area_code, $protect)) as bigint) as numerator,
        cast(sum(fn_protect_cell(denominator, month, area_code, $protect)) as bigint)
            as denominator
    from measure_summary
    where fn_in_period(month, $start, $end) and fn_in_areas(area_code, $areas::varchar[])
    group by measure_id
),

scored as (
    select
        c.measure_id,
        c.label,
        c.recommendation,
        c.unit,
        c.is_ratio,
        c.direction,
        t.value as target,
        fn_supplied_all(c.requires) as supplied,
        c.position,
        s.denominator,
        case
            when not c.is_ratio and fn_supplied_all(c.requires) then coalesce(s.numerator, 0)
            else s.numerator
        end as numerator
    from measure_catalogue as c
    left join settings as t on c.target_setting = t.name
    left join sums as s on c.measure_id = s.measure_id
)

select
    measure_id,
    label,
    recommendation,
    unit,
    is_ratio,
    direction,
    target,
    supplied,
    numerator,
    denominator,
    fn_rate(numerator, denominator) as value
from scored
order by position;
