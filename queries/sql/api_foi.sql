-- api_foi: the answers of a stalking FOI request (brk_foi) per question and month of a period.
-- params: $start, $end, $areas
-- grain: question_order, month
select
    question_order,
    question,
    month,
    cast(sum(answer) as bigint) as answer
from brk_foi
where fn_in_period(month, $start, $end) and fn_in_areas(area_code, $areas::varchar[])
group by question_order, question, month;
