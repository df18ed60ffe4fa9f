-- fn_label: the words for a code of a vocabulary (pipelines/reference/labels.csv: one place for
-- every label a page, export or pack shows), the code itself when labels.csv has none (a code
-- the loader has not seen cannot be labelled, and hiding it would hide a fault).
create or replace macro fn_label(vocabulary_name, code_value) as coalesce(
    (
        select l.label from labels as l
        -- the macro's parameters, not columns:
        where l.vocabulary = vocabulary_name and l.code = code_value  -- noqa: RF03
    ),
    code_value
);
