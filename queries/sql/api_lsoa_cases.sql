-- api_lsoa_cases: stalking cases per LSOA in a period with its population and rate per 1,000;
-- an LSOA with fewer cases than $threshold (the setting hotspot_min_cases) has no count or rate.
-- params: $start, $end, $areas, $threshold
-- grain: lsoa_code
select
    b.lsoa_code,
    any_value(l.lsoa_name) as lsoa_name,
    case when sum(b.cases) >= $threshold then cast(sum(b.cases) as bigint) end as cases,
    any_value(l.population) as population,
    case
        when sum(b.cases) >= $threshold then 1000.0 * sum(b.cases) / any_value(l.population)
    end as per_1000
from brk_neighbourhood as b
left join lsoas as l on b.lsoa_code = l.lsoa_code
where
    fn_in_period(b.month, $start, $end)
    and fn_in_areas(b.area_code, $areas::varchar[])
    and b.lsoa_code <> 'not recorded'
group by b.lsoa_code;
