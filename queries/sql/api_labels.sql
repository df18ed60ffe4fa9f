-- api_labels: the words for every code a page, export or pack shows, from the reference data
-- a force edits (one place): the contract's vocabularies and the product's own (labels.csv),
-- offence and outcome codes, units, services, risk tools, areas, neighbourhoods and LSOAs.
-- grain: vocabulary, code
select
    l.vocabulary,
    l.code,
    l.label
from labels as l
union all
select
    'offence_code' as vocabulary,
    o.offence_code as code,
    o.label
from offence_codes as o
union all
select
    'outcome_code' as vocabulary,
    cast(o.outcome_code as varchar) as code,
    o.label
from outcome_codes as o
union all
select
    'allocated_unit' as vocabulary,
    u.allocated_unit as code,
    u.label
from units as u
union all
select
    'service' as vocabulary,
    s.service as code,
    s.label
from services as s
union all
select
    'risk_tool' as vocabulary,
    t.tool as code,
    t.label
from risk_tools as t
union all
select
    'area_code' as vocabulary,
    a.area_code as code,
    a.area_name as label
from areas as a
union all
select
    'neighbourhood_code' as vocabulary,
    n.neighbourhood_code as code,
    n.neighbourhood_name as label
from neighbourhoods as n
union all
select
    'lsoa_code' as vocabulary,
    s.lsoa_code as code,
    s.lsoa_name as label
from lsoas as s;
