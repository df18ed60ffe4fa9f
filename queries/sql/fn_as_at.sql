-- fn_as_at: the dashboard's "now": the latest extracted_at loaded (never the wall clock).
create or replace macro fn_as_at() as (
    select max(l.extracted_at) from load_log as l
);
