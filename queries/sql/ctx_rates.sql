-- ctx_rates: the national context (Hertfordshire 3.8.1, "is this good?"): offences recorded per
-- financial year and force by the Home Office's police recorded crime open data
-- (context_recorded_crime, python -m pipelines context) for stalking (8Q), harassment (8L, 8M)
-- and malicious communications (8R), the groups of offence_codes.csv, and per 1,000 residents
-- (force_populations.csv), beside England and Wales (the territorial forces: those
-- force_populations.csv lists, 43 as shipped; British Transport Police and the fraud bodies are
-- not among them) and the average of the rates of the forces of the most similar group
-- (most_similar_group.csv: for the force it names only). offences: the quarters summed, the Home
-- Office's negative adjustments included (a force the year's file holds but with no row for a
-- group recorded none). population: the force's of the latest year at or
-- before the financial year's first, else its earliest (no rate without one). ew_rank: 1 is the
-- highest rate of the territorial forces. quarters: how many quarters of the year the loaded
-- files hold (fewer than 4: a part year). Counting rules changed in April 2018 and April 2020:
-- years from 2020/21 are not comparable with earlier ones (the charts mark the breaks).
-- help: The Home Office's recorded stalking, harassment and malicious communications offences by
-- police force area, per 1,000 residents, beside England and Wales (the 43 territorial forces) and
-- the average of the force's most similar group. Counting rules changed in April 2018 and April
-- 2020: years from 2020/21 are not comparable with earlier ones.
-- grain: financial_year, force, offence_group
create or replace view ctx_rates as
with
coded as (
    select
        r.financial_year,
        r.force,
        r.offences,
        o.offence_group
    from context_recorded_crime as r
    inner join offence_codes as o on r.offence_code = o.offence_code
    where o.offence_group in ('stalking', 'harassment', 'malicious_communications')
),

groups as (
    select distinct offence_group
    from offence_codes
    where offence_group in ('stalking', 'harassment', 'malicious_communications')
),

forces as (
    select distinct
        financial_year,
        force
    from context_recorded_crime
),

recorded as (
    -- every force of a year's file in every group: no row for a group is none recorded
    select
        f.financial_year,
        f.force,
        g.offence_group,
        cast(coalesce(sum(c.offences), 0) as bigint) as offences
    from forces as f
    cross join groups as g
    left join coded as c
        on
            f.financial_year = c.financial_year
            and f.force = c.force
            and g.offence_group = c.offence_group
    group by f.financial_year, f.force, g.offence_group
),

years as (
    select
        financial_year,
        cast(left(financial_year, 4) as integer) as first_year,
        count(distinct quarter) as quarters
    from context_recorded_crime
    group by financial_year
),

populations as (
    select
        y.financial_year,
        p.force,
        coalesce(
            arg_max(p.population, p.year) filter (where p.year <= y.first_year),
            arg_min(p.population, p.year)
        ) as population
    from years as y
    cross join force_populations as p
    group by y.financial_year, p.force
),

rates as (
    select
        r.financial_year,
        r.force,
        r.offence_group,
        r.offences,
        p.population,
        p.population is not null as territorial,
        1000.0 * r.offences / p.population as rate
    from recorded as r
    left join populations as p on r.financial_year = p.financial_year and r.force = p.force
),

national as (
    select
        financial_year,
        offence_group,
        count(*) as ew_forces,
        cast(sum(offences) as bigint) as ew_offences,
        cast(sum(population) as bigint) as ew_population
    from rates
    where territorial
    group by financial_year, offence_group
),

similar_group as (
    select
        g.force,
        r.financial_year,
        r.offence_group,
        avg(r.rate) as msg_rate,
        count(r.rate) as msg_forces
    from most_similar_group as g
    inner join rates as r on g.member = r.force
    group by g.force, r.financial_year, r.offence_group
),

ranked as (
    select
        financial_year,
        force,
        offence_group,
        rank() over (partition by financial_year, offence_group order by rate desc) as ew_rank
    from rates
    where territorial
)

select
    r.financial_year,
    r.force,
    r.offence_group,
    r.offences,
    r.population,
    r.rate,
    k.ew_rank,
    n.ew_forces,
    n.ew_offences,
    n.ew_population,
    1000.0 * n.ew_offences / n.ew_population as ew_rate,
    s.msg_rate,
    s.msg_forces,
    y.quarters
from rates as r
inner join years as y on r.financial_year = y.financial_year
left join national as n
    on r.financial_year = n.financial_year and r.offence_group = n.offence_group
left join ranked as k
    on
        r.financial_year = k.financial_year
        and r.force = k.force
        and r.offence_group = k.offence_group
left join similar_group as s
    on
        r.financial_year = s.financial_year
        and r.force = s.force
        and r.offence_group = s.offence_group;
