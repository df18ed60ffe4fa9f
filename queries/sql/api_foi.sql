-- api_foi: the answers of a stalking FOI request (brk_foi) per question and month of a period.
-- params: $start, $end, $areas, $protect (fn_protect)
-- grain: question_order, month
with
cells as (
    select
        question_order,
        question,
        month,
        fn_protect(
            answer, hash(fn_disclosure_key(), month, area_code, question_order), $protect
        ) as answer
    from brk_foi
    where fn_in_period(month, $start, $end) and fn_in_areas(area_code, $areas::varchar[])
)

select
    question_order,
    question,
    month,
    cast(sum(answer) as bigint) as answer
from cells
group by question_order, question, month;
