-- screening_candidates: crimes to screen early for hidden stalking (recommendation 23).
-- Materialised at each load. A crime, status not cancelled, with a current classification in
-- harassment, malicious_communications, breach_of_order or coercive_control and none in
-- stalking, is a candidate when any trigger holds: breach_of_order: it has a current
-- classification in breach_of_order; ex_partner: its relationship is ex_partner (since April
-- 2020 an ex-partner course of conduct is recorded as stalking unless it is harassment only);
-- repeat_pair: one of its (suspect_id, victim_id) pairs is also on another crime, not
-- cancelled, reported in the repeat window (default 365 days) before it. Columns: the triggers
-- met (a list), and what a screener needs to decide; earlier_crimes_same_pair lists the
-- earlier crimes with their areas (the API names those outside the reader's areas only as
-- "a case in another area").
-- help: Crimes recorded as harassment, malicious communications, breach of an order or controlling
-- or coercive behaviour, and not as stalking, to screen early for hidden stalking when: the crime
-- includes a breach of an order; the victim and suspect are ex-partners (since April 2020 an ex-
-- partner course of conduct is recorded as stalking unless it is harassment only); or the same
-- suspect and victim are on another crime reported in the {repeat_window_days:day} before.
-- grain: crime_ref
create or replace table screening_candidates as
with
-- a crime's current classifications, and its suspects and victims counted, in one aggregate
-- (the row of a suspect or a victim has no offence: NULL, which the other aggregates ignore)
current_groups as (
    select
        crime_ref,
        bool_or(offence_group in (
            'harassment', 'malicious_communications', 'breach_of_order', 'coercive_control'
        )) as course_of_conduct,
        bool_or(offence_group = 'stalking') as has_stalking,
        bool_or(offence_group = 'breach_of_order') as has_breach,
        min(offence_code) as first_code,
        max(offence_code) as last_code,
        max(offence_code) filter (where is_principal) as current_principal_code,
        count(suspect) as suspects,
        count(victim) as victims
    from (
        select
            crime_ref,
            offence_group,
            offence_code,
            is_principal,
            null as suspect,
            null as victim
        from stg_classifications
        where is_current
        union all
        select
            crime_ref,
            null as offence_group,
            null as offence_code,
            null as is_principal,
            1 as suspect,
            null as victim
        from stg_suspects
        union all
        select
            crime_ref,
            null as offence_group,
            null as offence_code,
            null as is_principal,
            null as suspect,
            1 as victim
        from stg_victims
    ) as r
    group by crime_ref
),

-- the codes in order, each once, of the crimes with two codes or more (one code, the usual
-- case, is first_code): a list for every crime cost more than the rest of the aggregate
several_codes as (
    select
        crime_ref,
        array_to_string(list_sort(list_distinct(list(offence_code))), ', ') as current_codes
    from stg_classifications
    where
        is_current
        and crime_ref in (
            select g.crime_ref from current_groups as g
            where g.first_code <> g.last_code
        )
    group by crime_ref
),

candidates as (
    select
        c.*,
        g.has_breach,
        coalesce(m.current_codes, g.first_code) as current_codes,
        g.current_principal_code,
        g.suspects,
        g.victims
    from stg_crimes as c
    inner join current_groups as g on c.crime_ref = g.crime_ref
    left join several_codes as m on g.crime_ref = m.crime_ref
    where g.course_of_conduct and not g.has_stalking
),

-- a pair can repeat only if its suspect is on two crimes or more (a quarter of the suspects):
-- the others are left out before the joins
pairs as (
    select
        s.crime_ref,
        s.suspect_id,
        v.victim_id,
        c.reported_at,
        c.area_code
    from stg_suspects as s
    inner join stg_victims as v on s.crime_ref = v.crime_ref
    inner join stg_crimes as c on s.crime_ref = c.crime_ref
    where
        s.suspect_id in (
            select x.suspect_id from stg_suspects as x
            group by x.suspect_id
            having count(*) > 1
        )
),

repeat_pairs as (
    select
        p.crime_ref,
        list(
            distinct { 'crime_ref': earlier.crime_ref, 'area_code': earlier.area_code }
            order by { 'crime_ref': earlier.crime_ref, 'area_code': earlier.area_code }
        ) as earlier_crimes
    from pairs as p
    inner join pairs as earlier
        on
            p.suspect_id = earlier.suspect_id
            and p.victim_id = earlier.victim_id
            and p.crime_ref <> earlier.crime_ref
            and p.reported_at > earlier.reported_at
            and earlier.reported_at >= p.reported_at - fn_window('repeat_window_days')
    where p.crime_ref in (select c.crime_ref from candidates as c)  -- only candidates need it
    group by p.crime_ref
),

flagged as (
    select
        c.*,
        rp.earlier_crimes,
        list_filter([
            case when c.has_breach then 'breach_of_order' end,
            case when c.relationship = 'ex_partner' then 'ex_partner' end,
            case when rp.crime_ref is not null then 'repeat_pair' end
        ], lambda trigger_: trigger_ is not null) as triggers  -- noqa: RF02
    from candidates as c
    left join repeat_pairs as rp on c.crime_ref = rp.crime_ref
    -- a trigger holds (the list is not empty), tested without making the list
    where c.has_breach or c.relationship = 'ex_partner' or rp.crime_ref is not null
)

select
    f.crime_ref,
    f.reported_at,
    f.month,
    f.area_code,
    f.neighbourhood_code,
    f.triggers,
    f.current_principal_code,
    f.current_codes,
    f.relationship,
    f.domestic_abuse,
    f.online_element,
    f.risk_level,
    f.status,
    f.suspects,
    f.victims,
    f.earlier_crimes as earlier_crimes_same_pair
from flagged as f;
