-- fn_rate: the one ratio rule: a measure's value from its summed numerator and denominator.
-- A ratio (denominator not NULL) is a percentage, NULL when the denominator is 0 or NULL
-- (no case: no value, never 0 %); a count (denominator NULL) is the numerator itself.
-- Every percentage a page, tile, league, chart or export shows is born here.
create or replace macro fn_rate(numerator_, denominator_) as (
    case
        when denominator_ is null then cast(numerator_ as double)
        else 100.0 * numerator_ / nullif(denominator_, 0)
    end
);
