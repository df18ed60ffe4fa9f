-- fn_cite: a reason's text with the other cases it cites (fn_refs) written in where it holds
-- {refs}; a reason citing nothing (no linked cases) is returned as it is, at no cost.
create or replace macro fn_cite(text_, linked_, areas_) as (
    case
        when linked_ is null or len(linked_) = 0 then text_
        else replace(text_, '{refs}', coalesce(fn_refs(linked_, areas_), ''))
    end
);
