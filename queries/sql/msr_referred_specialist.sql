-- measure: referred_specialist
-- label: Victim referred to a specialist stalking service
-- numerator: victims of stalking cases referred to a specialist stalking service (services.csv: specialist)
-- denominator: victims of stalking cases
-- unit: victims
-- recommendation: 14
-- target: none
-- direction: none
-- requires: victims, referrals
-- theme: victims
-- order: 180
-- grain: month, area_code
create or replace view msr_referred_specialist as
select
    'referred_specialist' as measure_id,
    month,
    area_code,
    count(*) filter (where referred_specialist) as numerator,
    count(*) as denominator
from int_case_victims
where fn_supplied('victims') and fn_supplied('referrals')
group by month, area_code;
