-- int_cases: one row per stalking case with every derived field the measures need.
-- Materialised (a TABLE) at the end of each load, inside the load's all-or-nothing swap, so
-- pages aggregate one table instead of joining eleven. Stalking case: a crime, status not
-- cancelled, with at least one current classification whose offence group is stalking. It
-- counts in the month of reported_at and its area_code. Sources: crimes, classifications,
-- offence_codes, risk_assessments, spo, suspects, victims, panels (v2), settings (windows), and the groups
-- a force edits: outcome_codes (what "charged" and "positive" mean), units (specialist or
-- generalist), risk_tools (stalking-specific tools). Charged, the one definition:
-- outcome_charged is an outcome in group 'charged' (outcome 1, charge or summons); is_charged,
-- a "charged case", adds a suspect's charged_at (charged before the case's outcome is
-- recorded). Fields from a table that was never supplied are NULL or false here; the measures
-- check fn_supplied() themselves. Caveats: first principal as int_first_principal. "Another
-- case reported in the 365 days before" means reported_at in [this report - 365 days, this
-- report), so two cases reported at the same moment are not repeats of each other.
-- all_current_summary (v2): every current classification is known to be summary only
-- (indictable false); a code of unknown indictability (NULL, e.g. 8Q) is not summary, so a case
-- with one is not counted by s18_without_indictable (v1 read unknown as summary).
-- has_current_indictable: a current classification known to be indictable. panel_referred
-- (v2): the case has a multi-agency panel referral (table panels, any panel).
-- grain: crime_ref
create or replace table int_cases as
with
classes as (
    select * from stg_classifications
),

stalking_refs as (
    select distinct crime_ref from classes
    where is_current and offence_group = 'stalking'
),

cases as (
    select c.*
    from stg_crimes as c
    inner join stalking_refs as s on c.crime_ref = s.crime_ref
),

class_facts as (
    select
        crime_ref,
        min(classified_at) filter (where offence_group = 'stalking') as first_stalking_at,
        bool_or(indictable) filter (where is_current) as has_current_indictable,
        bool_and(coalesce(not indictable, false)) filter (where is_current)
            as all_current_summary,
        count(*) filter (where offence_group = 'stalking' and not is_current)
            as stalking_classifications_removed,
        -- the current principal classification (the load keeps exactly one per crime)
        max(offence_code) filter (where is_current and is_principal) as current_principal_code,
        max(offence_group) filter (where is_current and is_principal) as current_principal_group
    from classes
    where crime_ref in (select s.crime_ref from stalking_refs as s)
    group by crime_ref
),

risk as (
    select
        a.crime_ref,
        min(a.completed_at) as first_risk_assessed_at,
        coalesce(bool_or(t.stalking_specific), false) as stalking_tool_used
    from stg_risk_assessments as a
    left join risk_tools as t on a.tool = t.tool
    where a.crime_ref in (select s.crime_ref from stalking_refs as s)
    group by a.crime_ref
),

spo_facts as (
    select
        crime_ref,
        min(considered_at) as first_spo_considered_at,
        min(applied_at) as first_spo_applied_at,
        bool_or(applied_at is not null) as spo_applied,
        bool_or(interim_granted_at is not null or granted_at is not null) as spo_granted
    from stg_spo
    where crime_ref in (select s.crime_ref from stalking_refs as s)
    group by crime_ref
),

-- the cases' suspects and victims, each joined to its case once: the facts and the repeats
-- below read them
case_suspects as (
    select
        s.crime_ref,
        s.suspect_id,
        s.arrested_at,
        s.interview,
        s.search_power,
        s.charged_at,
        c.reported_at
    from stg_suspects as s inner join cases as c on s.crime_ref = c.crime_ref
),

case_victims as (
    select
        v.crime_ref,
        v.victim_id,
        c.reported_at
    from stg_victims as v inner join cases as c on v.crime_ref = c.crime_ref
),

suspect_facts as (
    select
        crime_ref,
        count(*) as suspects,
        min(arrested_at) as first_arrest_at,
        bool_or(interview = 'voluntary') as voluntary_interview,
        bool_or(interview in ('voluntary', 'under_arrest')) as any_interview,
        bool_or(search_power = 's18') as s18_search,
        bool_or(charged_at is not null) as suspect_charged
    from case_suspects
    group by crime_ref
),

victim_counts as (
    select
        crime_ref,
        count(*) as victims
    from case_victims
    group by crime_ref
),

