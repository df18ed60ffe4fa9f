-- int_case_cells: the H3 hexagon of every located stalking case (the setting
-- hotspot_h3_resolution), for hotspot maps that never draw a point. h3_cell is a function the
-- build registers for this table (queries.build: the h3 library), so it exists only while
-- the table is made. Materialised at each load.
-- grain: crime_ref
create or replace table int_case_cells as
select
    c.crime_ref,
    c.month,
    c.area_code,
    h3_cell(
        c.latitude, c.longitude, cast(fn_setting('hotspot_h3_resolution') as integer)
    ) as cell
from int_cases as c
where c.latitude is not null and c.longitude is not null;
