-- brk_hexagons: stalking cases by H3 hexagon (recommendation 11, hotspots: never points).
-- Unit: cases. The page hides hexagons under the setting hotspot_min_cases.
-- grain: month, area_code, cell
create or replace view brk_hexagons as
select
    month,
    area_code,
    cell,
    count(*) as cases
from int_case_cells
group by all;
