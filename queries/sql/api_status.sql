-- api_status: the latest committed load, the as-at moment (the newest extract loaded) and the
-- fingerprint of the SQL that built the database (the app compares it with its own).
-- grain: one row
select
    l.load_id,
    l.extracted_at,
    l.extracted_at_source,
    l.finished_at,
    l.extract_path,
    l.rows_read,
    l.rows_loaded,
    l.rows_rejected,
    l.rows_skipped,
    fn_as_at() as as_at,
    (
        select m.value from meta as m
        where m.name = 'queries_fingerprint'
    ) as built_by
from load_log as l
order by l.load_id desc
limit 1;
