-- brk_offence_group: stalking cases by their current principal offence group, and whether
-- stalking is the principal classification or only an included one (recommendation 7). Unit:
-- cases.
-- help: Stalking cases by the principal crime they are recorded under, and whether stalking is
-- that principal crime or only an included classification (recommendation 7).
-- grain: month, area_code, current_principal_group, stalking_position
create or replace view brk_offence_group as
select
    month,
    area_code,
    current_principal_group,
    case when is_hidden then 'included' else 'principal' end as stalking_position,
    count(*) as cases
from int_cases
group by all;
