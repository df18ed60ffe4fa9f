-- brk_victim_profile: victims of stalking cases by age band and sex (recommendation 14). Unit:
-- victims (crime_ref + victim_id).
-- help: Victims of stalking cases by age band and sex.
-- grain: month, area_code, age_band, sex
create or replace view brk_victim_profile as
select
    month,
    area_code,
    coalesce(age_band, 'unknown') as age_band,
    coalesce(sex, 'unknown') as sex,
    count(*) as victims
from int_case_victims
group by all;
