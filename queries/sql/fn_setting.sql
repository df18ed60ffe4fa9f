-- fn_setting: a number from the settings reference table (pipelines/reference/settings.csv).
-- Every window, target and threshold is read through this macro, never a literal.
create or replace macro fn_setting(setting_name) as (
    select s.value from settings as s
    -- the macro's parameter, not a column:
    where s.name = setting_name  -- noqa: RF03
);
