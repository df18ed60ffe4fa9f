-- fn_disclosure_key: the database's secret key for random rounding (meta disclosure_key, made
-- once by the build and kept across loads), so a cell rounds the same way in every view.
create or replace macro fn_disclosure_key() as (
    select m.value from meta as m
    where m.name = 'disclosure_key'
);
