-- brk_suspect_profile: suspects of stalking cases by age band and sex (recommendation 11).
-- Unit: suspects (crime_ref + suspect_id).
-- help: Suspects of stalking cases by age band and sex.
-- grain: month, area_code, age_band, sex
create or replace view brk_suspect_profile as
select
    c.month,
    c.area_code,
    coalesce(s.age_band, 'unknown') as age_band,
    coalesce(s.sex, 'unknown') as sex,
    count(*) as suspects
from stg_suspects as s
inner join int_cases as c on s.crime_ref = c.crime_ref
group by all;
