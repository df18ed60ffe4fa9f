-- measure: order_breaches
-- label: Breaches of protective orders
-- numerator: breaches, by the month of breached_at and the area of the crime recording the breach
-- denominator: none
-- unit: breaches
-- recommendation: 12
-- target: none
-- direction: none
-- requires: breaches
-- caveats: a breach without breached_at counts in the month its breach crime was reported; a breach recorded on a cancelled crime is not counted
-- theme: risk_and_protection
-- order: 130
-- help: Breaches of protective orders of every kind (stalking protection orders, interim orders,
-- restraining and non-molestation orders and the rest), counted in the month of the breach and the
-- area of the crime that recorded it. A breach recorded on a cancelled crime is not counted.
-- grain: crime_ref, unit_key
create or replace view msr_order_breaches as
select
    'order_breaches' as measure_id,
    b.crime_ref,
    b.order_id as unit_key,
    cast(date_trunc('month', coalesce(b.breached_at, c.reported_at)) as date) as month,
    c.area_code,
    true as met
from stg_breaches as b
inner join stg_crimes as c on b.crime_ref = c.crime_ref
where fn_supplied('breaches');
