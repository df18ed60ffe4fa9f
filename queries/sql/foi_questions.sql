-- foi_questions: the questions of a stalking freedom-of-information request that brk_foi
-- answers, in order, with the table each needs: one row per question whose table was supplied
-- (a question that has no row in brk_foi for a period is answered 0; one whose table was never
-- supplied is not asked: "no data").
-- grain: question_order
create or replace view foi_questions as
select
    q.question_order,
    q.question
from (
    values
    (1, 'Stalking offences recorded', 'crimes'),
    (2, 'Charged or summonsed', 'crimes'),
    (3, 'Positive outcomes (charge, caution, community resolution...)', 'crimes'),
    (4, 'Stalking Protection Order applications', 'spo'),
    (5, 'Stalking Protection Order breaches', 'breaches')
) as q (question_order, question, needs)
where fn_supplied(q.needs);
