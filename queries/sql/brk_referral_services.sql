-- brk_referral_services: referrals of victims of stalking cases by service and outcome
-- (recommendations 14, 16). Unit: victims (a victim referred twice to the same service counts
-- once there).
-- help: Referrals of victims of stalking cases by support service and what came of them. A victim
-- referred twice to the same service counts once there.
-- grain: month, area_code, service, outcome
create or replace view brk_referral_services as
select
    v.month,
    v.area_code,
    r.service,
    coalesce(r.outcome, 'not recorded') as outcome,
    count(distinct { 'crime_ref': r.crime_ref, 'victim_id': r.victim_id }) as victims
from stg_referrals as r
inner join int_case_victims as v on r.crime_ref = v.crime_ref and r.victim_id = v.victim_id
group by all;
