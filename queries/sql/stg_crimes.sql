-- stg_crimes: crimes in scope of any measure (status not cancelled), with month of report.
-- Cancelled crimes are removed under the counting rules.
-- grain: crime_ref
create or replace view stg_crimes as
select
    c.*,
    cast(date_trunc('month', c.reported_at) as date) as month
from crimes as c
where c.status <> 'cancelled';
