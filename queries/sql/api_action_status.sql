-- api_action_status: the force's action plan (action_status), overdue actions first within
-- each recommendation, then by due date. Force-wide: an action has no area and counts no one.
-- params: none
-- grain: action_ref
select
    action_ref,
    recommendation,
    description,
    owner,
    due_on,
    status,
    completed_on,
    overdue
from action_status
order by recommendation asc, overdue desc, due_on asc nulls last, action_ref asc;
