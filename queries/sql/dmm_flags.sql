-- dmm_flags: what the daily management meeting must decide today (recommendations 12, 13, 14,
-- 17, 18, 23): one row per DMM case and flag, evaluated at the as-at moment (fn_as_at: the
-- latest extract), with a reason a chair can read aloud. DMM cases (v2, dmm_open_cases): open
-- stalking cases and open crimes with a current breach_of_order classification; a flag applies
-- to both unless it says "stalking case" or "breach-of-order crime". Columns: crime_ref, flag,
-- reason, linked (the other cases a reason cites, each with its area: the reason holds {refs}
-- where the API writes them, a case outside the reader's areas as "a case in another area"),
-- plus severity (1 = most urgent, for sorting), area_code and reported_at (for filtering).
-- Materialised at each load. Flags, most urgent first: recent_breach, high_risk,
-- no_protection, order_expiring (v2), high_risk_no_arrest, no_risk_assessment,
-- spo_not_considered (stalking cases; v2: after dmm_spo_after_hours, not the 7-day SPO window),
-- not_screened (v2: breach-of-order crimes with no stalking classification, current or removed,
-- and no screening, after screening_window_hours), allocation_mismatch, vna_missing (v2: after
-- needs_window_hours), no_referral (v2: victims who want support, i.e. no support_declined
-- true; after referral_window_days WORKING days: the working days after the report's date up to
-- the as-at date exceed it), repeat_suspect, new. "Reported more than N ago" is strict: as_at -
-- reported_at > window. A flag that needs a table that was never supplied is not raised (no
-- assessment data is not "no assessment"). Caveats: a suspect with mappa_level missing counts
-- as mappa_level none; an SPO is in force when its spo row has interim_granted_at or
-- granted_at set, any other order when it was granted at or before as-at and has not expired;
-- order_expiring: an order against a suspect of the case, granted at or before as-at, whose
-- expires_at is after as-at and at most order_expiry_warning_days after it;
-- high_risk_no_arrest is raised also when no suspect is recorded (spec; before v2 it needed a
-- suspect), its reason then says "no suspect recorded".
-- help: Each open stalking case, and each open crime recorded as a breach of an order, is flagged
-- for the meeting when: a protective order against its suspect was breached in the last
-- {recent_breach_days:day} (recent breach); its latest risk grade is high (high risk); it is high
-- risk and no order protects the victim from its suspect (suspect unprotected); an order in force
-- against its suspect expires within {order_expiry_warning_days:day} (order expiring); it is high
-- risk and no suspect was arrested within {high_risk_arrest_window_hours:hour} of the report (no
-- arrest); no risk assessment was completed within {risk_assessment_window_hours:hour} of the
-- report; a stalking case has had no Stalking Protection Order considered
-- {dmm_spo_after_hours:hour} after the report; a breach of an order never recorded as stalking was
-- not screened for stalking within {screening_window_hours:hour} (not screened); it is medium or
-- high risk and allocated to a unit that is not a specialist one (allocation mismatch); a victim
-- has no needs assessment {needs_window_hours:hour} after the report; a victim who wants support
-- is not referred {referral_window_days:working day} after the report; its suspect is a suspect
-- in another stalking case reported in the {repeat_window_days:day} before (repeat suspect); or it
-- was reported in the last {new_case_window_hours:hour} ({new_case_window_monday_hours:hour} on a
-- Monday: new). A flag that needs data the extract never supplied is not raised. The most urgent
-- flag comes first.
-- grain: crime_ref, flag
create or replace table dmm_flags as
with
now_ as (
    select
        fn_as_at() as as_at,
        case
            when isodow(fn_as_at()) = 1
                then fn_window('new_case_window_monday_hours')
            else fn_window('new_case_window_hours')
        end as new_window
),

open_cases as (
    select
        c.*,
        n.as_at,
        n.new_window
    from dmm_open_cases as c
    cross join now_ as n
),

case_suspects as (
    select
        s.*,
        o.as_at
    from stg_suspects as s
    inner join open_cases as o on s.crime_ref = o.crime_ref
),

orders_in_force as (
    select distinct o.suspect_id
    from stg_orders as o
    cross join now_ as n
    where o.granted_at <= n.as_at and (o.expires_at is null or o.expires_at > n.as_at)
),

spo_granted as (
    select distinct
        crime_ref,
        suspect_id
    from stg_spo
    where interim_granted_at is not null or granted_at is not null
),

unprotected as (
    select
        s.crime_ref,
        string_agg(s.suspect_id, ', ' order by s.suspect_id) as suspect_ids
    from case_suspects as s
    where
        coalesce(s.mappa_level, 'none') = 'none'
        and s.suspect_id not in (select f.suspect_id from orders_in_force as f)
        and not exists (
            select 1 from spo_granted as g
            where g.crime_ref = s.crime_ref and g.suspect_id = s.suspect_id
        )
    group by s.crime_ref
),

recent_breaches as (
    select
        s.crime_ref,
        max(b.breached_at) as last_breached_at,
        string_agg(
            distinct b.order_id || ' ('
            || coalesce(fn_label('order_type', o.order_type), 'order') || ')',
            ', '
        )
            as orders_breached
    from case_suspects as s
    inner join stg_orders as o on s.suspect_id = o.suspect_id
    inner join stg_breaches as b on o.order_id = b.order_id
    where
        b.breached_at >= s.as_at - fn_window('recent_breach_days')
        and b.breached_at <= s.as_at
    group by s.crime_ref
),

expiring_orders as (
    select
        s.crime_ref,
        min(o.expires_at) as first_expires_at,
        string_agg(
            distinct o.order_id || ' ('
            || coalesce(fn_label('order_type', o.order_type), 'order') || ')',
            ', '
        ) as orders_expiring
    from case_suspects as s
    inner join stg_orders as o on s.suspect_id = o.suspect_id
    where
        o.granted_at <= s.as_at
        and o.expires_at > s.as_at
        and o.expires_at <= s.as_at + fn_window('order_expiry_warning_days')
    group by s.crime_ref
),

referred_victims as (
    select distinct
        crime_ref,
        victim_id
    from stg_referrals
    where crime_ref in (select o.crime_ref from open_cases as o)  -- the open cases' only
),

victim_gaps as (
    select
        v.crime_ref,
        count(*) filter (where na.completed_at is null) as without_assessment,
        count(*) filter (
            where not coalesce(na.support_declined, false) and r.victim_id is null
        ) as without_referral
    from stg_victims as v
    inner join open_cases as o on v.crime_ref = o.crime_ref
    left join stg_needs_assessments as na
        on v.crime_ref = na.crime_ref and v.victim_id = na.victim_id
    left join referred_victims as r on v.crime_ref = r.crime_ref and v.victim_id = r.victim_id
    group by v.crime_ref
),

other_cases as (
    select
        s.crime_ref,
        list(
            distinct { 'crime_ref': other.crime_ref, 'area_code': other.area_code }
            order by { 'crime_ref': other.crime_ref, 'area_code': other.area_code }
        ) as linked
    from case_suspects as s
    inner join stg_suspects as os
        on s.suspect_id = os.suspect_id and s.crime_ref <> os.crime_ref
    inner join int_cases as other on os.crime_ref = other.crime_ref
    where
        other.reported_at >= s.as_at - fn_window('repeat_window_days')
        and other.reported_at <= s.as_at
    group by s.crime_ref
),

flags as (
    select
        o.crime_ref,
        'recent_breach' as flag,
        1 as severity,
        'Order ' || rb.orders_breached || ' breached '
        || fn_elapsed(rb.last_breached_at, o.as_at) || ' ago' as reason,
        null as linked
    from open_cases as o inner join recent_breaches as rb on o.crime_ref = rb.crime_ref

    union all
    select
        o.crime_ref,
        'high_risk' as flag,
        2 as severity,
        'Risk assessed as high' as reason,
        null as linked
    from open_cases as o
    where o.risk_level = 'high'

    union all
    select
        o.crime_ref,
        'no_protection' as flag,
        3 as severity,
        'High risk; suspect ' || u.suspect_ids || ' has no SPO, order in force or MAPPA'
            as reason,
        null as linked
    from open_cases as o inner join unprotected as u on o.crime_ref = u.crime_ref
    where o.risk_level = 'high' and fn_supplied('suspects')

    union all
    select
        o.crime_ref,
        'order_expiring' as flag,
        4 as severity,
        'Order ' || e.orders_expiring || ' expires in ' || fn_elapsed(o.as_at, e.first_expires_at)
            as reason,
        null as linked
    from open_cases as o inner join expiring_orders as e on o.crime_ref = e.crime_ref

    union all
    select
        o.crime_ref,
        'high_risk_no_arrest' as flag,
        5 as severity,
        case
            when o.suspects = 0 then 'High risk and no suspect recorded '
            else 'High risk and no suspect arrested '
        end
        || fn_elapsed(o.reported_at, o.as_at) || ' after report' as reason,
        null as linked
    from open_cases as o
    where
        o.risk_level = 'high' and fn_supplied('suspects')
        and not o.suspect_arrested
        and o.as_at - o.reported_at > fn_window('high_risk_arrest_window_hours')

    union all
    select
        o.crime_ref,
        'no_risk_assessment' as flag,
        6 as severity,
        'No risk assessment ' || fn_elapsed(o.reported_at, o.as_at) || ' after report' as reason,
        null as linked
    from open_cases as o
    where
        fn_supplied('risk_assessments') and o.first_risk_assessed_at is null
        and o.as_at - o.reported_at > fn_window('risk_assessment_window_hours')

    union all
    select
        o.crime_ref,
        'spo_not_considered' as flag,
        7 as severity,
        'SPO not considered ' || fn_elapsed(o.reported_at, o.as_at) || ' after report' as reason,
        null as linked
    from open_cases as o
    where
        fn_supplied('spo') and o.is_stalking_case and not o.spo_considered
        and o.as_at - o.reported_at > fn_window('dmm_spo_after_hours')

    union all
    select
        o.crime_ref,
        'not_screened' as flag,
        8 as severity,
        'Breach of an order not screened for stalking ' || fn_elapsed(o.reported_at, o.as_at)
        || ' after report' as reason,
        null as linked
    from open_cases as o
    where
        fn_supplied('screenings') and o.is_breach_of_order and not o.ever_stalking
        and not o.screened
        and o.as_at - o.reported_at > fn_window('screening_window_hours')

    union all
    select
        o.crime_ref,
        'allocation_mismatch' as flag,
        9 as severity,
        'Risk ' || lower(fn_label('risk_level', o.risk_level)) || ' but allocated to '
        || coalesce(u.label, o.allocated_unit) as reason,
        null as linked
    from open_cases as o
    left join units as u on o.allocated_unit = u.allocated_unit
    where o.risk_level in ('medium', 'high') and o.allocated_to_generalist

    union all
    select
        o.crime_ref,
        'vna_missing' as flag,
        10 as severity,
        vg.without_assessment || ' victim(s) without a needs assessment '
        || fn_elapsed(o.reported_at, o.as_at) || ' after report' as reason,
        null as linked
    from open_cases as o inner join victim_gaps as vg on o.crime_ref = vg.crime_ref
    where
        fn_supplied('needs_assessments') and vg.without_assessment > 0
        and o.as_at - o.reported_at > fn_window('needs_window_hours')

    union all
    select
        o.crime_ref,
        'no_referral' as flag,
        11 as severity,
        vg.without_referral || ' victim(s) not referred to support '
        || fn_working_days(o.reported_at, o.as_at) || ' working days after report' as reason,
        null as linked
    from open_cases as o inner join victim_gaps as vg on o.crime_ref = vg.crime_ref
    where
        fn_supplied('referrals') and vg.without_referral > 0
        and fn_working_days(o.reported_at, o.as_at) > fn_setting('referral_window_days')

    union all
    select
        o.crime_ref,
        'repeat_suspect' as flag,
        12 as severity,
        'Suspect also on {refs} in the last '
        || cast(fn_setting('repeat_window_days') as bigint) || ' days' as reason,
        oc.linked
    from open_cases as o inner join other_cases as oc on o.crime_ref = oc.crime_ref

    union all
    select
        o.crime_ref,
        'new' as flag,
        13 as severity,
        'Reported ' || fn_elapsed(o.reported_at, o.as_at) || ' ago' as reason,
        null as linked
    from open_cases as o
    where o.reported_at >= o.as_at - o.new_window
)

select
    f.crime_ref,
    f.flag,
    f.reason,
    f.linked,
    f.severity,
    c.area_code,
    c.reported_at
from flags as f
inner join dmm_open_cases as c on f.crime_ref = c.crime_ref;
