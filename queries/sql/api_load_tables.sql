-- api_load_tables: per load and table: file, rows read / loaded / rejected / skipped, columns
-- absent, ignored and dropped as personal data.
-- params: $load_id (NULL: every load)
-- grain: load_id, table_name
select
    load_id,
    table_name,
    file,
    file_format,
    encoding,
    rows_read,
    rows_loaded,
    rows_rejected,
    rows_skipped,
    array_to_string(columns_absent, ', ') as columns_absent,
    array_to_string(columns_ignored, ', ') as columns_ignored,
    array_to_string(personal_columns_dropped, ', ') as personal_columns_dropped
from load_tables
where $load_id::integer is null or load_id = $load_id
order by load_id desc, table_name asc;
