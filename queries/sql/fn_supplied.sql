-- fn_supplied: whether a table has been supplied by any load. A measure that needs a table
-- that was never supplied has no rows ("no data"), never 0 %.
create or replace macro fn_supplied(table_name_) as (
    exists (
        select 1 from load_tables as t
        -- the macro's parameter, not a column:
        where t.table_name = table_name_  -- noqa: RF03
    )
);
