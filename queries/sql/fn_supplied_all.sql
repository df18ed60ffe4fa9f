-- fn_supplied_all: whether every table in a list has been supplied by some load (a measure
-- that needs a table never supplied shows "no data", never 0).
create or replace macro fn_supplied_all(tables_) as (
    not exists (
        select 1 from unnest(tables_) as needed (table_name_)
        where not fn_supplied(needed.table_name_)
    )
);
