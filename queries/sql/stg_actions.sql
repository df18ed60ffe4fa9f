-- stg_actions: the force's own action plan, one row per action (v2), as loaded: the contract's columns, typed by the loader, no logic
-- (docs/extract.md).
-- grain: action_ref
create or replace view stg_actions as
select
    action_ref,
    recommendation,
    description,
    owner,
    due_on,
    status,
    completed_on
from actions;
