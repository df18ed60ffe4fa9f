-- api_supplied_tables: the contract tables some load has supplied (a table never supplied
-- means "no data", never 0).
-- grain: table_name
select distinct table_name
from load_tables;
