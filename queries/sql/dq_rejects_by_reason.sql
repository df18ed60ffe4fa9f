-- dq_rejects_by_reason: rows quarantined by each load, by table, column and reason. Unit:
-- rejected values (a row with two bad values counts under both reasons).
-- grain: load_id, table_name, file, column_name, reason
create or replace view dq_rejects_by_reason as
select
    load_id,
    table_name,
    file,
    coalesce(column_name, '(whole row)') as column_name,
    reason,
    count(*) as rejects,
    count(distinct line) as rows_rejected,
    min(line) as first_line
from load_rejects
group by all;
