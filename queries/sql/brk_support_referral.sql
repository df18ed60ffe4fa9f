-- brk_support_referral: victims of stalking cases by whether they want support (v2: all but
-- those whose needs assessment has support_declined true; no assessment, or false or empty,
-- wants support) and whether they were referred to any support service (recommendation 14),
-- in the month and area of the case. support: 'wants support' or 'declined support';
-- referral: 'referred' or 'not referred' (a victim who declined may still have been referred).
-- Unit: victims. No rows when referrals was never supplied.
-- help: Victims of stalking cases by whether they want support (all but those who declined it
-- at their needs assessment) and whether they were referred to a support service. The
-- referral measures count victims who want support.
-- grain: month, area_code, support, referral
create or replace view brk_support_referral as
with
referred as (
    select distinct
        crime_ref,
        victim_id
    from stg_referrals
)

select
    v.month,
    v.area_code,
    case
        when coalesce(n.support_declined, false) then 'declined support'
        else 'wants support'
    end as support,
    case when r.crime_ref is null then 'not referred' else 'referred' end as referral,
    count(*) as victims
from int_case_victims as v
left join stg_needs_assessments as n
    on v.crime_ref = n.crime_ref and v.victim_id = n.victim_id
left join referred as r on v.crime_ref = r.crime_ref and v.victim_id = r.victim_id
where fn_supplied('referrals')
group by all;
