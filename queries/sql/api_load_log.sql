-- api_load_log: every committed load, newest first.
-- grain: load_id
select *
from load_log
order by load_id desc;