panel_refs as (
    select distinct crime_ref from stg_panels
),

case_people as (
    select
        crime_ref,
        'suspect' as role,
        suspect_id as person_id,
        reported_at
    from case_suspects
    union all
    select
        crime_ref,
        'victim' as role,
        victim_id as person_id,
        reported_at
    from case_victims
),

repeats as (
    select
        p.crime_ref,
        bool_or(p.role = 'suspect') as repeat_suspect,
        bool_or(p.role = 'victim') as repeat_victim
    from case_people as p
    inner join case_people as earlier
        on
            p.role = earlier.role
            and p.person_id = earlier.person_id
            and p.crime_ref <> earlier.crime_ref
            and p.reported_at > earlier.reported_at
            and earlier.reported_at >= p.reported_at - fn_window('repeat_window_days')
    group by p.crime_ref
)

select
    c.crime_ref,
    c.reported_at,
    c.month,
    c.recorded_at,
    c.area_code,
    c.neighbourhood_code,
    c.lsoa_code,
    c.latitude,
    c.longitude,
    c.domestic_abuse,
    c.relationship,
    c.online_element,
    c.risk_level,
    c.allocated_unit,
    c.allocated_at,
    c.status,
    c.outcome_code,
    c.outcome_at,
    cf.current_principal_code,
    coalesce(cf.current_principal_group, 'other') as current_principal_group,
    fp.offence_code as first_principal_code,
    fp.offence_group as first_principal_group,
    coalesce(cf.current_principal_group, 'other') <> 'stalking' as is_hidden,
    coalesce(cf.current_principal_group = 'stalking' and fp.offence_group <> 'stalking', false)
        as is_reclassified,
    cf.first_stalking_at,
    coalesce(cf.first_stalking_at <= c.reported_at + fn_window('recognition_window_days'), false)
        as recognised_timely,
    coalesce(cf.has_current_indictable, false) as has_current_indictable,
    coalesce(cf.all_current_summary, false) as all_current_summary,
    r.first_risk_assessed_at,
    coalesce(
        r.first_risk_assessed_at <= c.reported_at + fn_window('risk_assessment_window_hours'), false
    ) as risk_assessed_timely,
    coalesce(r.stalking_tool_used, false) as stalking_tool_used,
    s.first_spo_considered_at,
    s.first_spo_considered_at is not null as spo_considered,
    coalesce(s.first_spo_considered_at <= c.reported_at + fn_window('spo_window_days'), false)
        as spo_considered_timely,
    coalesce(s.spo_applied, false) as spo_applied,
    coalesce(s.spo_granted, false) as spo_granted,
    coalesce(sf.suspects, 0) as suspects,
    coalesce(vc.victims, 0) as victims,
    sf.first_arrest_at,
    sf.first_arrest_at is not null as suspect_arrested,
    coalesce(
        sf.first_arrest_at <= c.reported_at + fn_window('high_risk_arrest_window_hours'), false
    ) as arrested_within_window,
    coalesce(sf.voluntary_interview, false) as voluntary_interview,
    coalesce(sf.any_interview, false) as any_interview,
    coalesce(sf.s18_search, false) as s18_search,
    coalesce(oc.outcome_group = 'charged', false) as outcome_charged,
    coalesce(oc.positive, false) as outcome_positive,
    coalesce(sf.suspect_charged, false) or coalesce(oc.outcome_group = 'charged', false)
        as is_charged,
    u.unit_type as allocated_unit_type,
    coalesce(u.unit_type = 'specialist', false) as allocated_to_specialist,
    coalesce(u.unit_type = 'generalist', false) as allocated_to_generalist,
    coalesce(rp.repeat_suspect, false) as repeat_suspect,
    coalesce(rp.repeat_victim, false) as repeat_victim,
    pr.crime_ref is not null as panel_referred
from cases as c
left join class_facts as cf on c.crime_ref = cf.crime_ref
left join int_first_principal as fp on c.crime_ref = fp.crime_ref
left join risk as r on c.crime_ref = r.crime_ref
left join spo_facts as s on c.crime_ref = s.crime_ref
left join suspect_facts as sf on c.crime_ref = sf.crime_ref
left join victim_counts as vc on c.crime_ref = vc.crime_ref
left join repeats as rp on c.crime_ref = rp.crime_ref
left join panel_refs as pr on c.crime_ref = pr.crime_ref
left join outcome_codes as oc on c.outcome_code = oc.outcome_code
left join units as u on c.allocated_unit = u.allocated_unit;
