-- action_status: the force's own action plan (recommendation 28; v2), every action with its
-- recommendation, description, owner, due_on, status, completed_on and overdue: status not
-- complete (an empty status is not complete) and due_on before the as-at date (the date of
-- fn_as_at: an action due on the as-at date is not yet overdue; no due date, never overdue).
-- A complete action is never overdue. Force-wide: an action has no area and names no person.
-- help: The force's action plan: each action, the recommendation it answers, who owns it
-- (a role or team), when it is due and where it stands. An action is overdue when it is not
-- complete and its due date has passed (before the date the figures run to).
-- grain: action_ref
create or replace view action_status as
select
    a.action_ref,
    a.recommendation,
    a.description,
    a.owner,
    a.due_on,
    a.status,
    a.completed_on,
    coalesce(
        a.status is distinct from 'complete'
        and a.due_on < cast(fn_as_at() as date),
        false
    ) as overdue
from stg_actions as a;
