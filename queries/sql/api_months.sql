-- api_months: the months (first day) in which some stalking case was reported.
-- grain: month
select distinct month
from int_cases
order by month;
