-- int_first_principal: each crime's first principal classification, the one rule every view
-- that asks what a crime was first recorded as reads (int_cases, int_course_of_conduct,
-- brk_reclassification): the is_principal row with the earliest classified_at; ties broken by
-- the earlier removed_at (a current row last), then offence_code. Materialised at each load.
-- grain: crime_ref
create or replace table int_first_principal as
select
    crime_ref,
    offence_code,
    offence_group
from stg_classifications
where is_principal
qualify row_number() over (
    partition by crime_ref order by classified_at, removed_at nulls last, offence_code
) = 1;
