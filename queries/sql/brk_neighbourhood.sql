-- brk_neighbourhood: stalking cases by neighbourhood and LSOA (recommendation 11, hotspots).
-- Unit: cases.
-- grain: month, area_code, neighbourhood_code, lsoa_code
create or replace view brk_neighbourhood as
select
    month,
    area_code,
    coalesce(neighbourhood_code, 'not recorded') as neighbourhood_code,
    coalesce(lsoa_code, 'not recorded') as lsoa_code,
    count(*) as cases
from int_cases
group by all;
