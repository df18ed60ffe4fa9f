-- brk_online_methods: stalking cases by online method and platform (recommendation 20). Unit:
-- cases; a case with several methods counts once under each, so the rows do not add up to the
-- number of cases.
-- help: Stalking cases by online method and platform. A case with several methods counts once
-- under each, so the bars add up to more than the number of cases.
-- grain: month, area_code, method, platform
create or replace view brk_online_methods as
select
    c.month,
    c.area_code,
    m.method,
    coalesce(nullif(trim(m.platform), ''), 'not recorded') as platform,
    count(distinct c.crime_ref) as cases
from stg_online_methods as m
inner join int_cases as c on m.crime_ref = c.crime_ref
group by all;
