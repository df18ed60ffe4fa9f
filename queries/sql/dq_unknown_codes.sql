-- dq_unknown_codes: codes in the data that the reference files do not know, for the force to
-- map: offence codes (counted as group 'other') and area codes (count, but have no rate).
-- Unit: crimes carrying the code.
-- grain: kind, code
create or replace view dq_unknown_codes as
select
    'offence_code' as kind,
    c.offence_code as code,
    count(distinct c.crime_ref) as crimes
from classifications as c
where c.offence_code not in (select o.offence_code from offence_codes as o)
group by all
union all
select
    'area_code' as kind,
    c.area_code,
    count(*) as crimes
from crimes as c
where c.area_code not in (select a.area_code from areas as a)
group by all
union all
select
    'outcome_code' as kind,
    cast(c.outcome_code as varchar) as code,
    count(*) as crimes
from crimes as c
where c.outcome_code not in (select o.outcome_code from outcome_codes as o)
group by all;
