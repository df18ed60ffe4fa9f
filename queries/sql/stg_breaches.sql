-- stg_breaches: breaches of an order, each recorded on a crime, as loaded: the contract's
-- columns, typed by the loader, no logic (docs/extract.md).
-- grain: order_id, crime_ref
create or replace view stg_breaches as
select
    order_id,
    crime_ref,
    breached_at
from breaches;
