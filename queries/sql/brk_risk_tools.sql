-- brk_risk_tools: risk assessments on stalking cases by tool and grade (recommendation 12).
-- Unit: cases (a case assessed twice with the same tool and grade counts once).
-- grain: month, area_code, tool, risk_level
create or replace view brk_risk_tools as
select
    c.month,
    c.area_code,
    r.tool,
    coalesce(r.risk_level, 'not recorded') as risk_level,
    count(distinct c.crime_ref) as cases
from stg_risk_assessments as r
inner join int_cases as c on r.crime_ref = c.crime_ref
group by all;
