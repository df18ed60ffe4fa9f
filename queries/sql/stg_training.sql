-- stg_training: completions from the learning system (v2), as loaded: the contract's columns, typed by the loader, no logic
-- (docs/extract.md).
-- grain: staff_ref, course, completed_at
create or replace view stg_training as
select
    staff_ref,
    course,
    completed_at
from training;
