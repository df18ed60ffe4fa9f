-- api_breakdown: a breakdown view (brk_*) summed over a period and areas by the dimensions
-- asked for ($by, a subset of the view's own; the API checks the view's name and the
-- dimensions against the files). The unit columns ($units: cases, crimes, victims, ...) are
-- summed; every other column is a dimension. For an aggregate-only role each row of the view
-- (a cell: its month, area and dimensions) is randomly rounded first ($protect, fn_protect).
-- params: $view, $start, $end (NULL with $start: every month), $areas, $by, $units, $protect
-- grain: the dimensions in $by
with
rows_ as (
    select
        *,
        hash(fn_disclosure_key(), *columns(lambda c: not list_contains($units, c))) as cell_
    from query_table($view)
    where
        ($start::date is null or fn_in_period(month, $start, $end))
        and fn_in_areas(area_code, $areas::varchar[])
)

select
    columns($by),
    cast(sum(fn_protect(columns(lambda c: list_contains($units, c)), cell_, $protect)) as bigint)
from rows_
group by all;
