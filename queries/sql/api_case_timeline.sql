-- api_case_timeline: every event the database holds for one case, in time order (its report,
-- recording, allocation and outcome; each classification added or removed; risk assessments;
-- SPO stages; orders against its suspects and their breaches; victims' needs assessments,
-- referrals and personal statements; suspects' arrests and charges), when the case is within
-- the areas read. The meeting's decisions are added by the API (they live outside the file).
-- params: $crime_ref, $areas
-- grain: none (one row per event)
with
this as (
    select c.*
    from crimes as c
    where c.crime_ref = $crime_ref and fn_in_areas(c.area_code, $areas::varchar[])
),

spo_events as (
    select
        crime_ref,
        suspect_id,
        unnest([considered_at, applied_at, interim_granted_at, granted_at, refused_at]) as at,
        unnest([
            'SPO considered: '
            || coalesce(fn_label('spo_decision', decision), 'no decision recorded'),
            'SPO applied for',
            'Interim SPO granted',
            'SPO granted',
            'SPO refused'
        ]) as event
    from stg_spo
),

events as (
    select
        t.reported_at as at,
        'report' as kind,
        'Reported' as event
    from this as t
    union all
    select
        t.recorded_at as at,
        'report' as kind,
        'Recorded' as event
    from this as t
    union all
    select
        t.allocated_at as at,
        'allocation' as kind,
        'Allocated to ' || coalesce(u.label, t.allocated_unit) as event
    from this as t left join units as u on t.allocated_unit = u.allocated_unit
    union all
    select
        t.outcome_at as at,
        'outcome' as kind,
        'Outcome: ' || coalesce(o.label, 'outcome ' || t.outcome_code) as event
    from this as t left join outcome_codes as o on t.outcome_code = o.outcome_code
    union all
    select
        c.classified_at as at,
        'classification' as kind,
        'Classified ' || c.offence_code || ' (' || fn_label('offence_group', c.offence_group)
        || ', '
        || case when c.is_principal then 'principal' else 'included' end || ')' as event
    from stg_classifications as c inner join this as t on c.crime_ref = t.crime_ref
    union all
    select
        c.removed_at as at,
        'classification' as kind,
        'Classification ' || c.offence_code || ' removed' as event
    from stg_classifications as c inner join this as t on c.crime_ref = t.crime_ref
    union all
    select
        r.completed_at as at,
        'risk' as kind,
        'Risk assessed ' || coalesce(lower(fn_label('risk_level', r.risk_level)), 'without a grade')
        || ' ('
        || coalesce(k.label, r.tool) || ')' as event
    from stg_risk_assessments as r
    inner join this as t on r.crime_ref = t.crime_ref
    left join risk_tools as k on r.tool = k.tool
    union all
    select
        s.at,
        'spo' as kind,
        s.event || ' (suspect ' || s.suspect_id || ')' as event
    from spo_events as s inner join this as t on s.crime_ref = t.crime_ref
    union all
    select
        o.granted_at as at,
        'order' as kind,
        'Order ' || o.order_id || ' (' || fn_label('order_type', o.order_type)
        || ') granted against suspect '
        || o.suspect_id
        || coalesce(', expires ' || strftime(o.expires_at, '%d %b %Y'), '') as event
    from stg_orders as o
    inner join stg_suspects as s on o.suspect_id = s.suspect_id
    inner join this as t on s.crime_ref = t.crime_ref
    union all
    select
        b.breached_at as at,
        'breach' as kind,
        'Order ' || o.order_id || ' (' || fn_label('order_type', o.order_type) || ') breached'
            as event
    from stg_breaches as b
    inner join stg_orders as o on b.order_id = o.order_id
    inner join stg_suspects as s on o.suspect_id = s.suspect_id
    inner join this as t on s.crime_ref = t.crime_ref
    union all
    select
        n.completed_at as at,
        'victim' as kind,
        'Needs assessment of victim ' || n.victim_id
        || case when n.rights_explained then ': Victims'' Code rights explained' else '' end
            as event
    from stg_needs_assessments as n inner join this as t on n.crime_ref = t.crime_ref
    union all
    select
        r.referred_at as at,
        'victim' as kind,
        'Victim ' || r.victim_id || ' referred to ' || coalesce(v.label, r.service)
        || coalesce(' (' || fn_label('referral_outcome', r.outcome) || ')', '') as event
    from stg_referrals as r
    inner join this as t on r.crime_ref = t.crime_ref
    left join services as v on r.service = v.service
    union all
    select
        v.vps_offered_at as at,
        'victim' as kind,
        'Victim personal statement offered to victim ' || v.victim_id as event
    from stg_victims as v inner join this as t on v.crime_ref = t.crime_ref
    union all
    select
        v.vps_taken_at as at,
        'victim' as kind,
        'Victim personal statement taken from victim ' || v.victim_id as event
    from stg_victims as v inner join this as t on v.crime_ref = t.crime_ref
    union all
    select
        s.arrested_at as at,
        'suspect' as kind,
        'Suspect ' || s.suspect_id || ' arrested' as event
    from stg_suspects as s inner join this as t on s.crime_ref = t.crime_ref
    union all
    select
        s.charged_at as at,
        'suspect' as kind,
        'Suspect ' || s.suspect_id || ' charged' as event
    from stg_suspects as s inner join this as t on s.crime_ref = t.crime_ref
)

select
    e.at,
    e.kind,
    e.event
from events as e
where e.at is not null
order by e.at, e.kind, e.event;
