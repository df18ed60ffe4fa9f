-- fn_working_days: the working days after the date of from_at up to and including the date of
-- to_at (spec measures.md, Terms, v2): Monday to Friday and not an England and Wales bank
-- holiday in reference data (table bank_holidays). 0 when to_at's date is on or before
-- from_at's. Arithmetic, not a lookup per row, so it stays fast over a million crimes: the
-- weekdays of the span from a Monday epoch (1970-01-05), less the bank holidays (a list read
-- once per query) that fall on a weekday in the span. A date outside the bank holidays' years
-- counts every weekday as a working day. Pass columns or constants: an argument holding a
-- subquery (fn_as_at()) is refused by DuckDB inside the lambda; cross join it in first.
create or replace macro fn_working_days(from_at, to_at) as (
    case
        when cast(to_at as date) <= cast(from_at as date) then 0
        else
            (
                5 * ((cast(to_at as date) - date '1970-01-05' + 1) // 7)
                + least((cast(to_at as date) - date '1970-01-05' + 1) % 7, 5)
            )
            - (
                5 * ((cast(from_at as date) - date '1970-01-05' + 1) // 7)
                + least((cast(from_at as date) - date '1970-01-05' + 1) % 7, 5)
            )
            - len(list_filter(
                (
                    select list(h.holiday_on) from bank_holidays as h
                    where isodow(h.holiday_on) < 6
                ),
                lambda d: d > cast(from_at as date) and d <= cast(to_at as date)  -- noqa: RF02
            ))
    end
);
