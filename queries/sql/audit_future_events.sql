-- audit_future_events: case events dated more than a day after the as-at moment (should be
-- none: the loader rejects them).
-- grain: crime_ref, column_name
create or replace view audit_future_events as
select
    crime_ref,
    'reported_at' as column_name,
    reported_at as value
from int_cases
where reported_at > fn_as_at() + interval 1 day
union all
select
    crime_ref,
    'first_spo_considered_at' as column_name,
    first_spo_considered_at
from int_cases
where first_spo_considered_at > fn_as_at() + interval 1 day
union all
select
    crime_ref,
    'first_risk_assessed_at' as column_name,
    first_risk_assessed_at
from int_cases
where first_risk_assessed_at > fn_as_at() + interval 1 day;
