-- api_view: a data-quality view (dq_*) with no count column, as it stands; the API checks the
-- name against the files.
-- params: $view
-- grain: the view's
select *
from query_table($view);
