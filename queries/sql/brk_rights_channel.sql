-- brk_rights_channel: victims of stalking cases by how their Victims' Code rights were given
-- (needs_assessments.rights_channel, v2) and whether they were identified as entitled to
-- enhanced rights (recommendation 14), in the month and area of the case. rights_channel is
-- 'not recorded' when the needs assessment leaves it empty, 'no needs assessment' when the
-- victim has none; enhanced_rights is 'yes', 'no' or 'not recorded'. Unit: victims (one per
-- crime_ref + victim_id). No rows when needs_assessments was never supplied.
-- help: Victims of stalking cases by how their Victims' Code rights were given (in person, by
-- phone, by letter, ...) and whether they were identified as entitled to enhanced rights, as
-- every victim of stalking is (persistently targeted).
-- grain: month, area_code, rights_channel, enhanced_rights
create or replace view brk_rights_channel as
select
    v.month,
    v.area_code,
    case
        when n.crime_ref is null then 'no needs assessment'
        else coalesce(n.rights_channel, 'not recorded')
    end as rights_channel,
    case
        when n.enhanced_rights then 'yes'
        when not n.enhanced_rights then 'no'
        else 'not recorded'
    end as enhanced_rights,
    count(*) as victims
from int_case_victims as v
left join stg_needs_assessments as n
    on v.crime_ref = n.crime_ref and v.victim_id = n.victim_id
where fn_supplied('needs_assessments')
group by all;
