-- fn_cite: a reason's text with the other cases it cites (fn_refs) written in where it holds
-- {refs}; a reason citing nothing is returned as it is.
create or replace macro fn_cite(text_, linked_, areas_) as (
    replace(text_, '{refs}', coalesce(fn_refs(linked_, areas_), ''))
);
