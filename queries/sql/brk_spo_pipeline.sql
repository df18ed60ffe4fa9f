-- brk_spo_pipeline: the Stalking Protection Order pipeline (recommendation 13): stalking
-- cases, then those with an SPO considered, applied for, granted (interim or full), and whose
-- SPO order was breached. Unit: cases. Each stage counts every case that reached it, whether
-- or not the earlier stage was recorded. Breached: a breach of an order named in one of the
-- case's spo rows.
-- help: Stalking cases at each stage of the Stalking Protection Order pipeline: considered,
-- applied for, granted (interim or full) and breached. Each stage counts every case that reached
-- it, whether or not the earlier stage was recorded; the percentage beside a stage is its share
-- of the stage before. Breached counts cases whose own order was breached.
-- grain: month, area_code, stage_order, stage
create or replace view brk_spo_pipeline as
with
breached as (
    select distinct s.crime_ref
    from stg_spo as s
    inner join stg_breaches as b on s.order_id = b.order_id
),

stages as (
    select
        month,
        area_code,
        0 as stage_order,
        'stalking cases' as stage
    from int_cases
    union all
    select
        month,
        area_code,
        1 as stage_order,
        'considered' as stage
    from int_cases
    where spo_considered
    union all
    select
        month,
        area_code,
        2 as stage_order,
        'applied' as stage
    from int_cases
    where spo_applied
    union all
    select
        month,
        area_code,
        3 as stage_order,
        'granted' as stage
    from int_cases
    where spo_granted
    union all
    select
        c.month,
        c.area_code,
        4 as stage_order,
        'breached' as stage
    from int_cases as c inner join breached as b on c.crime_ref = b.crime_ref
)

select
    month,
    area_code,
    stage_order,
    stage,
    count(*) as cases
from stages
where fn_supplied('spo')
group by all;
