-- stg_orders: protective orders (SPO, restraining, non-molestation, ...) per suspect, as
-- loaded: the contract's columns, typed by the loader, no logic (docs/extract.md).
-- grain: order_id
create or replace view stg_orders as
select
    order_id,
    suspect_id,
    order_type,
    granted_at,
    expires_at,
    crime_ref
from orders;
