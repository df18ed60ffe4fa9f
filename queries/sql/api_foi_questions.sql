-- api_foi_questions: the questions asked (those whose table was supplied), in order.
-- grain: question_order
select
    question_order,
    question
from foi_questions;
