-- measure: spo_applied
-- label: SPO applied for
-- numerator: stalking cases with an SPO applied_at, among those with SPO considered
-- denominator: stalking cases with SPO considered
-- unit: cases
-- recommendation: 13
-- target: none
-- direction: none
-- requires: spo
-- caveats: an application with no recorded consideration counts in neither (dq_implausible_timelines does not hide it: it is in the SPO pipeline breakdown)
-- theme: risk_and_protection
-- order: 110
-- help: Of the stalking cases where a Stalking Protection Order (SPO) was considered, the share
-- where one was applied for.
-- grain: crime_ref
create or replace view msr_spo_applied as
select
    'spo_applied' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    coalesce(spo_applied, false) as met
from int_cases
where fn_supplied('spo') and spo_considered;
