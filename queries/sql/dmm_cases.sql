-- dmm_cases: the daily meeting's cases (recommendations 12, 13, 14, 17, 18, 23): one row per
-- DMM case (v2: an open stalking case or an open crime with a current breach_of_order
-- classification, dmm_open_cases) with at least one dmm_flags flag, all its flags (most urgent
-- first) and their reasons in one sentence list. Materialised at each load, so the page filters one small table
-- instead of aggregating the flags on every click. severity is the most urgent flag's (1 =
-- recent breach, 2 = high risk, ...; see dmm_flags). linked: the other cases the reasons cite,
-- with their areas (the API writes them where a reason holds {refs}). last_breach_at: the
-- latest breach, up to the as-at moment, of an order against a suspect of the case;
-- last_high_risk_at: the latest risk assessment graded high (dmm_agenda compares both with
-- the meeting's latest decision).
-- help: The open stalking cases and open breach-of-order crimes with at least one flag, most urgent
-- first, each with every reason it is flagged, as at the latest extract.
-- grain: crime_ref
create or replace table dmm_cases as
with
case_breaches as (
    select
        s.crime_ref,
        max(b.breached_at) as last_breach_at
    from stg_suspects as s
    inner join stg_orders as o on s.suspect_id = o.suspect_id
    inner join stg_breaches as b on o.order_id = b.order_id
    where b.breached_at <= fn_as_at()
    group by s.crime_ref
),

high_risk_assessments as (
    select
        r.crime_ref,
        max(r.completed_at) as last_high_risk_at
    from stg_risk_assessments as r
    where r.risk_level = 'high' and r.completed_at <= fn_as_at()
    group by r.crime_ref
),

flagged as (
    select
        f.crime_ref,
        c.area_code,
        c.reported_at,
        c.risk_level,
        c.current_principal_code,
        c.allocated_unit,
        cast(min(f.severity) as integer) as severity,
        list(f.flag order by f.severity) as flags,
        string_agg(f.reason, '; ' order by f.severity) as reasons,
        flatten(list(f.linked order by f.severity) filter (where f.linked is not null)) as linked
    from dmm_flags as f
    inner join dmm_open_cases as c on f.crime_ref = c.crime_ref
    group by
        f.crime_ref, c.area_code, c.reported_at, c.risk_level, c.current_principal_code,
        c.allocated_unit
)

select
    f.*,
    b.last_breach_at,
    h.last_high_risk_at
from flagged as f
left join case_breaches as b on f.crime_ref = b.crime_ref
left join high_risk_assessments as h on f.crime_ref = h.crime_ref;
