-- measure: high_risk_to_panel
-- label: High-risk case referred to a multi-agency panel
-- numerator: high risk stalking cases with a panel referral (any panel: MARAC, MATAC, MAPPA, a stalking panel or other)
-- denominator: stalking cases whose current risk_level is high
-- unit: cases
-- recommendation: 12, 25
-- target: target_high_risk_to_panel
-- direction: higher
-- requires: crimes, panels
-- caveats: v2; a referral at any time counts, whenever it was made
-- theme: risk_and_protection
-- order: 85
-- help: Of the stalking cases whose latest risk grade is high, the share referred to a multi-agency
-- panel (MARAC, MATAC, MAPPA or a stalking panel).
-- grain: crime_ref
create or replace view msr_high_risk_to_panel as
select
    'high_risk_to_panel' as measure_id,
    crime_ref,
    cast(null as varchar) as unit_key,
    month,
    area_code,
    panel_referred as met
from int_cases
where fn_supplied('panels') and risk_level = 'high';
