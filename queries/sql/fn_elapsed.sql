-- fn_elapsed: a span read aloud: "30 hours" under two days, "12 days" from two days on.
create or replace macro fn_elapsed(from_at, to_at) as (
    case
        when epoch(to_at - from_at) < 2 * 86400
            then cast(floor(epoch(to_at - from_at) / 3600) as bigint) || ' hours'
        else cast(floor(epoch(to_at - from_at) / 86400) as bigint) || ' days'
    end
);
