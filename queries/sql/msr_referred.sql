-- measure: referred
-- label: Victim referred to support
-- numerator: victims of stalking cases with at least one referral
-- denominator: victims of stalking cases
-- unit: victims
-- recommendation: 14
-- target: target_referred
-- direction: higher
-- requires: victims, referrals
-- theme: victims
-- order: 160
-- grain: month, area_code
create or replace view msr_referred as
select
    'referred' as measure_id,
    month,
    area_code,
    count(*) filter (where referred) as numerator,
    count(*) as denominator
from int_case_victims
where fn_supplied('victims') and fn_supplied('referrals')
group by month, area_code;
