-- fn_within_working_days: whether event_at is within the working-day window named by a setting
-- (unit 'working days', e.g. referral_window_days) of reported_at (spec measures.md, Terms,
-- v2): an event on or before the report's date is within; otherwise within when the working
-- days after the report's date up to and including the event's date (fn_working_days) are at
-- most the setting. NULL when event_at is NULL (no event: the caller decides).
create or replace macro fn_within_working_days(reported_at, event_at, setting_name) as (
    fn_working_days(reported_at, event_at) <= fn_setting(setting_name)
);
