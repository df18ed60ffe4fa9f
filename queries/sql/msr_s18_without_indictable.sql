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
-- help: Of the stalking cases with a search under section 18 of PACE, the share with no indictable
-- offence recorded. Lower is better: a section 18 search may follow arrest for an indictable
-- offence only.
-- grain: crime_ref
create or replace view msr_s18_without_indictable as
select
    's18_without_indictable' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    coalesce(not has_current_indictable, false) as met
from int_cases
where fn_supplied('suspects') and s18_search;
