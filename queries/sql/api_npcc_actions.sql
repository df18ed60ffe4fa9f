-- api_npcc_actions: the force's action plan as the NPCC's six-month update lists it
-- (action_status, contract v2): recommendation, what will be done, owner, due date and status
-- in words, overdue; overdue first within each recommendation, then by due date. No rows when
-- no extract has supplied the plan (the update then says "No action plan loaded").
-- params: none
-- grain: action_ref
select
    action_ref,
    recommendation,
    description as action,
    owner,
    coalesce(strftime(due_on, '%-d %b %Y'), '') as due,
    fn_label('action_status', status) as status,
    overdue
from action_status
order by recommendation asc, overdue desc, due_on asc nulls last, action_ref asc;
