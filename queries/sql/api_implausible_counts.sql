-- api_implausible_counts: crimes per implausible-timeline check, most first.
-- params: $protect (fn_protect: each check's count is a cell)
-- grain: check_name
select
    check_name,
    fn_protect(count(distinct crime_ref), hash(fn_disclosure_key(), check_name), $protect)
        as crimes
from dq_implausible_timelines
group by check_name
order by crimes desc, check_name asc;
