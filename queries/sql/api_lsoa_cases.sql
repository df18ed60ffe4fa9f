-- api_lsoa_cases: stalking cases per LSOA in a period with its population and rate per 1,000;
-- an LSOA with fewer cases than $threshold (the setting hotspot_min_cases) has no count or rate.
-- params: $start, $end, $areas, $threshold, $protect (fn_protect)
-- grain: lsoa_code
with
cells as (
    select
        b.lsoa_code,
        fn_protect(
            b.cases,
            hash(fn_disclosure_key(), b.month, b.area_code, b.neighbourhood_code, b.lsoa_code),
            $protect
        ) as cases
    from brk_neighbourhood as b
    where
        fn_in_period(b.month, $start, $end)
        and fn_in_areas(b.area_code, $areas::varchar[])
        and b.lsoa_code <> 'not recorded'
)

select
    c.lsoa_code,
    any_value(l.lsoa_name) as lsoa_name,
    case when sum(c.cases) >= $threshold then cast(sum(c.cases) as bigint) end as cases,
    any_value(l.population) as population,
    case
        when sum(c.cases) >= $threshold then 1000.0 * sum(c.cases) / any_value(l.population)
    end as per_1000
from cells as c
left join lsoas as l on c.lsoa_code = l.lsoa_code
group by c.lsoa_code
having sum(c.cases) > 0;
