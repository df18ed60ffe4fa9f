-- measure: spo_granted
-- label: SPO granted
-- numerator: stalking cases with an interim or full SPO granted, among those with an SPO applied_at
-- denominator: stalking cases with an SPO applied_at
-- unit: cases
-- recommendation: 13
-- target: none
-- direction: none
-- requires: spo
-- theme: risk_and_protection
-- order: 120
-- help: Of the stalking cases where a Stalking Protection Order (SPO) was applied for, the share
-- where an interim or full order was granted.
-- grain: crime_ref
create or replace view msr_spo_granted as
select
    'spo_granted' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    coalesce(spo_granted, false) as met
from int_cases
where fn_supplied('spo') and spo_applied;
