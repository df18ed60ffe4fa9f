-- api_case_points: the coordinates of stalking cases in a period, for binning into hexagons
-- (never drawn as points: a location can identify a victim).
-- params: $start, $end, $areas
-- grain: none (one row per located case)
select
    latitude,
    longitude
from int_cases
where
    fn_in_period(month, $start, $end)
    and fn_in_areas(area_code, $areas::varchar[])
    and latitude is not null;
