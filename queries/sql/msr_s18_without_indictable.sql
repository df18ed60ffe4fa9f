-- measure: s18_without_indictable
-- label: s.18 search without an indictable offence
-- numerator: stalking cases with an s18 search and no current indictable classification
-- denominator: stalking cases with an s18 search
-- unit: cases
-- recommendation: 18
-- target: target_s18_without_indictable
-- direction: lower
-- requires: suspects
-- caveats: a s.18 PACE search follows arrest for an indictable offence only; indictability comes from offence_codes
-- theme: investigation
-- order: 230
-- grain: month, area_code
create or replace view msr_s18_without_indictable as
select
    's18_without_indictable' as measure_id,
    month,
    area_code,
    count(*) filter (where not has_current_indictable) as numerator,
    count(*) as denominator
from int_cases
where fn_supplied('suspects') and s18_search
group by month, area_code;
