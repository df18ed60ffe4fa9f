-- brk_online: stalking cases by online element, relationship and domestic abuse
-- (recommendation 20). Unit: cases.
-- help: Stalking cases by whether they have an online element, by the relationship of victim and
-- suspect, and by whether they are domestic abuse.
-- grain: month, area_code, online, relationship, domestic_abuse
create or replace view brk_online as
select
    month,
    area_code,
    case online_element when true then 'online' when false then 'offline' else 'not recorded' end
        as online,
    coalesce(relationship, 'not recorded') as relationship,
    case domestic_abuse when true then 'yes' when false then 'no' else 'not recorded' end
        as domestic_abuse,
    count(*) as cases
from int_cases
group by all;
