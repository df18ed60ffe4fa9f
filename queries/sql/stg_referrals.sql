-- stg_referrals: referrals of victims to support services, as loaded: the contract's columns,
-- typed by the loader, no logic (docs/extract.md).
-- grain: crime_ref, victim_id, service, referred_at
create or replace view stg_referrals as
select
    crime_ref,
    victim_id,
    service,
    referred_at,
    outcome
from referrals;
