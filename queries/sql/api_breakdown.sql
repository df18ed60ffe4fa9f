-- api_breakdown: a breakdown view (brk_*) summed over a period and areas by the dimensions
-- asked for ($by, a subset of the view's own; the API checks the view's name and the
-- dimensions against the files). Unit columns (cases, crimes, victims, suspects, breaches,
-- answer) are summed; every other column is a dimension.
-- params: $view, $start, $end (NULL with $start: every month), $areas, $by
-- grain: the dimensions in $by
select
    columns($by),
    cast(
        sum(
            columns(
                lambda c: list_contains(
                    ['cases', 'crimes', 'victims', 'suspects', 'breaches', 'answer'], c
                )
            )
        ) as bigint
    )
from query_table($view)
where
    ($start::date is null or fn_in_period(month, $start, $end))
    and fn_in_areas(area_code, $areas::varchar[])
group by all;
