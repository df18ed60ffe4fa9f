-- api_view_counts: a data-quality view (dq_*) with count columns; the API checks the name
-- against the files. Its count columns ($units) are randomly rounded, each row a cell, for an
-- aggregate-only role ($protect, fn_protect); the other columns come first, in order.
-- params: $view, $units, $protect
-- grain: the view's
with
rows_ as (
    select
        *,
        hash(fn_disclosure_key(), *columns(lambda c: not list_contains($units, c))) as cell_
    from query_table($view)
)

select
    columns(lambda c: not list_contains($units, c) and c <> 'cell_'),
    fn_protect(columns(lambda c: list_contains($units, c)), cell_, $protect)
from rows_;
