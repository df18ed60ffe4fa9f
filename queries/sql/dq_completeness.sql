-- dq_completeness: how complete each column of each base table is (data quality). filled =
-- rows with a value, row_count = rows; share = filled / row_count (NULL for an empty table).
-- Required columns are always full.
-- help: For each column of each table the extract supplies, how many records have a value.
-- Required columns are always full: a record without one is not loaded.
-- grain: table_name, column_name
create or replace view dq_completeness as
with
counts as (
    select
        'crimes' as table_name,
        column_name,
        filled,
        (select count(*) from crimes) as row_count
    from (
        unpivot (select count(columns(* exclude (load_id, source_line, extracted_at))) from crimes)
        on columns(*) into name column_name value filled
    )
    union all
    select
        'classifications' as table_name,
        column_name,
        filled,
        (select count(*) from classifications) as row_count
    from (
        unpivot (select count(columns(* exclude (load_id, source_line))) from classifications)
        on columns(*) into name column_name value filled
    )
    union all
    select
        'victims' as table_name,
        column_name,
        filled,
        (select count(*) from victims) as row_count
    from (
        unpivot (select count(columns(* exclude (load_id, source_line))) from victims)
        on columns(*) into name column_name value filled
    )
    union all
    select
        'suspects' as table_name,
        column_name,
        filled,
        (select count(*) from suspects) as row_count
    from (
        unpivot (select count(columns(* exclude (load_id, source_line))) from suspects)
        on columns(*) into name column_name value filled
    )
    union all
    select
        'risk_assessments' as table_name,
        column_name,
        filled,
        (select count(*) from risk_assessments) as row_count
    from (
        unpivot (select count(columns(* exclude (load_id, source_line))) from risk_assessments)
        on columns(*) into name column_name value filled
    )
    union all
    select
        'spo' as table_name,
        column_name,
        filled,
        (select count(*) from spo) as row_count
    from (
        unpivot (select count(columns(* exclude (load_id, source_line))) from spo)
        on columns(*) into name column_name value filled
    )
    union all
    select
        'orders' as table_name,
        column_name,
        filled,
        (select count(*) from orders) as row_count
    from (
        unpivot (select count(columns(* exclude (load_id, source_line, extracted_at))) from orders)
        on columns(*) into name column_name value filled
    )
    union all
    select
        'breaches' as table_name,
        column_name,
        filled,
        (select count(*) from breaches) as row_count
    from (
        unpivot (
            select count(columns(* exclude (load_id, source_line, extracted_at))) from breaches
        )
        on columns(*) into name column_name value filled
    )
    union all
    select
        'needs_assessments' as table_name,
        column_name,
        filled,
        (select count(*) from needs_assessments) as row_count
    from (
        unpivot (select count(columns(* exclude (load_id, source_line))) from needs_assessments)
        on columns(*) into name column_name value filled
    )
    union all
    select
        'referrals' as table_name,
        column_name,
        filled,
        (select count(*) from referrals) as row_count
    from (
        unpivot (select count(columns(* exclude (load_id, source_line))) from referrals)
        on columns(*) into name column_name value filled
    )
    union all
    select
        'online_methods' as table_name,
        column_name,
        filled,
        (select count(*) from online_methods) as row_count
    from (
        unpivot (select count(columns(* exclude (load_id, source_line))) from online_methods)
        on columns(*) into name column_name value filled
    )
)

select
    table_name,
    column_name,
    row_count,
    filled,
    case when row_count > 0 then filled / row_count end as share
from counts;
