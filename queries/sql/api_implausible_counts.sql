-- api_implausible_counts: crimes per implausible-timeline check, most first.
-- grain: check_name
select
    check_name,
    count(distinct crime_ref) as crimes
from dq_implausible_timelines
group by check_name
order by crimes desc, check_name asc;
