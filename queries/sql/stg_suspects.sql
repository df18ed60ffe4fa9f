-- stg_suspects: suspects of each crime (pseudonymised suspect_id), as loaded: the contract's
-- columns, typed by the loader, no logic (docs/extract.md).
-- grain: crime_ref, suspect_id
create or replace view stg_suspects as
select
    crime_ref,
    suspect_id,
    age_band,
    sex,
    arrested_at,
    interview,
    search_power,
    charged_at,
    mappa_level
from suspects;
