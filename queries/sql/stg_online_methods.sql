-- stg_online_methods: online methods and platforms of each crime, as loaded: the contract's
-- columns, typed by the loader, no logic (docs/extract.md).
-- grain: crime_ref, method
create or replace view stg_online_methods as
select
    crime_ref,
    method,
    platform
from online_methods;
