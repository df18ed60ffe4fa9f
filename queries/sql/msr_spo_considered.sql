-- measure: spo_considered
-- label: SPO considered
-- numerator: stalking cases with an spo row whose considered_at is set
-- denominator: stalking cases
-- unit: cases
-- recommendation: 13
-- target: target_spo_considered
-- direction: higher
-- requires: spo
-- theme: risk_and_protection
-- order: 90
-- grain: month, area_code
create or replace view msr_spo_considered as
select
    'spo_considered' as measure_id,
    month,
    area_code,
    count(*) filter (where spo_considered) as numerator,
    count(*) as denominator
from int_cases
where fn_supplied('spo')
group by month, area_code;
