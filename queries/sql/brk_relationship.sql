-- brk_relationship: stalking cases by victim-suspect relationship and domestic abuse flag
-- (recommendations 11, 20). Unit: cases. Missing values show as 'not recorded'.
-- help: Stalking cases by the relationship of victim and suspect, and whether they are domestic
-- abuse.
-- grain: month, area_code, relationship, domestic_abuse
create or replace view brk_relationship as
select
    month,
    area_code,
    coalesce(relationship, 'not recorded') as relationship,
    case domestic_abuse when true then 'yes' when false then 'no' else 'not recorded' end
        as domestic_abuse,
    count(*) as cases
from int_cases
group by all;
