-- fn_protect_cell: fn_protect for a count of one month and area (measure_summary's cells and
-- every month-by-area breakdown), keyed by the month and the area alone, so one month and
-- area's count rounds the same way in every measure that counts it.
create or replace macro fn_protect_cell(n_, month_, area_code_, protect_) as (
    fn_protect(n_, hash(fn_disclosure_key(), month_, area_code_), protect_)
);
