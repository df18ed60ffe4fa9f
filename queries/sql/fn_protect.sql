-- fn_protect: a count as an aggregate-only role sees it (protect_ true): randomly rounded to a
-- multiple of the base (the setting disclosure_rounding_base), up with a probability equal to
-- the remainder over the base (unbiased), the draw fixed by cell_, a keyed hash of the cell's
-- identity (hash(fn_disclosure_key(), month, area_code, ...)), so the same cell rounds the
-- same way in every query. Every figure such a role sees is a sum of cells rounded here
-- (docs/access.md: disclosure control). Other roles (protect_ false) see the count itself.
-- The base and the key are session variables queries.store.Store sets on every cursor from
-- settings and meta (constants to the planner: issue 15). Rounding without them is an error,
-- never an unrounded or empty count.
create or replace macro fn_protect(n_, cell_, protect_) as (
    case
        when not coalesce(protect_, false) or n_ is null then n_
        when getvariable('disclosure_base') is null or fn_disclosure_key() is null
            then error('disclosure rounding needs the variables queries.store.Store sets')
        else
            n_ - n_ % getvariable('disclosure_base')
            + case
                when cell_ % getvariable('disclosure_base') < n_ % getvariable('disclosure_base')
                    then getvariable('disclosure_base')
                else 0
            end
    end
);
