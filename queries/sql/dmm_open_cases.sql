-- dmm_open_cases: the daily meeting's cases (spec measures.md, v2; E 12.4: the meeting considers
-- stalking and breach-of-order cases): one row per open crime (status open) that is a stalking
-- case (a current stalking classification) or has a current breach_of_order classification,
-- with the facts its flags need. Materialised at each load; a few thousand open cases, so
-- dmm_flags reads it instead of the million crimes. Columns beyond the crime's own:
-- is_stalking_case, is_breach_of_order (a current breach_of_order classification),
-- ever_stalking (a stalking classification, current or removed), current_principal_code (the
-- current principal classification), allocated_to_generalist (units), first_risk_assessed_at,
-- spo_considered, suspects, suspect_arrested, screened (at least one screening).
-- grain: crime_ref
create or replace table dmm_open_cases as
with
open_crimes as (
    select * from stg_crimes
    where status = 'open'
),

class_facts as (
    select
        k.crime_ref,
        bool_or(k.is_current and k.offence_group = 'stalking') as is_stalking_case,
        bool_or(k.is_current and k.offence_group = 'breach_of_order') as is_breach_of_order,
        bool_or(k.offence_group = 'stalking') as ever_stalking,
        max(k.offence_code) filter (where k.is_current and k.is_principal)
            as current_principal_code
    from stg_classifications as k
    inner join open_crimes as c on k.crime_ref = c.crime_ref
    group by k.crime_ref
),

scope as (
    select
        c.*,
        f.is_stalking_case,
        f.is_breach_of_order,
        f.ever_stalking,
        f.current_principal_code
    from open_crimes as c
    inner join class_facts as f on c.crime_ref = f.crime_ref
    where f.is_stalking_case or f.is_breach_of_order
),

risk as (
    select
        a.crime_ref,
        min(a.completed_at) as first_risk_assessed_at
    from stg_risk_assessments as a
    inner join scope as s on a.crime_ref = s.crime_ref
    group by a.crime_ref
),

spo_facts as (
    select
        p.crime_ref,
        bool_or(p.considered_at is not null) as spo_considered
    from stg_spo as p
    inner join scope as s on p.crime_ref = s.crime_ref
    group by p.crime_ref
),

suspect_facts as (
    select
        p.crime_ref,
        count(*) as suspects,
        bool_or(p.arrested_at is not null) as suspect_arrested
    from stg_suspects as p
    inner join scope as s on p.crime_ref = s.crime_ref
    group by p.crime_ref
),

screened as (
    select distinct k.crime_ref
    from stg_screenings as k
    inner join scope as s on k.crime_ref = s.crime_ref
)

select
    s.crime_ref,
    s.reported_at,
    s.area_code,
    s.status,
    s.risk_level,
    s.allocated_unit,
    s.is_stalking_case,
    s.is_breach_of_order,
    s.ever_stalking,
    s.current_principal_code,
    coalesce(u.unit_type = 'generalist', false) as allocated_to_generalist,
    r.first_risk_assessed_at,
    coalesce(p.spo_considered, false) as spo_considered,
    coalesce(sf.suspects, 0) as suspects,
    coalesce(sf.suspect_arrested, false) as suspect_arrested,
    sc.crime_ref is not null as screened
from scope as s
left join units as u on s.allocated_unit = u.allocated_unit
left join risk as r on s.crime_ref = r.crime_ref
left join spo_facts as p on s.crime_ref = p.crime_ref
left join suspect_facts as sf on s.crime_ref = sf.crime_ref
left join screened as sc on s.crime_ref = sc.crime_ref;
