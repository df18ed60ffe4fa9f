-- audit_measure_bounds: rows of measure_summary that break an invariant (should be none): a
-- negative count, a numerator above its denominator, an empty denominator, a measure id
-- missing its month or area.
-- grain: measure_id, month, area_code
create or replace view audit_measure_bounds as
select *
from measure_summary
where
    numerator < 0
    or denominator = 0
    or numerator > denominator
    or month is null
    or measure_id is null;
