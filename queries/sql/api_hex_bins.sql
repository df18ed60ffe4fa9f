-- api_hex_bins: stalking cases per hexagon over a period and areas, each hexagon marked shown
-- when it holds at least $threshold cases (the setting hotspot_min_cases); an aggregate-only
-- role's counts are sums of randomly rounded cells ($protect, fn_protect).
-- params: $start, $end, $areas, $threshold, $protect
-- grain: cell
with
cells as (
    select
        b.cell,
        fn_protect(
            b.cases,
            hash(fn_disclosure_key(), b.month, b.area_code, b.cell),
            $protect
        ) as cases
    from brk_hexagons as b
    where fn_in_period(b.month, $start, $end) and fn_in_areas(b.area_code, $areas::varchar[])
)

select
    cell,
    cast(sum(cases) as bigint) as cases,
    sum(cases) >= $threshold as shown
from cells
group by cell
having sum(cases) > 0
order by cases desc, cell asc;
