-- audit_unique_keys: keys that repeat in the derived tables (should be none).
create or replace view audit_unique_keys as
select 'int_cases' as table_name, crime_ref as key_value, count(*) as copies
from int_cases group by crime_ref having count(*) > 1
union all
select 'int_case_victims', crime_ref || ' / ' || victim_id, count(*)
from int_case_victims group by crime_ref, victim_id having count(*) > 1
union all
select 'screening_candidates', crime_ref, count(*)
from screening_candidates group by crime_ref having count(*) > 1
union all
select 'dmm_flags', crime_ref || ' / ' || flag, count(*)
from dmm_flags group by crime_ref, flag having count(*) > 1;
