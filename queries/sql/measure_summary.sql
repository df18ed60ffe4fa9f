-- measure_summary: every measure in the catalogue as one row set (docs/measures.md).
-- Grain: one row per measure_id, month (first of month) and area_code, for the months and
-- areas where the measure's population is not empty. denominator is NULL for a count.
-- Summed over months and areas it gives the figure for any period. A measure whose source
-- table was never supplied has no rows. Materialised at each load.
create or replace table measure_summary as
select
    cast(m.measure_id as varchar) as measure_id,
    cast(m.month as date) as month,
    cast(m.area_code as varchar) as area_code,
    cast(m.numerator as bigint) as numerator,
    cast(m.denominator as bigint) as denominator
from (
select * from msr_allocated_specialist
union all
select * from msr_charged
union all
select * from msr_high_risk
union all
select * from msr_high_risk_arrest_timely
union all
select * from msr_online_element
union all
select * from msr_order_breaches
union all
select * from msr_referred
union all
select * from msr_referred_specialist
union all
select * from msr_referred_timely
union all
select * from msr_repeat_suspect
union all
select * from msr_repeat_victim
union all
select * from msr_rights_explained
union all
select * from msr_risk_assessed_timely
union all
select * from msr_s18_without_indictable
union all
select * from msr_screening_candidates
union all
select * from msr_spo_applied
union all
select * from msr_spo_considered
union all
select * from msr_spo_considered_timely
union all
select * from msr_spo_granted
union all
select * from msr_stalking_cases
union all
select * from msr_stalking_hidden
union all
select * from msr_stalking_reclassified
union all
select * from msr_stalking_recognised_timely
union all
select * from msr_stalking_tool_used
union all
select * from msr_suspect_arrested
union all
select * from msr_vna_completed
union all
select * from msr_voluntary_interview
union all
select * from msr_vps_taken
) as m;
