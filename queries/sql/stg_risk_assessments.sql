-- stg_risk_assessments: risk assessments of each crime, as loaded: the contract's columns,
-- typed by the loader, no logic (docs/extract.md).
-- grain: crime_ref, tool, completed_at
create or replace view stg_risk_assessments as
select
    crime_ref,
    tool,
    completed_at,
    risk_level
from risk_assessments;
