-- brk_foi: the questions every stalking freedom-of-information request asks: offences
-- recorded, charges and positive outcomes, SPO applications, SPO breaches (recommendation 11:
-- the scale of stalking and the effectiveness of the response). The wording of each question
-- is in foi_questions. Unit: count (cases, or breaches). 1 stalking offences recorded:
-- stalking cases, by month of report (= stalking_cases); 2 charged or summonsed: closed
-- stalking cases whose outcome is a charge (= charged's numerator: int_cases.outcome_charged);
-- 3 positive outcomes: closed stalking cases whose outcome is positive (outcome_codes.csv's
-- positive column: charge or summons, taken into consideration, caution, penalty notice,
-- community resolution, diversion); 4 SPO applications: stalking cases with an SPO applied_at,
-- every one (spo_applied's numerator counts only those among cases with an SPO considered); 5
-- SPO breaches: breaches of an spo or interim_spo order, by the month of breached_at and the
-- area of the crime recording the breach (as order_breaches; cancelled crimes out). Questions
-- whose source table was never supplied are not in foi_questions ("no data").
-- help: The questions every stalking freedom-of-information request asks. Offences recorded:
-- stalking cases by month of report. Charged or summonsed: closed stalking cases with that
-- outcome. Positive outcomes: charge or summons, taken into consideration, caution, penalty
-- notice, community resolution or diversion. SPO applications: every stalking case with an
-- application. SPO breaches: breaches of a Stalking Protection Order or an interim one, counted in
-- the month of the breach. Financial years run from April to March.
-- grain: month, area_code, question_order, question
create or replace view brk_foi as
with
case_questions as (
    select
        c.month,
        c.area_code,
        1 as question_order
    from int_cases as c
    union all
    select
        c.month,
        c.area_code,
        2 as question_order
    from int_cases as c
    where c.status = 'closed' and c.outcome_charged
    union all
    select
        c.month,
        c.area_code,
        3 as question_order
    from int_cases as c
    where c.status = 'closed' and c.outcome_positive
    union all
    select
        c.month,
        c.area_code,
        4 as question_order
    from int_cases as c
    where c.spo_applied
),

spo_breaches as (
    select
        cast(date_trunc('month', coalesce(b.breached_at, c.reported_at)) as date) as month,
        c.area_code,
        5 as question_order
    from stg_breaches as b
    inner join stg_orders as o on b.order_id = o.order_id
    inner join stg_crimes as c on b.crime_ref = c.crime_ref
    where o.order_type in ('spo', 'interim_spo')
)

select
    a.month,
    a.area_code,
    a.question_order,
    q.question,
    count(*) as answer
from (
    select * from case_questions
    union all
    select * from spo_breaches
) as a
inner join foi_questions as q on a.question_order = q.question_order
group by a.month, a.area_code, a.question_order, q.question;
