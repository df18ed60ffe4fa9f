-- api_rejects: quarantined values, newest load first (the raw row is left out: see
-- load_rejects).
-- params: $load_id (NULL: every load), $limit
-- grain: none (one row per rejected value)
select
    load_id,
    table_name,
    file,
    line,
    column_name,
    value,
    reason
from load_rejects
where $load_id::integer is null or load_id = $load_id
order by load_id desc, table_name asc, line asc
limit $limit;
