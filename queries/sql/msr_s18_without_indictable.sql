-- measure: s18_without_indictable
-- label: s.18 search without an indictable offence
-- numerator: stalking cases with an s18 search all of whose current classifications are known to be summary only (indictable false in offence_codes)
-- denominator: stalking cases with an s18 search
-- unit: cases
-- recommendation: 18
-- target: target_s18_without_indictable
-- direction: lower
-- requires: suspects
-- caveats: a s.18 PACE search follows arrest for an indictable offence only; indictability comes from offence_codes; v2: a classification of unknown indictability (8Q) is not summary, so such a case is not counted (v1 counted it)
-- theme: investigation
-- order: 230
-- help: Of the stalking cases with a search under section 18 of PACE, the share whose current
-- offences are all known to be summary only (an offence whose indictability is not known, such as
-- 8Q, is not counted). Lower is better: a section 18 search may follow arrest for an indictable
-- offence only.
-- grain: crime_ref
create or replace view msr_s18_without_indictable as
select
    's18_without_indictable' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    all_current_summary as met
from int_cases
where fn_supplied('suspects') and s18_search;
