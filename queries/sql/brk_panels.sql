-- brk_panels: stalking cases by current risk level and the multi-agency panel they were
-- referred to (panels, v2; recommendations 12, 25), in the month and area of the case. panel
-- is 'none' for a case with no panel referral; a case referred to two panels counts once
-- under each (so the panels' cases add up to more than the cases); risk_level 'not recorded'
-- when empty. Unit: cases. No rows when panels was never supplied ("no data", never 0).
-- help: Stalking cases by their current risk level and the multi-agency panel (MARAC, MAPPA,
-- a stalking panel, ...) they were referred to, or none. A case referred to two panels counts
-- under each.
-- grain: month, area_code, risk_level, panel
create or replace view brk_panels as
select
    c.month,
    c.area_code,
    coalesce(c.risk_level, 'not recorded') as risk_level,
    coalesce(p.panel, 'none') as panel,
    count(distinct c.crime_ref) as cases
from int_cases as c
left join stg_panels as p on c.crime_ref = p.crime_ref
where fn_supplied('panels')
group by all;
