-- fn_refs: the other cases a case is linked to, as text a person may read: the crime
-- references within the areas being read ($areas: NULL reads every area), and the rest as
-- "a case in another area" or "N cases in other areas", so no reference of an area a person
-- may not read appears in any text. linked_ is a list of {crime_ref, area_code}; NULL or an
-- empty list gives NULL.
create or replace macro fn_refs(linked_, areas_) as (
    nullif(
        concat_ws(
            ', ',
            nullif(
                array_to_string(
                    list_sort(
                        list_transform(
                            list_filter(linked_, lambda l: fn_in_areas(l.area_code, areas_)),
                            lambda l: l.crime_ref
                        )
                    ),
                    ', '
                ),
                ''
            ),
            case len(list_filter(linked_, lambda l: not fn_in_areas(l.area_code, areas_)))
                when 0 then null
                when 1 then 'a case in another area'
                else
                    len(list_filter(linked_, lambda l: not fn_in_areas(l.area_code, areas_)))
                    || ' cases in other areas'
            end
        ),
        ''
    )
);
