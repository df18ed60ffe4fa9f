-- api_columns: the columns of a table or view of the database, in order (a breakdown's
-- dimensions are its columns but month, area_code and the units).
-- params: $name
-- grain: column_name
select column_name
from information_schema.columns
where table_name = $name
order by ordinal_position;
