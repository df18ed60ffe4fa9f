-- api_ctx_rates: one force's national context (ctx_rates), every financial year loaded, oldest
-- first, stalking first: offences and rates per 1,000 residents beside England and Wales and
-- the most similar group's average.
-- params: $force (NULL: the force most_similar_group.csv names, the one the dashboard serves)
-- grain: financial_year, offence_group
with
chosen as (
    select coalesce($force, (select any_value(g.force) from most_similar_group as g)) as force
)

select
    r.financial_year,
    r.force,
    r.offence_group,
    r.offences,
    r.population,
    r.rate,
    r.ew_rank,
    r.ew_forces,
    r.ew_offences,
    r.ew_population,
    r.ew_rate,
    r.msg_rate,
    r.msg_forces,
    r.quarters
from ctx_rates as r
inner join chosen as c on r.force = c.force
order by
    r.financial_year,
    case r.offence_group when 'stalking' then 1 when 'harassment' then 2 else 3 end;
