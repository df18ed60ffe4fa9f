-- stg_victims: victims of each crime (pseudonymised victim_id), as loaded: the contract's
-- columns, typed by the loader, no logic (docs/extract.md).
-- grain: crime_ref, victim_id
create or replace view stg_victims as
select
    crime_ref,
    victim_id,
    age_band,
    sex,
    vulnerable,
    vps_offered_at,
    vps_taken_at
from victims;
