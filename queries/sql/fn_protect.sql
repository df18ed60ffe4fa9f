-- fn_protect: a count as an aggregate-only role sees it (protect_ true): randomly rounded to a
-- multiple of the base (the setting disclosure_rounding_base), up with a probability equal to
-- the remainder over the base (unbiased), the draw fixed by cell_, a keyed hash of the cell's
-- identity (hash(fn_disclosure_key(), month, area_code, ...)), so the same cell rounds the
-- same way in every query. Every figure such a role sees is a sum of cells rounded here
-- (docs/access.md: disclosure control). Other roles (protect_ false) see the count itself.
create or replace macro fn_protect(n_, cell_, protect_) as (
    case
        when not coalesce(protect_, false) or n_ is null then n_
        else
            n_ - n_ % cast(fn_setting('disclosure_rounding_base') as bigint)
            + case
                when
                    cell_ % cast(fn_setting('disclosure_rounding_base') as bigint)
                    < n_ % cast(fn_setting('disclosure_rounding_base') as bigint)
                    then cast(fn_setting('disclosure_rounding_base') as bigint)
                else 0
            end
    end
);
