-- fn_window: a time window from settings as an INTERVAL (unit 'days' or 'hours').
-- "Within N of the report" is event_at <= reported_at + fn_window(...): an event dated
-- before the report counts as at the report (spec: max(event - report, 0) <= N).
-- A window in 'working days' (v2: referral_window_days) is not a span of time: test it with
-- fn_within_working_days / fn_working_days. Read here, it is that many calendar days (an
-- approximation kept only for page code that still asks for it as an interval).
create or replace macro fn_window(setting_name) as (
    select
        to_seconds(
            s.value * case s.unit
                when 'days' then 86400
                when 'working days' then 86400
                when 'hours' then 3600
            end
        )
    from settings as s
    -- the macro's parameter, not a column:
    where s.name = setting_name  -- noqa: RF03
);
