-- fn_disclosure_key: the database's secret key for random rounding (meta disclosure_key, made
-- once by the build and kept across loads), so a cell rounds the same way in every view.
-- Read from the session variable queries.store.Store sets on every cursor from meta (a
-- constant to the planner: a subquery here cost 20-30 ms of planning in every query that
-- rounds, issue 15); NULL outside a Store, which fn_protect refuses.
create or replace macro fn_disclosure_key() as (
    getvariable('disclosure_key')
);
