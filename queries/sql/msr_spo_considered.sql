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
-- help: The share of stalking cases where a Stalking Protection Order (SPO) was considered,
-- whatever was decided.
-- grain: crime_ref
create or replace view msr_spo_considered as
select
    'spo_considered' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    coalesce(spo_considered, false) as met
from int_cases
where fn_supplied('spo');
