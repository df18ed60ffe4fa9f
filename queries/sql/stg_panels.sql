-- stg_panels: multi-agency referrals of a crime (MARAC, MAPPA, stalking panels; v2), as loaded: the contract's columns, typed by the loader, no logic
-- (docs/extract.md).
-- grain: crime_ref, panel, referred_at
create or replace view stg_panels as
select
    crime_ref,
    panel,
    referred_at,
    heard_at
from panels;
