-- api_catalogue: each measure with its target (percent) from settings, in the pages' order.
-- grain: measure_id
select
    c.measure_id,
    c.label,
    c.recommendation,
    c.unit,
    c.is_ratio,
    c.direction,
    s.value as target
from measure_catalogue as c
left join settings as s on c.target_setting = s.name
order by c.position;
