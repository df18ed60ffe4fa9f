-- fn_in_period: the period filter of every query: true when month (a first-of-month date) is
-- within the inclusive months start_ to end_ (bound parameters $start and $end).
create or replace macro fn_in_period(month_, start_, end_) as (
    month_ between start_ and end_
);
