-- dq_freshness: the newest extract and how old it is now (wall clock), per load kind. The
-- dashboard warns when the newest extract is older than the setting stale_extract_days.
-- grain: one row
create or replace view dq_freshness as
select
    max(extracted_at) as newest_extract_at,
    count(*) as loads,
    max(finished_at) as last_load_finished_at,
    epoch(current_localtimestamp() - max(extracted_at)) / 86400 as age_days
from load_log;
