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
-- grain: month, area_code
create or replace view msr_spo_granted as
select
    'spo_granted' as measure_id,
    month,
    area_code,
    count(*) filter (where spo_granted) as numerator,
    count(*) as denominator
from int_cases
where fn_supplied('spo') and spo_applied
group by month, area_code;
