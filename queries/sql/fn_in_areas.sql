-- fn_in_areas: the area filter of every query: true when area_code is among the areas asked
-- for. areas is a bound list parameter ($areas::varchar[]): NULL reads every area; a list,
-- even an empty one, only those (a person narrowed to no area reads nothing).
create or replace macro fn_in_areas(area_code_, areas_) as (
    areas_ is null or coalesce(list_contains(areas_, area_code_), false)
);
