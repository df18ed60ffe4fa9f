-- brk_day_hour: stalking cases by day of week (1 = Monday) and hour of report (recommendation
-- 11). Unit: cases. Caveat: a report dated without a time counts at midnight (hour 0).
-- grain: month, area_code, day_of_week, hour
create or replace view brk_day_hour as
select
    month,
    area_code,
    isodow(reported_at) as day_of_week,
    hour(reported_at) as hour,
    count(*) as cases
from int_cases
group by all;
